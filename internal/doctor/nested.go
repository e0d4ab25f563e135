package doctor

import (
	"net/url"
	"os"
	"path/filepath"
	"strings"
)

// Limits on following nested stacks: a chain deeper than this is a cycle
// or a mistake, and no real stack tree has more templates.
const (
	maxNestedDepth = 8
	maxNested      = 200
)

// nestedRef is a nested stack of a template that the doctor could not
// follow, with why.
type nestedRef struct {
	t   *Template
	res *Resource
	why string
}

// loadNested loads the local templates that AWS::CloudFormation::Stack
// resources of srcs name in TemplateURL (a path beside the parent, as
// "aws cloudformation package" expects), each with the parameter values
// its parent passes. It returns the sources with the children appended and
// the nested stacks it could not follow.
func loadNested(srcs []*Source) ([]*Source, []nestedRef, error) {
	var skipped []nestedRef
	out := append([]*Source(nil), srcs...)
	for i := 0; i < len(out) && len(out) <= len(srcs)+maxNested; i++ {
		s := out[i]
		if s.Kind != KindTemplate || s.depth >= maxNestedDepth {
			continue
		}
		t := newTemplate(s)
		for _, res := range t.ByType("AWS::CloudFormation::Stack") {
			path, why := localTemplate(t, res)
			if path == "" && res.N.Get("Condition").OK() && why == "its TemplateURL is empty" {
				continue // a conditional stack left out by its parameter's default
			}
			if path == "" {
				skipped = append(skipped, nestedRef{t, res, why})
				continue
			}
			child, err := LoadFile(path)
			if err != nil {
				return nil, nil, err
			}
			if child.Kind != KindTemplate {
				skipped = append(skipped, nestedRef{t, res, path + " is a " + child.Kind.String() + ", not a template"})
				continue
			}
			child.depth = s.depth + 1
			child.Parent = t.Src.File + " (" + res.ID + ")"
			child.Given = map[string]Val{}
			r := resolver{t}
			for _, p := range res.Props.Get("Parameters").Pairs() {
				child.Given[p.Key] = r.eval(p.Value)
			}
			out = append(out, child)
		}
	}
	return out, skipped, nil
}

// localTemplate returns the file a nested stack's TemplateURL names when it
// is a local path that exists, else "" and why it is not followed.
func localTemplate(t *Template, res *Resource) (string, string) {
	v := resolver{t}.eval(res.Props.Get("TemplateURL"))
	if !v.LitOK {
		return "", "its TemplateURL is " + show(v)
	}
	u := v.Lit
	if u == "" {
		return "", "its TemplateURL is empty"
	}
	if pu, err := url.Parse(u); err == nil && pu.Scheme != "" {
		if pu.Scheme != "file" {
			return "", "its template is at " + u + ", not a file beside this template"
		}
		u = pu.Path
	}
	path := u
	if !filepath.IsAbs(path) {
		path = filepath.Join(filepath.Dir(t.Src.File), filepath.FromSlash(u))
	}
	if st, err := os.Stat(path); err != nil || !st.Mode().IsRegular() {
		return "", "its template " + u + " is not a file beside this template (looked for " + path + ")"
	}
	return path, ""
}

// checkNested says "cannot tell" for nested stacks that were not followed.
func checkNested(c *checker) {
	for _, n := range c.w.skipped {
		c.cannotTell("EFD090", n.t.Src, n.res.ID, n.res.Props.Get("TemplateURL"), "what nested stack "+n.res.ID+" creates", n.why)
	}
}

// givenNote says where a parameter value passed by a parent came from.
func givenNote(s *Source, name string) string {
	return "the value parent stack " + strings.TrimSpace(s.Parent) + " passes for " + name
}
