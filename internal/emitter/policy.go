package emitter

// IAM and resource policy documents. goformation types policy documents as
// interface{}; these structs give them a fixed shape. Intrinsics inside them
// are always the encoded strings of goformation's helpers: template.JSON()
// would evaluate a raw {"Fn::Sub": …} map into fake values.

const policyVersion = "2012-10-17"

// EFS client actions, in the sorted order policies list them.
const (
	actionClientMount      = "elasticfilesystem:ClientMount"
	actionClientRootAccess = "elasticfilesystem:ClientRootAccess"
	actionClientWrite      = "elasticfilesystem:ClientWrite"
)

type policyDocument struct {
	Version   string
	Statement []policyStatement
}

type policyStatement struct {
	Sid       string `json:",omitempty"`
	Effect    string
	Principal interface{} `json:",omitempty"`
	// Action is a string or a sorted []string.
	Action    interface{}
	Resource  interface{} `json:",omitempty"`
	Condition interface{} `json:",omitempty"`
}

// assumedByECSTasks is the trust policy of both task roles.
func assumedByECSTasks() policyDocument {
	return policyDocument{
		Version: policyVersion,
		Statement: []policyStatement{{
			Effect:    "Allow",
			Principal: map[string]string{"Service": "ecs-tasks.amazonaws.com"},
			Action:    "sts:AssumeRole",
		}},
	}
}
