package emitter

import (
	"fmt"
	"strings"
	"testing"

	"github.com/efsfargate/efsfargate/internal/plan"
	"github.com/efsfargate/efsfargate/internal/spec"
)

// A spec past CloudFormation's per-stack quotas is refused with the numbers
// and what to do, not written as a template that cannot deploy.
func TestQuotasRefused(t *testing.T) {
	for _, c := range []struct {
		services int
		want     string
	}{
		{72, "the stack would have 513 resources and CloudFormation allows 500 per stack (set layout: split to deploy a base stack and one stack per service; at most about 70 services like these fit one stack)"},
		{70, ""},
	} {
		p, err := spec.Parse("big.yml", specYAML(c.services))
		if err != nil {
			t.Fatal(err)
		}
		_, err = Render(p, "yaml")
		if c.want == "" {
			if err != nil {
				t.Errorf("%d services: %v", c.services, err)
			}
			continue
		}
		if err == nil || err.Error() != c.want {
			t.Errorf("%d services: got %v\nwant %s", c.services, err, c.want)
		}
	}
}

func TestOutputQuota(t *testing.T) {
	p, err := spec.Parse("big.yml", specYAML(70))
	if err != nil {
		t.Fatal(err)
	}
	s, err := plan.Build(p)
	if err != nil {
		t.Fatal(err)
	}
	tmpl, err := buildStack(s)
	if err != nil {
		t.Fatal(err)
	}
	for i := len(tmpl.Outputs); i <= maxOutputs; i++ {
		tmpl.Outputs[fmt.Sprintf("Extra%d", i)] = tmpl.Outputs["FileSystemId"]
	}
	if err := checkQuotas(p, s, tmpl); err == nil || !strings.Contains(err.Error(), "outputs and CloudFormation allows 200 per stack") {
		t.Errorf("got %v", err)
	}
	if err := checkSize(p, s, make([]byte, maxTemplateBytes+1)); err == nil || !strings.Contains(err.Error(), "accepts at most 1000000") {
		t.Errorf("got %v", err)
	}
}
