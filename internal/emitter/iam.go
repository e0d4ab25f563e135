package emitter

import (
	"github.com/awslabs/goformation/v7/cloudformation/iam"

	"github.com/efsfargate/efsfargate/internal/plan"
)

// taskRole adds <P>TaskRole, the identity the containers mount EFS with,
// holding the plan's statements.
func (b *builder) taskRole(s *plan.Service) error {
	role := &iam.Role{AssumeRolePolicyDocument: assumedByECSTasks()}
	if len(s.TaskRole) > 0 {
		doc, err := b.document(s.TaskRole, s)
		if err != nil {
			return err
		}
		role.Policies = []iam.Role_Policy{{PolicyName: "efs-access", PolicyDocument: doc}}
	}
	return b.addResource(s.IDs.TaskRole(), role)
}

// executionRole adds <P>ExecutionRole with the plan's policies and no
// AWS-managed policy (with its account-wide ECR and logs wildcards).
func (b *builder) executionRole(s *plan.Service) error {
	var policies []iam.Role_Policy
	for _, p := range s.ExecutionRole {
		doc, err := b.document(p.Statements, s)
		if err != nil {
			return err
		}
		policies = append(policies, iam.Role_Policy{PolicyName: p.Name, PolicyDocument: doc})
	}
	return b.addResource(s.IDs.ExecutionRole(), &iam.Role{
		AssumeRolePolicyDocument: assumedByECSTasks(),
		Policies:                 policies,
	})
}
