package emitter

import (
	"fmt"

	"github.com/awslabs/goformation/v7/cloudformation"

	"github.com/efsfargate/efsfargate/internal/plan"
	"github.com/efsfargate/efsfargate/internal/spec"
)

// CloudFormation's per-stack quotas. A template past them cannot be
// deployed, so the emitter refuses it rather than write it.
const (
	maxResources     = 500
	maxOutputs       = 200
	maxTemplateBytes = 1_000_000 // the largest template body, uploaded through S3
)

func checkQuotas(p *spec.Project, s *plan.Stack, t *cloudformation.Template) error {
	if r := len(t.Resources); r > maxResources {
		return quotaError(p, s, fmt.Sprintf("would have %d resources and CloudFormation allows %d per stack", r, maxResources), maxResources, r)
	}
	if o := len(t.Outputs); o > maxOutputs {
		return quotaError(p, s, fmt.Sprintf("would have %d outputs and CloudFormation allows %d per stack", o, maxOutputs), maxOutputs, o)
	}
	return nil
}

func checkSize(p *spec.Project, s *plan.Stack, body []byte) error {
	if len(body) > maxTemplateBytes {
		return quotaError(p, s, fmt.Sprintf("is %d bytes and CloudFormation accepts at most %d", len(body), maxTemplateBytes), maxTemplateBytes, len(body))
	}
	return nil
}

// quotaError says what to do: one stack past its quotas splits into a base
// stack and one per service; in the split layout only the base stack,
// which exports every volume's access point, can grow past them.
func quotaError(p *spec.Project, s *plan.Stack, what string, limit, got int) error {
	if !p.Split() {
		n := len(p.Services)
		return fmt.Errorf("the stack %s (set layout: split to deploy a base stack and one stack per service; at most about %d services like these fit one stack)",
			what, n*limit/got)
	}
	fix := "a single service cannot be split further: give it fewer volumes, secrets or environment variables"
	if s.Base {
		fix = "the base stack holds every volume's access point: use fewer volumes"
	}
	return fmt.Errorf("stack %s %s (%s)", s.Name, what, fix)
}
