// Package emitter writes a spec.Project as a raw CloudFormation template with
// goformation types. It follows the resource contract shared with the CDK
// stack: the same logical IDs, properties, outputs and export names.
package emitter

import (
	"errors"
	"fmt"

	"github.com/awslabs/goformation/v7/cloudformation"

	"github.com/efsfargate/efsfargate/internal/spec"
)

// builder carries the template being built and the names already taken, so a
// collision (two volumes with the same logical name, say) is an error rather
// than one resource silently replacing another.
type builder struct {
	p *spec.Project
	t *cloudformation.Template
	// mountTargets are the logical IDs of the managed file system's mount
	// targets, in order; services depend on them.
	mountTargets []string
}

// Template builds the CloudFormation template for p, refusing one past
// CloudFormation's per-stack quotas.
func Template(p *spec.Project) (*cloudformation.Template, error) {
	t, err := build(p)
	if err != nil {
		return nil, err
	}
	if err := checkQuotas(p, t); err != nil {
		return nil, err
	}
	return t, nil
}

// build makes the template without the quota check (benchmarks measure
// projects past the quotas).
func build(p *spec.Project) (*cloudformation.Template, error) {
	if p == nil {
		return nil, errors.New("emitter: no project")
	}
	if len(p.Services) == 0 {
		return nil, errors.New("emitter: project has no services")
	}
	b := &builder{p: p, t: cloudformation.NewTemplate()}
	b.t.Description = p.Description()
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

// addOutput exports every output as <app>-<stage>-<name>.
func (b *builder) addOutput(name, description string, value string) error {
	if !validLogicalID(name) {
		return fmt.Errorf("output name %q is not alphanumeric", name)
	}
	if _, dup := b.t.Outputs[name]; dup {
		return fmt.Errorf("two outputs would share the name %s", name)
	}
	b.t.Outputs[name] = cloudformation.Output{
		Value:       value,
		Description: cloudformation.String(description),
		Export:      &cloudformation.Export{Name: b.exportName(name)},
	}
	return nil
}

func (b *builder) exportName(output string) string {
	return b.p.Name() + "-" + output
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
