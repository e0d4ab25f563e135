package emitter

import (
	"fmt"

	"github.com/awslabs/goformation/v7/cloudformation"
	"github.com/awslabs/goformation/v7/cloudformation/logs"
	"github.com/awslabs/goformation/v7/cloudformation/policies"

	"github.com/efsfargate/efsfargate/internal/plan"
)

// logGroup adds <P>LogGroup. Logs outlive the stack (Retain) so a failed
// deployment can still be diagnosed after a rollback or delete.
func (b *builder) logGroup(s *plan.Service) error {
	if s.LogRetentionDays <= 0 {
		return fmt.Errorf("log retention of %d days is not a CloudWatch Logs retention value", s.LogRetentionDays)
	}
	return b.addResource(s.IDs.LogGroup(), &logs.LogGroup{
		RetentionInDays:                      cloudformation.Int(s.LogRetentionDays),
		AWSCloudFormationDeletionPolicy:      policies.DeletionPolicy("Retain"),
		AWSCloudFormationUpdateReplacePolicy: policies.UpdateReplacePolicy("Retain"),
	})
}
