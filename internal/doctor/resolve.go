package doctor

import (
	"fmt"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// Val is what a template value evaluates to. Canon is a canonical spelling
// in which the parts not known before deployment are typed placeholders
// (${AWS::Region}, ${Res:Id}, ${Res:Id.Attr}, ${Param:Name},
// ${Import:name}, ${Select:i:list} …), so Fn::Sub, Fn::Join and plain
// strings that build the same value compare equal. Lit is the plain value
// when it is known, through parameter defaults where needed.
type Val struct {
	N      N
	Absent bool
	Canon  string
	Lit    string
	LitOK  bool
	// List is true when the value is a list whose elements are known.
	List  bool
	Items []Val
	// ListParam names the List parameter the whole value refers to.
	ListParam string
	// Why says why Lit is not known, for "cannot tell" findings.
	Why string
	// Note says where a literal came from when it was not written in place
	// (a parameter default).
	Note string
	// Parts is the list an Fn::Join joined with Delim, so that an Fn::Split
	// by the same delimiter (across an export and its import) gives the
	// list back.
	Parts *Val
	Delim string
	// Shown is how messages name a value imported from another file given
	// (the Fn::ImportValue that brought it), in the importing file's terms.
	Shown string
}

// resolver evaluates values of one source; t is nil for plain JSON inputs,
// which hold no intrinsic functions.
type resolver struct{ t *Template }

func literal(n N, s string) Val { return Val{N: n, Canon: s, Lit: s, LitOK: true} }

func unknown(n N, canon, why string) Val { return Val{N: n, Canon: canon, Why: why} }

func (r resolver) eval(n N) Val {
	if !n.OK() || (n.Node.Kind == yaml.ScalarNode && n.Node.Tag == "!!null") {
		return Val{N: n, Absent: true, Why: "not set"}
	}
	switch n.Node.Kind {
	case yaml.ScalarNode:
		return literal(n, n.Node.Value)
	case yaml.SequenceNode:
		v := Val{N: n, List: true, LitOK: true}
		var canon, lits []string
		for _, it := range n.Items() {
			iv := r.eval(it)
			if iv.Absent {
				continue
			}
			v.Items = append(v.Items, iv)
			canon = append(canon, iv.Canon)
			lits = append(lits, iv.Lit)
			if !iv.LitOK {
				v.LitOK = false
				v.Why = iv.Why
			}
		}
		v.Canon = "[" + strings.Join(canon, ",") + "]"
		if v.LitOK {
			v.Lit = strings.Join(lits, ",")
		}
		return v
	}
	pairs := n.Pairs()
	if r.t != nil && len(pairs) == 1 {
		if v, ok := r.intrinsic(n, pairs[0].Key, pairs[0].Value); ok {
			return v
		}
	}
	return unknown(n, compact(n.Node), "an object, not a single value")
}

func (r resolver) intrinsic(n N, fn string, arg N) (Val, bool) {
	switch fn {
	case "Ref":
		return r.ref(n, arg.Str()), true
	case "Fn::GetAtt":
		var res, attr string
		if arg.IsSeq() && len(arg.Items()) == 2 {
			res, attr = arg.Items()[0].Str(), r.eval(arg.Items()[1]).Lit
		} else {
			res, attr, _ = strings.Cut(arg.Str(), ".")
		}
		return r.getAtt(n, res, attr), true
	case "Fn::ImportValue":
		name := r.eval(arg)
		if v, ok := r.t.importValue(n, name); ok {
			return v, true
		}
		return unknown(n, "${Import:"+name.Canon+"}", "imported from another stack (export "+name.Canon+")"), true
	case "Fn::Sub":
		return r.sub(n, arg), true
	case "Fn::Join":
		return r.join(n, arg), true
	case "Fn::Select":
		return r.selectFn(n, arg), true
	case "Fn::Split":
		items := arg.Items()
		if len(items) == 2 {
			d, s := r.eval(items[0]), r.eval(items[1])
			if d.LitOK && s.Parts != nil && s.Delim == d.Lit && splittable(*s.Parts, d.Lit) {
				v := *s.Parts
				v.N = n
				return v, true
			}
			if d.LitOK && s.LitOK {
				v := Val{N: n, List: true, LitOK: true, Canon: s.Canon, Lit: s.Lit}
				for _, part := range strings.Split(s.Lit, d.Lit) {
					v.Items = append(v.Items, literal(n, part))
				}
				return v, true
			}
		}
	case "Fn::GetAZs":
		region := r.eval(arg)
		return unknown(n, "${GetAZs:"+region.Canon+"}", "the region's Availability Zones"), true
	case "Fn::If":
		items := arg.Items()
		if len(items) == 3 {
			a, b := r.eval(items[1]), r.eval(items[2])
			if a.Canon == b.Canon && a.Absent == b.Absent {
				return a, true
			}
			return unknown(n, "${If:"+items[0].Str()+":"+a.Canon+"|"+b.Canon+"}", "depends on condition "+items[0].Str()), true
		}
	case "Fn::FindInMap":
		items := arg.Items()
		if len(items) == 3 {
			m, k1, k2 := r.eval(items[0]), r.eval(items[1]), r.eval(items[2])
			if m.LitOK && k1.LitOK && k2.LitOK {
				if v := r.t.Mappings.At(m.Lit, k1.Lit, k2.Lit); v.OK() {
					return r.eval(v), true
				}
			}
		}
	}
	if strings.HasPrefix(fn, "Fn::") {
		return unknown(n, "${"+fn+":"+compact(arg.Node)+"}", "computed by "+fn+" at deployment"), true
	}
	return Val{}, false
}

// ref evaluates Ref name.
func (r resolver) ref(n N, name string) Val {
	switch {
	case name == "AWS::NoValue":
		return Val{N: n, Absent: true, Why: "AWS::NoValue"}
	case strings.HasPrefix(name, "AWS::"):
		return unknown(n, "${"+name+"}", "the stack's "+name)
	}
	if p := r.t.Params[name]; p != nil {
		return r.param(n, p)
	}
	if r.t.Resources[name] != nil {
		return unknown(n, "${Res:"+name+"}", "assigned when "+name+" is created")
	}
	return unknown(n, "${Ref:"+name+"}", name+" is not a parameter or resource of this template")
}

func (r resolver) param(n N, p *Param) Val {
	canon := "${Param:" + p.Name + "}"
	isList := strings.HasPrefix(p.Type, "List<") || p.Type == "CommaDelimitedList"
	if p.Given != nil {
		return r.given(n, p, canon, isList)
	}
	def := p.Default
	if !isList {
		if def.OK() && def.Node.Kind == yaml.ScalarNode {
			return Val{N: n, Canon: canon, Lit: def.Str(), LitOK: true, Note: "the default of parameter " + p.Name}
		}
		return unknown(n, canon, "parameter "+p.Name+" has no default")
	}
	v := Val{N: n, Canon: canon, ListParam: p.Name, Why: "parameter " + p.Name + " has no default"}
	if d := def.Str(); d != "" {
		v.List, v.Why, v.Note = true, "", "the default of parameter "+p.Name
		for i, s := range strings.Split(d, ",") {
			v.Items = append(v.Items, Val{N: n, Canon: selectCanon(i, canon), Lit: strings.TrimSpace(s), LitOK: true, Note: v.Note})
		}
	}
	return v
}

// given evaluates a parameter whose value a parent stack passes.
func (r resolver) given(n N, p *Param, canon string, isList bool) Val {
	g := *p.Given
	note := givenNote(r.t.Src, p.Name)
	if !isList {
		if g.LitOK {
			return Val{N: n, Canon: canon, Lit: g.Lit, LitOK: true, Note: note}
		}
		return unknown(n, canon, "the parent stack passes "+show(g)+" for parameter "+p.Name)
	}
	v := Val{N: n, Canon: canon, ListParam: p.Name, Note: note}
	switch {
	case g.List:
		v.List = true
		for i, it := range g.Items {
			v.Items = append(v.Items, Val{N: n, Canon: selectCanon(i, canon), Lit: it.Lit, LitOK: it.LitOK, Why: it.Why, Note: note})
		}
	case g.LitOK:
		v.List = true
		for i, s := range strings.Split(g.Lit, ",") {
			v.Items = append(v.Items, Val{N: n, Canon: selectCanon(i, canon), Lit: strings.TrimSpace(s), LitOK: true, Note: note})
		}
	default:
		v.Why = "the parent stack passes " + show(g) + " for parameter " + p.Name
	}
	return v
}

func selectCanon(i int, list string) string { return "${Select:" + strconv.Itoa(i) + ":" + list + "}" }

// idAttrs are attributes that return the same value as Ref.
var idAttrs = map[string]string{
	typeSecurityGroup: "GroupId",
	typeFileSystem:    "FileSystemId",
	typeAccessPoint:   "AccessPointId",
}

func (r resolver) getAtt(n N, res, attr string) Val {
	if a, ok := idAttrs[r.t.typeOf(res)]; ok && a == attr {
		return unknown(n, "${Res:"+res+"}", "assigned when "+res+" is created")
	}
	return unknown(n, "${Res:"+res+"."+attr+"}", res+"."+attr+" is known only after deployment")
}

func (r resolver) sub(n N, arg N) Val {
	text := arg
	vars := map[string]N{}
	if arg.IsSeq() {
		items := arg.Items()
		if len(items) == 0 {
			return unknown(n, "${Fn::Sub:}", "empty Fn::Sub")
		}
		text = items[0]
		if len(items) > 1 {
			for _, p := range items[1].Pairs() {
				vars[p.Key] = p.Value
			}
		}
	}
	s := text.Str()
	var canon, lit strings.Builder
	out := Val{N: n, LitOK: true}
	for {
		i := strings.Index(s, "${")
		if i < 0 {
			break
		}
		j := strings.Index(s[i:], "}")
		if j < 0 {
			break
		}
		canon.WriteString(s[:i])
		lit.WriteString(s[:i])
		name := s[i+2 : i+j]
		s = s[i+j+1:]
		if strings.HasPrefix(name, "!") { // ${!Literal} is the text ${Literal}
			canon.WriteString("${" + name[1:] + "}")
			lit.WriteString("${" + name[1:] + "}")
			continue
		}
		var v Val
		switch vn, ok := vars[name]; {
		case ok:
			v = r.eval(vn)
		case strings.Contains(name, ".") && !strings.HasPrefix(name, "AWS::"):
			res, attr, _ := strings.Cut(name, ".")
			v = r.getAtt(n, res, attr)
		default:
			v = r.ref(n, name)
		}
		canon.WriteString(v.Canon)
		lit.WriteString(v.Lit)
		if !v.LitOK {
			out.LitOK, out.Why = false, v.Why
		}
	}
	canon.WriteString(s)
	lit.WriteString(s)
	out.Canon = canon.String()
	if out.LitOK {
		out.Lit = lit.String()
	}
	return out
}

func (r resolver) join(n N, arg N) Val {
	items := arg.Items()
	if len(items) != 2 {
		return unknown(n, "${Fn::Join:"+compact(arg.Node)+"}", "malformed Fn::Join")
	}
	delim, list := r.eval(items[0]), r.eval(items[1])
	if !delim.LitOK || !list.List {
		v := unknown(n, "${Fn::Join:"+delim.Canon+":"+list.Canon+"}", "joins a list known only at deployment")
		if delim.LitOK && list.ListParam != "" {
			v.Parts, v.Delim = &list, delim.Lit
		}
		return v
	}
	out := Val{N: n, LitOK: true, Parts: &list, Delim: delim.Lit}
	var canon, lits []string
	for _, it := range list.Items {
		canon = append(canon, it.Canon)
		lits = append(lits, it.Lit)
		if !it.LitOK {
			out.LitOK, out.Why = false, it.Why
		}
	}
	out.Canon = strings.Join(canon, delim.Lit)
	if out.LitOK {
		out.Lit = strings.Join(lits, delim.Lit)
	}
	return out
}

// splittable reports whether splitting the join of list by delim gives
// list back: every element is a literal without delim, a resource id or an
// element of a List parameter (ids and list elements hold no commas).
func splittable(list Val, delim string) bool {
	if list.ListParam != "" && !list.List {
		return delim == ","
	}
	if !list.List {
		return false
	}
	for _, it := range list.Items {
		switch {
		case it.LitOK:
			if delim == "" || strings.Contains(it.Lit, delim) {
				return false
			}
		case isResource(it) && delim == ",":
		case it.ListParam == "" && strings.HasPrefix(it.Canon, "${Select:") && wholePlaceholder(it.Canon) && delim == ",":
		default:
			return false
		}
	}
	return true
}

func (r resolver) selectFn(n N, arg N) Val {
	items := arg.Items()
	if len(items) != 2 {
		return unknown(n, "${Fn::Select:"+compact(arg.Node)+"}", "malformed Fn::Select")
	}
	idx, list := r.eval(items[0]), r.eval(items[1])
	i, err := strconv.Atoi(idx.Lit)
	if !idx.LitOK || err != nil || i < 0 {
		return unknown(n, "${Select:"+idx.Canon+":"+list.Canon+"}", "the index is not a number")
	}
	if list.List && i < len(list.Items) {
		v := list.Items[i]
		v.N = n
		return v
	}
	v := unknown(n, selectCanon(i, list.Canon), fmt.Sprintf("element %d of a list known only at deployment", i))
	return v
}

// compact renders a node on one line, for placeholders and messages.
func compact(n *yaml.Node) string {
	n = deref(n)
	if n == nil {
		return ""
	}
	switch n.Kind {
	case yaml.ScalarNode:
		return n.Value
	case yaml.SequenceNode:
		parts := make([]string, len(n.Content))
		for i, c := range n.Content {
			parts[i] = compact(c)
		}
		return "[" + strings.Join(parts, ",") + "]"
	case yaml.MappingNode:
		parts := make([]string, 0, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			parts = append(parts, n.Content[i].Value+":"+compact(n.Content[i+1]))
		}
		return "{" + strings.Join(parts, ",") + "}"
	}
	return ""
}
