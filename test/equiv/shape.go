package equiv

import (
	"encoding/json"
	"fmt"
	"sort"
)

// shape evens out the spellings of one resource type that mean the same:
// IAM statements gathered and sorted, single values as one-element lists.
func (n *normalizer) shape(typ string, props map[string]any) map[string]any {
	switch typ {
	case "AWS::IAM::Role":
		var stmts []any
		if policies, ok := props["Policies"].([]any); ok {
			for _, p := range policies {
				doc := dig(p.(map[string]any), "PolicyDocument")
				if list, ok := doc["Statement"].([]any); ok {
					stmts = append(stmts, list...)
				}
			}
			delete(props, "Policies")
		}
		props["Statements"] = statements(stmts)
		if doc, ok := props["AssumeRolePolicyDocument"].(map[string]any); ok {
			list, _ := doc["Statement"].([]any)
			props["AssumeRolePolicyDocument"] = statements(list)
		}
	case "AWS::ECS::Service":
		// CDK writes these at their CloudFormation defaults.
		if props["EnableECSManagedTags"] == "false" {
			delete(props, "EnableECSManagedTags")
		}
		if lbs, ok := props["LoadBalancers"].([]any); ok && len(lbs) == 0 {
			delete(props, "LoadBalancers")
		}
	case "AWS::EFS::FileSystem":
		// Lifecycle policies are a set; CDK writes them in its own order.
		if lc, ok := props["LifecyclePolicies"].([]any); ok {
			props["LifecyclePolicies"] = sortedList(lc)
		}
		if doc, ok := props["FileSystemPolicy"].(map[string]any); ok {
			list, _ := doc["Statement"].([]any)
			props["FileSystemPolicy"] = map[string]any{"Version": doc["Version"], "Statement": statements(list)}
		}
	}
	return props
}

// statements normalizes IAM statements: Action, Resource and condition
// values as sorted lists, no Sid, and the statements in a stable order.
func statements(list []any) []any {
	out := make([]any, 0, len(list))
	for _, s := range list {
		m, _ := s.(map[string]any)
		c := map[string]any{}
		for k, v := range m {
			switch k {
			case "Sid":
				continue
			case "Action", "NotAction", "Resource", "NotResource":
				c[k] = sortedList(v)
			case "Condition":
				cond := map[string]any{}
				for op, kv := range v.(map[string]any) {
					inner := map[string]any{}
					for key, val := range kv.(map[string]any) {
						inner[key] = sortedList(val)
					}
					cond[op] = inner
				}
				c[k] = cond
			default:
				c[k] = v
			}
		}
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return canonicalJSON(out[i]) < canonicalJSON(out[j]) })
	return out
}

func sortedList(v any) []any {
	list, ok := v.([]any)
	if !ok {
		list = []any{v}
	}
	out := append([]any(nil), list...)
	sort.Slice(out, func(i, j int) bool { return canonicalJSON(out[i]) < canonicalJSON(out[j]) })
	return out
}

func canonicalJSON(v any) string {
	b, err := json.Marshal(v) // map keys are sorted by encoding/json
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

// policyOfNamedRole reports whether an AWS::IAM::Policy is attached to a
// role that has a canonical name (its statements then join the role's).
func (n *normalizer) policyOfNamedRole(r *resource) bool {
	roles, _ := r.props["Roles"].([]any)
	for _, role := range roles {
		if _, ok := n.names[refTarget(role)]; ok {
			return true
		}
	}
	return false
}

// mergePolicies adds every AWS::IAM::Policy's statements to the roles it is
// attached to, so inline and separate policies compare alike.
func (n *normalizer) mergePolicies(m *Model) {
	for _, id := range sortedKeys(n.res) {
		r := n.res[id]
		if r.typ != "AWS::IAM::Policy" || !n.policyOfNamedRole(r) {
			continue
		}
		doc := dig(n.value(r.props).(map[string]any), "PolicyDocument")
		list, _ := doc["Statement"].([]any)
		roles, _ := r.props["Roles"].([]any)
		for _, role := range roles {
			name, ok := n.names[refTarget(role)]
			if !ok {
				continue
			}
			props := m.Resources[name]
			existing, _ := props["Statements"].([]any)
			props["Statements"] = statements(append(existing, list...))
		}
	}
}

// extractInlineIngress moves a security group's inline ingress rules into
// Ingress entries of their own, named like AWS::EC2::SecurityGroupIngress
// resources, since CDK and the raw template may place a rule either way.
func extractInlineIngress(m *Model) {
	for name, props := range m.Resources {
		rules, ok := props["SecurityGroupIngress"].([]any)
		if !ok {
			continue
		}
		delete(props, "SecurityGroupIngress")
		for _, rule := range rules {
			r, _ := rule.(map[string]any)
			c := map[string]any{"GroupId": "${sg:" + name + "}"}
			for k, v := range r {
				c[k] = v
			}
			c[depsKey] = inlineRuleDeps(name, r)
			m.Resources[ingressName(c)] = c
		}
	}
}
