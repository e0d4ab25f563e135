package efsfargate

import (
	"sort"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/jsii-runtime-go"
)

// EFS client actions.
const (
	ActionClientMount      = "elasticfilesystem:ClientMount"
	ActionClientRootAccess = "elasticfilesystem:ClientRootAccess"
	ActionClientWrite      = "elasticfilesystem:ClientWrite"
)

// clientAccess is what one access point's mounts need.
type clientAccess struct {
	arn   *string
	write bool
	root  bool
}

func (a clientAccess) actions() []string {
	out := []string{ActionClientMount}
	if a.root {
		out = append(out, ActionClientRootAccess)
	}
	if a.write {
		out = append(out, ActionClientWrite)
	}
	sort.Strings(out)
	return out
}

// taskRoleStatements grants each access point exactly what its mounts need:
// ClientMount always, ClientWrite when any mount is writable, ClientRootAccess
// when asked. Access points needing the same actions share a statement; each
// statement is scoped to the file system and, by condition, to its access
// points. Statements follow the order access points were first mounted.
func taskRoleStatements(fsArn *string, access []clientAccess) []awsiam.PolicyStatement {
	type group struct {
		actions []string
		arns    []*string
	}
	var groups []*group
	byKey := map[string]*group{}
	for _, a := range access {
		acts := a.actions()
		key := strings.Join(acts, ",")
		g := byKey[key]
		if g == nil {
			g = &group{actions: acts}
			byKey[key] = g
			groups = append(groups, g)
		}
		g.arns = append(g.arns, a.arn)
	}
	out := make([]awsiam.PolicyStatement, 0, len(groups))
	for _, g := range groups {
		var arn interface{} = g.arns[0]
		if len(g.arns) > 1 {
			arn = g.arns
		}
		out = append(out, awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
			Effect:    awsiam.Effect_ALLOW,
			Actions:   jsii.Strings(g.actions...),
			Resources: &[]*string{fsArn},
			Conditions: &map[string]interface{}{
				"StringEquals": map[string]interface{}{"elasticfilesystem:AccessPointArn": arn},
			},
		}))
	}
	return out
}
