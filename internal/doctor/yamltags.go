package doctor

import (
	"strings"

	"gopkg.in/yaml.v3"
)

// normalizeTags rewrites CloudFormation's YAML short forms (!Ref X,
// !GetAtt A.B, !Sub …) into the long forms ({Ref: X}, {Fn::GetAtt: [A, B]},
// {Fn::Sub: …}) so the rest of the doctor sees one spelling. The new mapping
// keeps the tag's position.
func normalizeTags(n *yaml.Node) *yaml.Node {
	if n == nil {
		return nil
	}
	for i, c := range n.Content {
		n.Content[i] = normalizeTags(c)
	}
	tag := n.Tag
	if !cfnTags[tag] {
		return n
	}
	name := tag[1:]
	fn := "Fn::" + name
	if name == "Ref" || name == "Condition" {
		fn = name
	}
	inner := *n
	switch inner.Kind {
	case yaml.MappingNode:
		inner.Tag = "!!map"
	case yaml.SequenceNode:
		inner.Tag = "!!seq"
	default:
		inner.Tag = "!!str"
	}
	if name == "GetAtt" && inner.Kind == yaml.ScalarNode {
		res, attr, _ := strings.Cut(inner.Value, ".")
		inner = yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Line: n.Line, Column: n.Column, Content: []*yaml.Node{
			{Kind: yaml.ScalarNode, Tag: "!!str", Value: res, Line: n.Line, Column: n.Column},
			{Kind: yaml.ScalarNode, Tag: "!!str", Value: attr, Line: n.Line, Column: n.Column},
		}}
	}
	key := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: fn, Line: n.Line, Column: n.Column}
	return &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: n.Line, Column: n.Column, Content: []*yaml.Node{key, &inner}}
}
