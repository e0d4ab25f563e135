package equiv

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
)

// A task started before its mount targets exist fails to mount, so what a
// resource waits for is part of the stack's meaning. Each form says it its
// own way: the raw template lists mount targets and the task role in
// DependsOn, CDK adds the task role's separate policy and spells
// MountTargetsAvailable as DependsOn on every mount target, and both wait
// for whatever they Ref or Fn::GetAtt. dependencies gathers all of these
// under canonical names.

// depsKey holds a resource's dependencies in a Model: canonical name → how
// the resource waits for it, byDependsOn or byReference.
const depsKey = "@DependsOn"

const (
	byDependsOn = "DependsOn"
	byReference = "reference"
)

// policySuffix names a role's policies as something to wait for on their own:
// a separate AWS::IAM::Policy exists only once created, while inline
// policies exist with their role.
const policySuffix = " policy"

// dependencies lists what the resource id waits for, by canonical name,
// leaving out scaffolding only the CDK form makes.
func (n *normalizer) dependencies(id string, scaffold map[string]bool) map[string]any {
	r := n.res[id]
	targets := map[string]bool{}
	for k, v := range r.props {
		// Inline ingress rules become entries of their own, with their
		// dependencies (see extractInlineIngress).
		if r.typ == "AWS::EC2::SecurityGroup" && k == "SecurityGroupIngress" {
			continue
		}
		refsOf(v, n.res, targets)
	}
	// A role waits for what its policies name, inline or separate, as the
	// policies are compared as part of the role.
	if r.typ == "AWS::IAM::Role" {
		for _, pid := range sortedKeys(n.res) {
			if p := n.res[pid]; p.typ == "AWS::IAM::Policy" && attachedTo(p, id) {
				refsOf(p.props, n.res, targets)
				for _, t := range p.dependsOn {
					targets[t] = true
				}
			}
		}
	}
	out := map[string]any{}
	for t := range targets {
		n.addDep(out, t, false, scaffold)
	}
	for _, t := range r.dependsOn {
		n.addDep(out, t, true, scaffold)
	}
	if self, ok := n.names[id]; ok {
		delete(out, self)
	}
	return out
}

func (n *normalizer) addDep(out map[string]any, id string, explicit bool, scaffold map[string]bool) {
	how := byReference
	if explicit {
		how = byDependsOn
	}
	set := func(name string) {
		if out[name] != byDependsOn {
			out[name] = how
		}
	}
	r := n.res[id]
	if r == nil {
		set("${unknown:" + id + "}")
		return
	}
	if name, ok := n.names[id]; ok {
		set(name)
		// Waiting for a role waits for its inline policies too.
		if explicit && r.typ == "AWS::IAM::Role" {
			if list, _ := r.props["Policies"].([]any); len(list) > 0 {
				set(name + policySuffix)
			}
		}
		return
	}
	if r.typ == "AWS::IAM::Policy" && n.policyOfNamedRole(r) {
		roles, _ := r.props["Roles"].([]any)
		for _, role := range roles {
			if name, ok := n.names[refTarget(role)]; ok {
				set(name + policySuffix)
			}
		}
		return
	}
	if !scaffold[id] {
		set("Unmatched " + r.typ + " " + id)
	}
}

// diffDeps lists the dependencies one side waits for and the other does
// not. A dependency only through a reference is left out: the properties
// holding the reference differ and say so already. So is one on a resource
// only one side has, reported as such.
func diffDeps(resource string, a, b any, oneSided map[string]bool, aName, bName string) []string {
	da, _ := a.(map[string]any)
	db, _ := b.(map[string]any)
	var out []string
	for _, k := range unionKeys(da, db) {
		va, vb := da[k], db[k]
		if va != nil && vb != nil || oneSided[k] || oneSided[strings.TrimSuffix(k, policySuffix)] {
			continue
		}
		if va == byReference || vb == byReference {
			continue
		}
		has := func(v any) string {
			if v == nil {
				return "nothing"
			}
			return "it"
		}
		out = append(out, fmt.Sprintf("%s: %s %s: %s has %s, %s has %s", resource, depsKey, k, aName, has(va), bName, has(vb)))
	}
	return out
}

func attachedTo(policy *resource, role string) bool {
	roles, _ := policy.props["Roles"].([]any)
	for _, r := range roles {
		if refTarget(r) == role {
			return true
		}
	}
	return false
}

// dependsOnList reads a resource's DependsOn, a string or a list.
func dependsOnList(v any) []string {
	switch x := v.(type) {
	case string:
		return []string{x}
	case []any:
		out := make([]string, 0, len(x))
		for _, e := range x {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		sort.Strings(out)
		return out
	}
	return nil
}

var sgToken = regexp.MustCompile(`\$\{sg:([^}]*)\}`)

// inlineRuleDeps gives an ingress rule written inside its security group the
// dependencies it would have as a resource of its own: the group, and the
// groups it names as sources.
func inlineRuleDeps(group string, rule map[string]any) map[string]any {
	out := map[string]any{group: byReference}
	for _, m := range sgToken.FindAllStringSubmatch(canonicalJSON(rule), -1) {
		out[m[1]] = byReference
	}
	return out
}
