package doctor

import "strings"

// Canonical values are spelled in the space of one template: ${Res:X} is
// X of that template. A value that crosses a file boundary (an
// Fn::ImportValue resolved against another given template) carries the
// exporting template's tag in each placeholder that only means something
// there, ${⟦file⟧Res:X}, so that FileSystem of one file never equals
// FileSystem of another. Moving a value into a template's space qualifies
// the source template's own placeholders and unqualifies the target's.
const (
	tagOpen  = "⟦"
	tagClose = "⟧"
)

// makeTag builds the tag of a template from its file name, with the
// characters that delimit placeholders and tags replaced.
func makeTag(file string) string {
	clean := strings.Map(func(r rune) rune {
		switch r {
		case '$', '{', '}', '⟦', '⟧':
			return '_'
		}
		return r
	}, file)
	return tagOpen + clean + tagClose
}

// templateBound reports whether the placeholder body starting at rest names
// something of one template: a resource, a parameter, an undefined name, a
// condition, a function's raw arguments, or the stack's own name and id.
// Region, account, partition, imports and zones are the same for every
// stack of a deployment.
func templateBound(rest string) bool {
	for _, k := range []string{"Res:", "Param:", "Ref:", "If:", "Fn::", "AWS::StackName}", "AWS::StackId}"} {
		if strings.HasPrefix(rest, k) {
			return true
		}
	}
	return false
}

// requalify moves canon from template from's space into to's; to nil is
// the global space, where every template-bound placeholder is qualified.
func requalify(canon string, from, to *Template) string {
	if from == to || !strings.Contains(canon, "${") {
		return canon
	}
	toTag := ""
	if to != nil {
		toTag = to.tag
	}
	var b strings.Builder
	b.Grow(len(canon) + 32)
	for {
		i := strings.Index(canon, "${")
		if i < 0 {
			break
		}
		b.WriteString(canon[:i+2])
		canon = canon[i+2:]
		switch {
		case toTag != "" && strings.HasPrefix(canon, toTag):
			canon = canon[len(toTag):]
		case strings.HasPrefix(canon, tagOpen):
		case from != nil && templateBound(canon):
			b.WriteString(from.tag)
		}
	}
	b.WriteString(canon)
	return b.String()
}

// global returns v's canonical form in the global space.
func global(v Val, t *Template) string { return requalify(v.Canon, t, nil) }

// translate moves a value evaluated in template from into to's space; at
// is where the value is used, for positions in findings.
func translate(v Val, from, to *Template, at N) Val {
	if from == to {
		return v
	}
	v.N = at
	v.Canon = requalify(v.Canon, from, to)
	v.Shown = "" // named in from's terms
	if v.Note != "" && from != nil {
		v.Note += " in " + from.Src.File
	}
	if len(v.Items) > 0 {
		items := make([]Val, len(v.Items))
		for i, it := range v.Items {
			items[i] = translate(it, from, to, at)
		}
		v.Items = items
	}
	if v.Parts != nil {
		p := translate(*v.Parts, from, to, at)
		v.Parts = &p
	}
	return v
}

// tagsIn returns the templates whose tags occur in canon, once each.
func (w *World) tagsIn(canon string) []*Template {
	var out []*Template
	for {
		i := strings.Index(canon, "${"+tagOpen)
		if i < 0 {
			return out
		}
		canon = canon[i+2:]
		j := strings.Index(canon, tagClose)
		if j < 0 {
			return out
		}
		if t := w.byTag[canon[:j+len(tagClose)]]; t != nil && !containsT(out, t) {
			out = append(out, t)
		}
		canon = canon[j+len(tagClose):]
	}
}

func containsT(ts []*Template, t *Template) bool {
	for _, x := range ts {
		if x == t {
			return true
		}
	}
	return false
}

// splitRes reads a value that is exactly one resource placeholder: the
// template tag ("" for the value's own template), the logical ID and the
// attribute ("" for Ref or an id attribute).
func splitRes(canon string) (tag, id, attr string, ok bool) {
	if !strings.HasPrefix(canon, "${") || !strings.HasSuffix(canon, "}") || strings.Count(canon, "${") != 1 {
		return "", "", "", false
	}
	body := canon[2 : len(canon)-1]
	if strings.HasPrefix(body, tagOpen) {
		j := strings.Index(body, tagClose)
		if j < 0 {
			return "", "", "", false
		}
		tag, body = body[:j+len(tagClose)], body[j+len(tagClose):]
	}
	rest, ok := strings.CutPrefix(body, "Res:")
	if !ok {
		return "", "", "", false
	}
	id, attr, _ = strings.Cut(rest, ".")
	return tag, id, attr, true
}

// resourceOf returns the resource v names exactly (Ref, an id attribute or
// another attribute, returned too), in t or, for a value imported from
// another given template, in that one.
func (t *Template) resourceOf(v Val) (*Resource, string) {
	if t == nil {
		return nil, ""
	}
	tag, id, attr, ok := splitRes(v.Canon)
	if !ok {
		return nil, ""
	}
	home := t
	if tag != "" {
		if t.w == nil || t.w.byTag[tag] == nil {
			return nil, ""
		}
		home = t.w.byTag[tag]
	}
	return home.Resources[id], attr
}

// resourceTyped returns the resource v names by Ref (or its id attribute)
// when it has type typ.
func (t *Template) resourceTyped(v Val, typ string) *Resource {
	if r, attr := t.resourceOf(v); r != nil && r.Type == typ && attr == "" {
		return r
	}
	return nil
}

// isResource reports whether v is exactly Ref of a resource, here or in
// another template.
func isResource(v Val) bool {
	_, _, attr, ok := splitRes(v.Canon)
	return ok && attr == ""
}

// fileNote names the other file a resource lives in, for messages.
func fileNote(res *Resource, here *Template) string {
	if res == nil || res.T == here || res.T == nil {
		return ""
	}
	return " (in " + res.T.Src.File + ")"
}
