package emitter

import (
	"sort"
	"strings"

	"github.com/awslabs/goformation/v7/cloudformation"
	"github.com/awslabs/goformation/v7/cloudformation/iam"

	"github.com/efsfargate/efsfargate/internal/spec"
)

// taskRole adds <P>TaskRole, the identity the containers mount EFS with
// (IAM authorization is on for every volume). It grants per access point
// only what the service's mounts need.
func (b *builder) taskRole(s *spec.Service, id ids) error {
	role := &iam.Role{AssumeRolePolicyDocument: assumedByECSTasks()}
	statements, err := b.efsStatements(s)
	if err != nil {
		return err
	}
	if len(statements) > 0 {
		role.Policies = []iam.Role_Policy{{
			PolicyName:     "efs-access",
			PolicyDocument: policyDocument{Version: policyVersion, Statement: statements},
		}}
	}
	return b.addResource(id.taskRole(), role)
}

// efsStatements groups the service's volumes by the actions they need, one
// statement per action set, each limited to its access points.
func (b *builder) efsStatements(s *spec.Service) ([]policyStatement, error) {
	type grant struct{ write, root bool }
	grants := map[string]*grant{}
	var order []string // volumes in mount order
	for _, m := range s.Mounts {
		g, ok := grants[m.Volume]
		if !ok {
			g = &grant{}
			grants[m.Volume] = g
			order = append(order, m.Volume)
		}
		g.write = g.write || !m.ReadOnly
		g.root = g.root || m.RootAccess
	}
	if len(order) == 0 {
		return nil, nil
	}
	fsARN, err := b.fileSystemARN()
	if err != nil {
		return nil, err
	}
	var sets []string // action sets in first-use order
	arns := map[string][]string{}
	actions := map[string][]string{}
	for _, name := range order {
		g := grants[name]
		acts := []string{actionClientMount}
		if g.write {
			acts = append(acts, actionClientWrite)
		}
		if g.root {
			acts = append(acts, actionClientRootAccess)
		}
		sort.Strings(acts)
		key := strings.Join(acts, " ")
		if _, seen := arns[key]; !seen {
			sets = append(sets, key)
			actions[key] = acts
		}
		arns[key] = append(arns[key], accessPointARN(b.p.Volume(name)))
	}
	out := make([]policyStatement, 0, len(sets))
	for _, key := range sets {
		var ap interface{} = arns[key]
		if len(arns[key]) == 1 {
			ap = arns[key][0]
		}
		out = append(out, policyStatement{
			Effect:   "Allow",
			Action:   actions[key],
			Resource: fsARN,
			Condition: map[string]map[string]interface{}{
				"StringEquals": {"elasticfilesystem:AccessPointArn": ap},
			},
		})
	}
	return out, nil
}

// executionRole adds <P>ExecutionRole: ECS uses it to write the container's
// logs and, for a private ECR image, to pull it; nothing else (no
// AWS-managed policy with its account-wide ECR and logs wildcards).
func (b *builder) executionRole(s *spec.Service, id ids) error {
	policies := []iam.Role_Policy{{
		PolicyName: "write-logs",
		PolicyDocument: policyDocument{
			Version: policyVersion,
			Statement: []policyStatement{{
				Effect:   "Allow",
				Action:   []string{"logs:CreateLogStream", "logs:PutLogEvents"},
				Resource: cloudformation.GetAtt(id.logGroup(), "Arn"),
			}},
		},
	}}
	if repo := s.ImageRepository; repo != nil {
		policies = append(policies, iam.Role_Policy{
			PolicyName:     "pull-image",
			PolicyDocument: policyDocument{Version: policyVersion, Statement: pullImageStatements(repo)},
		})
	}
	return b.addResource(id.executionRole(), &iam.Role{
		AssumeRolePolicyDocument: assumedByECSTasks(),
		Policies:                 policies,
	})
}

// pullImageStatements let ECS pull from one private ECR repository.
// GetAuthorizationToken has no resource-level permissions, so its resource
// must be "*"; the pulls themselves are scoped to the repository.
func pullImageStatements(repo *spec.ECRRepository) []policyStatement {
	return []policyStatement{
		{Effect: "Allow", Action: []string{"ecr:GetAuthorizationToken"}, Resource: "*"},
		{
			Effect:   "Allow",
			Action:   []string{"ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"},
			Resource: cloudformation.Sub(repo.ArnSub()),
		},
	}
}
