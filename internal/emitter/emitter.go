// Package emitter renders the plan of a spec.Project (internal/plan) as a
// raw CloudFormation template with goformation types. Every decision is the
// plan's; this package only says how CloudFormation writes it.
package emitter

import (
	"fmt"

	"github.com/awslabs/goformation/v7/cloudformation"

	"github.com/efsfargate/efsfargate/internal/names"
	"github.com/efsfargate/efsfargate/internal/plan"
	"github.com/efsfargate/efsfargate/internal/spec"
)

// builder carries the template being built and the names already taken, so a
// collision (two volumes with the same logical name, say) is an error rather
// than one resource silently replacing another.
type builder struct {
	s *plan.Stack
	t *cloudformation.Template
	// ids of the services by name, made on first use.
	ids map[string]names.Service
}

// Template builds the CloudFormation template for p, refusing one past
// CloudFormation's per-stack quotas. A split project has several: use
// Templates.
func Template(p *spec.Project) (*cloudformation.Template, error) {
	if p.Split() {
		return nil, errSplit
	}
	s, err := plan.Build(p)
	if err != nil {
		return nil, err
	}
	t, err := buildStack(s)
	if err != nil {
		return nil, err
	}
	if err := checkQuotas(p, s, t); err != nil {
		return nil, err
	}
	return t, nil
}

// build makes the single stack's template without the quota check
// (benchmarks measure projects past the quotas).
func build(p *spec.Project) (*cloudformation.Template, error) {
	s, err := plan.Build(p)
	if err != nil {
		return nil, err
	}
	return buildStack(s)
}

// buildStack renders one stack of the plan.
func buildStack(s *plan.Stack) (*cloudformation.Template, error) {
	b := &builder{s: s, t: cloudformation.NewTemplate()}
	b.t.Description = s.Description
	steps := []func() error{
		b.parameters,
		b.fileSystem,
		b.accessPoints,
		b.services,
		b.outputs,
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return nil, fmt.Errorf("emitter: %w", err)
		}
	}
	return b.t, nil
}

// addResource refuses a logical ID that is already taken.
func (b *builder) addResource(id string, r cloudformation.Resource) error {
	if !validLogicalID(id) {
		return fmt.Errorf("logical ID %q is not alphanumeric", id)
	}
	if _, dup := b.t.Resources[id]; dup {
		return fmt.Errorf("two resources would share the logical ID %s (rename a service or volume, or set id_prefix)", id)
	}
	b.t.Resources[id] = r
	return nil
}

func validLogicalID(id string) bool {
	if id == "" || len(id) > 255 {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}
