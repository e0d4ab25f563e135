package emitter

import (
	"fmt"

	"github.com/awslabs/goformation/v7/cloudformation"

	"github.com/efsfargate/efsfargate/internal/spec"
)

// CloudFormation's per-stack quotas. A template past them cannot be
// deployed, so the emitter refuses it rather than write it.
const (
	maxResources     = 500
	maxOutputs       = 200
	maxTemplateBytes = 1_000_000 // the largest template body, uploaded through S3
)

func checkQuotas(p *spec.Project, t *cloudformation.Template) error {
	n := len(p.Services)
	if r := len(t.Resources); r > maxResources {
		return fmt.Errorf("the stack would have %d resources and CloudFormation allows %d per stack (split the %d services over several spec files, at most about %d services like these in each)",
			r, maxResources, n, n*maxResources/r)
	}
	if o := len(t.Outputs); o > maxOutputs {
		return fmt.Errorf("the stack would have %d outputs and CloudFormation allows %d per stack (split the %d services over several spec files, at most about %d services like these in each)",
			o, maxOutputs, n, n*maxOutputs/o)
	}
	return nil
}

func checkSize(p *spec.Project, body []byte) error {
	if len(body) > maxTemplateBytes {
		n := len(p.Services)
		return fmt.Errorf("the template is %d bytes and CloudFormation accepts at most %d (split the %d services over several spec files, at most about %d services like these in each)",
			len(body), maxTemplateBytes, n, n*maxTemplateBytes/len(body))
	}
	return nil
}
