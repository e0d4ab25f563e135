package doctor

import (
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// N is a node of an input document together with its property path and the
// place to report when the node is absent. Rules name properties the
// CloudFormation way; in ECS API JSON (camel) the same lookup uses the API's
// camelCase spelling. A property spelled in another case is still read, so
// that the other rules see the intent, but CloudFormation and ECS match
// names exactly and EFD024 reports it as the error it is.
type N struct {
	Node   *yaml.Node // nil when absent
	Key    *yaml.Node // the mapping key holding Node, when any
	Path   string
	parent *N
	camel  bool // spell absent property names the ECS API way
}

// root wraps a document node.
func root(n *yaml.Node, path string, camel bool) N {
	return N{Node: deref(n), Path: path, camel: camel}
}

func deref(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	return n
}

// OK reports whether the node is present.
func (n N) OK() bool { return n.Node != nil }

// Get returns the property name of a mapping: spelled exactly, or else in
// any case.
func (n N) Get(name string) N {
	p := n
	want := spell(name, n.camel)
	child := N{Path: joinPath(n.Path, want), parent: &p, camel: n.camel}
	m := n.Node
	if m == nil || m.Kind != yaml.MappingNode {
		return child
	}
	at := -1
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == want {
			at = i
			break
		}
		if at < 0 && strings.EqualFold(m.Content[i].Value, want) {
			at = i
		}
	}
	if at >= 0 {
		child.Key = m.Content[at]
		child.Node = deref(m.Content[at+1])
		child.Path = joinPath(n.Path, m.Content[at].Value)
	}
	return child
}

// At follows a chain of property names.
func (n N) At(names ...string) N {
	for _, name := range names {
		n = n.Get(name)
	}
	return n
}

// Items returns a sequence's elements; a mapping or scalar counts as a
// one-element list (IAM allows a lone statement, action or resource).
func (n N) Items() []N {
	if n.Node == nil {
		return nil
	}
	if n.Node.Kind != yaml.SequenceNode {
		return []N{n}
	}
	out := make([]N, len(n.Node.Content))
	p := n
	for i, c := range n.Node.Content {
		out[i] = N{Node: deref(c), Path: n.Path + "[" + strconv.Itoa(i) + "]", parent: &p, camel: n.camel}
	}
	return out
}

// Pair is one key and value of a mapping.
type Pair struct {
	Key   string
	Value N
}

// Pairs returns a mapping's entries in document order.
func (n N) Pairs() []Pair {
	if n.Node == nil || n.Node.Kind != yaml.MappingNode {
		return nil
	}
	p := n
	var out []Pair
	for i := 0; i+1 < len(n.Node.Content); i += 2 {
		k := n.Node.Content[i]
		out = append(out, Pair{k.Value, N{Node: deref(n.Node.Content[i+1]), Key: k, Path: joinPath(n.Path, k.Value), parent: &p, camel: n.camel}})
	}
	return out
}

// IsMap, IsSeq and Str describe the node's shape.
func (n N) IsMap() bool { return n.Node != nil && n.Node.Kind == yaml.MappingNode }
func (n N) IsSeq() bool { return n.Node != nil && n.Node.Kind == yaml.SequenceNode }

// Str is the scalar's text, "" for anything else.
func (n N) Str() string {
	if n.Node == nil || n.Node.Kind != yaml.ScalarNode || n.Node.Tag == "!!null" {
		return ""
	}
	return n.Node.Value
}

// Pos is where to point a reader: the key of a property, the node itself,
// or for an absent property the nearest present ancestor.
func (n N) Pos() (line, col int) {
	switch {
	case n.Key != nil:
		return n.Key.Line, n.Key.Column
	case n.Node != nil:
		return n.Node.Line, n.Node.Column
	case n.parent != nil:
		return n.parent.Pos()
	}
	return 0, 0
}

func joinPath(parent, name string) string {
	if strings.ContainsAny(name, ".[] ") || name == "" {
		name = "[" + strconv.Quote(name) + "]"
		return parent + name
	}
	if parent == "" {
		return name
	}
	return parent + "." + name
}

// camelNames are the ECS API spellings that are not a lower-cased first
// letter of the CloudFormation name.
var camelNames = map[string]string{
	"IAM":                    "iam",
	"EFSVolumeConfiguration": "efsVolumeConfiguration",
	"FilesystemId":           "fileSystemId",
}

func spell(name string, camel bool) string {
	if !camel || name == "" {
		return name
	}
	if c, ok := camelNames[name]; ok {
		return c
	}
	return strings.ToLower(name[:1]) + name[1:]
}
