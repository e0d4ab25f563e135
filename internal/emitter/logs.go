package emitter

import (
	"fmt"

	"github.com/awslabs/goformation/v7/cloudformation"
	"github.com/awslabs/goformation/v7/cloudformation/logs"
	"github.com/awslabs/goformation/v7/cloudformation/policies"

	"github.com/efsfargate/efsfargate/internal/spec"
)

// logGroup adds <P>LogGroup. Logs outlive the stack (Retain) so a failed
// deployment can still be diagnosed after a rollback or delete.
func (b *builder) logGroup(_ *spec.Service, id ids) error {
	if b.p.LogRetentionDays <= 0 {
		return fmt.Errorf("log retention of %d days is not a CloudWatch Logs retention value", b.p.LogRetentionDays)
	}
	return b.addResource(id.logGroup(), &logs.LogGroup{
		RetentionInDays:                      cloudformation.Int(b.p.LogRetentionDays),
		AWSCloudFormationDeletionPolicy:      policies.DeletionPolicy("Retain"),
		AWSCloudFormationUpdateReplacePolicy: policies.UpdateReplacePolicy("Retain"),
	})
}
