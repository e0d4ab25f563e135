package emitter

import (
	"fmt"

	"github.com/awslabs/goformation/v7/cloudformation"

	"github.com/efsfargate/efsfargate/internal/plan"
)

// IAM and resource policy documents. goformation types policy documents as
// interface{}; these structs give them a fixed shape. Intrinsics inside them
// are always the encoded strings of goformation's helpers: template.JSON()
// would evaluate a raw {"Fn::Sub": …} map into fake values.

const policyVersion = "2012-10-17"

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
			Principal: map[string]string{"Service": plan.TaskPrincipal},
			Action:    "sts:AssumeRole",
		}},
	}
}

// document renders the plan's statements; svc is the service whose own
// resources (its log group) the statements may name, nil for none.
func (b *builder) document(statements []plan.Statement, svc *plan.Service) (policyDocument, error) {
	doc := policyDocument{Version: policyVersion}
	for _, st := range statements {
		out := policyStatement{Sid: st.Sid, Effect: st.Effect, Action: st.Actions}
		if st.AnyPrincipal {
			out.Principal = map[string]string{"AWS": "*"}
		}
		resources, err := b.refs(st.Resources, svc)
		if err != nil {
			return doc, err
		}
		if len(resources) > 0 {
			out.Resource = oneOrList(resources)
		}
		if len(st.Conditions) > 0 {
			cond := map[string]map[string]interface{}{}
			for _, c := range st.Conditions {
				values, err := b.refs(c.Values, svc)
				if err != nil {
					return doc, err
				}
				if cond[c.Operator] == nil {
					cond[c.Operator] = map[string]interface{}{}
				}
				cond[c.Operator][c.Key] = oneOrList(values)
			}
			out.Condition = cond
		}
		doc.Statement = append(doc.Statement, out)
	}
	return doc, nil
}

func oneOrList(values []string) interface{} {
	if len(values) == 1 {
		return values[0]
	}
	return values
}

func (b *builder) refs(refs []plan.Ref, svc *plan.Service) ([]string, error) {
	out := make([]string, 0, len(refs))
	for _, r := range refs {
		v, err := b.ref(r, svc)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

func (b *builder) ref(r plan.Ref, svc *plan.Service) (string, error) {
	switch r.Kind {
	case plan.RefLiteral:
		return r.Name, nil
	case plan.RefAny:
		return "*", nil
	case plan.RefPattern:
		return cloudformation.Sub(r.Name), nil
	case plan.RefFileSystemARN:
		return b.fileSystemARN()
	case plan.RefAccessPointARN:
		ap, err := b.accessPoint(r.Name)
		if err != nil {
			return "", err
		}
		return accessPointARN(ap), nil
	case plan.RefLogGroupARN:
		if svc == nil {
			return "", fmt.Errorf("a log group ARN outside a service")
		}
		return cloudformation.GetAtt(svc.IDs.LogGroup(), "Arn"), nil
	}
	return "", fmt.Errorf("unknown reference kind %d", r.Kind)
}
