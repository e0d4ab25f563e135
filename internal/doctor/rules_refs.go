package doctor

import (
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"
)

// checkRefs reports Ref, Fn::GetAtt and Fn::Sub names that are neither a
// parameter, a resource nor a pseudo parameter (EFD025). A template with a
// Transform is skipped: the transform adds resources the file does not show.
func checkRefs(c *checker) {
	for _, t := range c.w.Templates {
		if t.Src.Root.Get("Transform").OK() {
			continue
		}
		for _, id := range t.IDs {
			seen := map[string]bool{}
			walkRefs(t.Resources[id].N, func(name string, at N) {
				if seen[name] || t.defines(name) {
					return
				}
				seen[name] = true
				c.add("EFD025", t.Src, id, at, fmt.Sprintf("resource %s refers to %s, which is not a parameter or resource of this template", id, name))
			})
		}
	}
}

// defines reports whether a Ref or GetAtt target exists.
func (t *Template) defines(name string) bool {
	return strings.HasPrefix(name, "AWS::") || t.Params[name] != nil || t.Resources[name] != nil
}

// walkRefs calls f for every name referenced under n, iteratively so that
// deep documents cannot exhaust the stack.
func walkRefs(n N, f func(name string, at N)) {
	stack := []N{n}
	for len(stack) > 0 {
		cur := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		switch {
		case cur.IsSeq():
			stack = append(stack, cur.Items()...)
		case cur.IsMap():
			pairs := cur.Pairs()
			if len(pairs) == 1 {
				fn, arg := pairs[0].Key, pairs[0].Value
				switch fn {
				case "Ref":
					if s := arg.Str(); s != "" {
						f(s, cur)
					}
					continue
				case "Fn::GetAtt":
					res := arg.Str()
					if arg.IsSeq() && len(arg.Items()) > 0 {
						res = arg.Items()[0].Str()
					} else {
						res, _, _ = strings.Cut(res, ".")
					}
					if res != "" {
						f(res, cur)
					}
					continue
				case "Fn::Sub":
					subRefs(cur, arg, f)
					if arg.IsSeq() && len(arg.Items()) > 1 {
						stack = append(stack, arg.Items()[1])
					}
					continue
				}
			}
			for _, p := range pairs {
				stack = append(stack, p.Value)
			}
		}
	}
}

// subRefs reports the ${Name} and ${Resource.Attr} of an Fn::Sub string that
// its variable map does not define.
func subRefs(at, arg N, f func(string, N)) {
	text, vars := arg, map[string]bool{}
	if arg.IsSeq() {
		items := arg.Items()
		if len(items) == 0 {
			return
		}
		text = items[0]
		if len(items) > 1 {
			for _, p := range items[1].Pairs() {
				vars[p.Key] = true
			}
		}
	}
	if text.Node == nil || text.Node.Kind != yaml.ScalarNode {
		return
	}
	s := text.Node.Value
	for {
		i := strings.Index(s, "${")
		if i < 0 {
			return
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			return
		}
		name := strings.TrimSpace(s[i+2 : i+j])
		s = s[i+j+1:]
		if strings.HasPrefix(name, "!") || vars[name] || name == "" {
			continue
		}
		if !strings.HasPrefix(name, "AWS::") {
			name, _, _ = strings.Cut(name, ".")
		}
		f(name, at)
	}
}
