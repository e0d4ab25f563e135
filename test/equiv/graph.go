package equiv

// refsOf lists the logical IDs a value refers to through Ref, Fn::GetAtt and
// Fn::Sub.
func refsOf(v any, ids map[string]*resource, out map[string]bool) {
	switch x := v.(type) {
	case map[string]any:
		if r, ok := x["Ref"].(string); ok && ids[r] != nil {
			out[r] = true
		}
		if g, ok := x["Fn::GetAtt"].([]any); ok && len(g) > 0 {
			if id, _ := g[0].(string); ids[id] != nil {
				out[id] = true
			}
		}
		if s, ok := x["Fn::Sub"]; ok {
			str, _ := s.(string)
			if arr, ok := s.([]any); ok && len(arr) > 0 {
				str, _ = arr[0].(string)
			}
			for _, name := range subNames(str) {
				if ids[name] != nil {
					out[name] = true
				}
			}
		}
		for _, e := range x {
			refsOf(e, ids, out)
		}
	case []any:
		for _, e := range x {
			refsOf(e, ids, out)
		}
	}
}

// scaffold finds the resources only the CDK form makes around the services:
// scaffold types, and, to a fixpoint, unnamed resources that only scaffolding
// refers to (a flow log's role and log group, a custom resource's function)
// or that refer only to scaffolding (a scaffold role's policy).
func (n *normalizer) scaffold() map[string]bool {
	refs := map[string]map[string]bool{}
	referrers := map[string][]string{}
	for id, r := range n.res {
		refs[id] = map[string]bool{}
		refsOf(r.props, n.res, refs[id])
		delete(refs[id], id)
		// A policy hangs off its roles; it does not make them needed.
		if r.typ == "AWS::IAM::Policy" {
			continue
		}
		for to := range refs[id] {
			referrers[to] = append(referrers[to], id)
		}
	}
	s := map[string]bool{}
	for id, r := range n.res {
		if _, named := n.names[id]; !named && scaffoldTypes[r.typ] {
			s[id] = true
		}
	}
	allIn := func(ids []string) bool {
		for _, id := range ids {
			if !s[id] {
				return false
			}
		}
		return len(ids) > 0
	}
	for changed := true; changed; {
		changed = false
		for id := range n.res {
			if _, named := n.names[id]; named || s[id] {
				continue
			}
			out := make([]string, 0, len(refs[id]))
			for to := range refs[id] {
				out = append(out, to)
			}
			if allIn(referrers[id]) || (len(referrers[id]) == 0 && allIn(out)) {
				s[id] = true
				changed = true
			}
		}
	}
	return s
}
