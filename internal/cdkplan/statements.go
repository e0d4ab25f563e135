package cdkplan

import (
	"fmt"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/jsii-runtime-go"

	"github.com/efsfargate/efsfargate/internal/plan"
)

// Resolver renders a plan reference with the objects of the form that renders it.
type Resolver func(plan.Ref) *string

// BaseRef renders the references that need no object.
func BaseRef(r plan.Ref) *string {
	switch r.Kind {
	case plan.RefLiteral:
		return jsii.String(r.Name)
	case plan.RefAny:
		return jsii.String("*")
	case plan.RefPattern:
		return awscdk.Fn_Sub(jsii.String(r.Name), nil)
	}
	panic(fmt.Errorf("efsfargate: no value for reference kind %d here", r.Kind))
}

// Statements renders the plan's statements as CDK statements.
func Statements(statements []plan.Statement, resolve Resolver) []awsiam.PolicyStatement {
	out := make([]awsiam.PolicyStatement, 0, len(statements))
	for _, st := range statements {
		props := &awsiam.PolicyStatementProps{
			Actions: jsii.Strings(st.Actions...),
			Effect:  awsiam.Effect_ALLOW,
		}
		if st.Effect == "Deny" {
			props.Effect = awsiam.Effect_DENY
		}
		if st.Sid != "" {
			props.Sid = jsii.String(st.Sid)
		}
		if st.AnyPrincipal {
			props.Principals = &[]awsiam.IPrincipal{awsiam.NewAnyPrincipal()}
		}
		if len(st.Resources) > 0 {
			resources := make([]*string, len(st.Resources))
			for i, r := range st.Resources {
				resources[i] = resolve(r)
			}
			props.Resources = &resources
		}
		if len(st.Conditions) > 0 {
			cond := map[string]interface{}{}
			for _, c := range st.Conditions {
				values := make([]*string, len(c.Values))
				for i, v := range c.Values {
					values[i] = resolve(v)
				}
				var value interface{} = values
				if len(values) == 1 {
					value = values[0]
				}
				op, _ := cond[c.Operator].(map[string]interface{})
				if op == nil {
					op = map[string]interface{}{}
					cond[c.Operator] = op
				}
				op[c.Key] = value
			}
			props.Conditions = &cond
		}
		out = append(out, awsiam.NewPolicyStatement(props))
	}
	return out
}
