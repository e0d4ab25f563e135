package plan

import (
	"sort"
	"strings"
)

// EFS client actions. They are granted by the task role, denied without
// TLS by the file-system policy, and read by the doctor.
const (
	ActionClientMount      = "elasticfilesystem:ClientMount"
	ActionClientRootAccess = "elasticfilesystem:ClientRootAccess"
	ActionClientWrite      = "elasticfilesystem:ClientWrite"
)

// Condition keys the plan uses.
const (
	// ConditionAccessPointArn limits an EFS grant to mounts through one
	// access point.
	ConditionAccessPointArn = "elasticfilesystem:AccessPointArn"
	// ConditionSecureTransport is false for a client that mounts without TLS.
	ConditionSecureTransport = "aws:SecureTransport"
)

// TaskPrincipal assumes both task roles.
const TaskPrincipal = "ecs-tasks.amazonaws.com"

// Statement is one IAM policy statement with its resources and condition
// values left as references each form renders in its own way.
type Statement struct {
	Sid    string
	Effect string // "Allow" or "Deny"
	// AnyPrincipal is the resource policy's Principal {"AWS": "*"}.
	AnyPrincipal bool
	Actions      []string // sorted
	Resources    []Ref
	Conditions   []Condition
}

// Condition is one "Operator: {Key: Values}" entry. A single value is
// written as a scalar, several as a list.
type Condition struct {
	Operator string
	Key      string
	Values   []Ref
}

// Mount is what a task-role grant needs to know of one mount: the volume
// (its access point) and how it is mounted.
type Mount struct {
	Volume     string
	ReadOnly   bool
	RootAccess bool
}

// TaskRoleStatements grants each access point exactly what its mounts need:
// ClientMount always, ClientWrite when any mount of it is writable,
// ClientRootAccess when asked. Access points that need the same actions share
// a statement, each on the file system and limited by condition to its
// access points, in the order the volumes are first mounted.
func TaskRoleStatements(mounts []Mount) []Statement {
	type grant struct{ write, root bool }
	grants := map[string]*grant{}
	var order []string
	for _, m := range mounts {
		g, ok := grants[m.Volume]
		if !ok {
			g = &grant{}
			grants[m.Volume] = g
			order = append(order, m.Volume)
		}
		g.write = g.write || !m.ReadOnly
		g.root = g.root || m.RootAccess
	}
	var out []Statement
	bySet := map[string]int{} // action set → index in out
	for _, volume := range order {
		g := grants[volume]
		actions := []string{ActionClientMount}
		if g.write {
			actions = append(actions, ActionClientWrite)
		}
		if g.root {
			actions = append(actions, ActionClientRootAccess)
		}
		sort.Strings(actions)
		key := strings.Join(actions, " ")
		i, seen := bySet[key]
		if !seen {
			i = len(out)
			bySet[key] = i
			out = append(out, Statement{
				Effect:     "Allow",
				Actions:    actions,
				Resources:  []Ref{FileSystemARN()},
				Conditions: []Condition{{Operator: "StringEquals", Key: ConditionAccessPointArn}},
			})
		}
		c := &out[i].Conditions[0]
		c.Values = append(c.Values, AccessPointARN(volume))
	}
	return out
}

// FileSystemPolicy is the whole file-system policy: deny every client action
// without TLS, and no Allow. Clients reach the data only through their task
// role with IAM authorization, so no anonymous mount can write.
func FileSystemPolicy() []Statement {
	return []Statement{{
		Sid:          "DenyInsecureTransport",
		Effect:       "Deny",
		AnyPrincipal: true,
		Actions:      []string{ActionClientMount, ActionClientRootAccess, ActionClientWrite},
		Conditions:   []Condition{{Operator: "Bool", Key: ConditionSecureTransport, Values: []Ref{Literal("false")}}},
	}}
}

// LogStatements let ECS write the container's logs to its own log group.
func LogStatements() []Statement {
	return []Statement{{
		Effect:    "Allow",
		Actions:   []string{"logs:CreateLogStream", "logs:PutLogEvents"},
		Resources: []Ref{LogGroupARN()},
	}}
}

// ImagePullStatements let ECS pull from one private ECR repository.
// GetAuthorizationToken has no resource-level permissions, so its resource
// must be "*"; the pulls themselves are scoped to the repository.
func ImagePullStatements(repositoryARN string) []Statement {
	return []Statement{
		{Effect: "Allow", Actions: []string{"ecr:GetAuthorizationToken"}, Resources: []Ref{AnyResource()}},
		{
			Effect:    "Allow",
			Actions:   []string{"ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"},
			Resources: []Ref{Pattern(repositoryARN)},
		},
	}
}
