package emitter

import (
	"fmt"

	"github.com/awslabs/goformation/v7/cloudformation"
)

// parameters declares the plan's parameters: every parameter the stack
// refers to, and only those.
func (b *builder) parameters() error {
	for _, p := range b.s.Parameters {
		if !validLogicalID(p.Name) {
			return fmt.Errorf("parameter name %q is not alphanumeric", p.Name)
		}
		param := cloudformation.Parameter{Type: p.Type, Description: cloudformation.String(p.Description)}
		if p.Pattern != "" {
			param.AllowedPattern = cloudformation.String(p.Pattern)
		}
		b.t.Parameters[p.Name] = param
	}
	return nil
}
