package emitter

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// DecodeYAML reads a CloudFormation YAML template, short-form functions
// (!Ref X, !GetAtt X.Y, !Sub …) included, into the value its JSON form
// decodes to with json.Decoder.UseNumber: maps, slices, strings,
// json.Numbers, booleans and nil. Plain yaml.Unmarshal drops the tags and
// would read !Ref X as the string X.
func DecodeYAML(data []byte) (any, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, err
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return nil, fmt.Errorf("empty YAML document")
	}
	return cfnValue(doc.Content[0])
}

// longName is the function a short tag stands for: !Ref and !Condition as
// they are, !GetAtt and the rest as Fn::…; "" for YAML's own tags.
func longName(tag string) string {
	name, ok := strings.CutPrefix(tag, "!")
	if !ok || strings.HasPrefix(name, "!") || name == "" {
		return ""
	}
	if name == "Ref" || name == "Condition" || strings.Contains(name, "::") {
		return name
	}
	return "Fn::" + name
}

func cfnValue(n *yaml.Node) (any, error) {
	if fn := longName(n.Tag); fn != "" {
		arg := *n
		arg.Tag = ""
		if n.Kind == yaml.ScalarNode {
			if fn == "Fn::GetAtt" {
				if i := strings.Index(n.Value, "."); i > 0 {
					return map[string]any{fn: []any{n.Value[:i], n.Value[i+1:]}}, nil
				}
			}
			return map[string]any{fn: n.Value}, nil
		}
		v, err := cfnValue(&arg)
		if err != nil {
			return nil, err
		}
		return map[string]any{fn: v}, nil
	}
	switch n.Kind {
	case yaml.MappingNode:
		m := make(map[string]any, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			if k.Kind != yaml.ScalarNode {
				return nil, fmt.Errorf("line %d: a map key that is not a string", k.Line)
			}
			v, err := cfnValue(n.Content[i+1])
			if err != nil {
				return nil, err
			}
			m[k.Value] = v
		}
		return m, nil
	case yaml.SequenceNode:
		s := make([]any, 0, len(n.Content))
		for _, c := range n.Content {
			v, err := cfnValue(c)
			if err != nil {
				return nil, err
			}
			s = append(s, v)
		}
		return s, nil
	case yaml.ScalarNode:
		if n.ShortTag() == "!!timestamp" {
			// CloudFormation reads 2010-09-09 as the string it is.
			return n.Value, nil
		}
		var v any
		if err := n.Decode(&v); err != nil {
			return nil, err
		}
		switch x := v.(type) {
		case int:
			return json.Number(strconv.Itoa(x)), nil
		case int64:
			return json.Number(strconv.FormatInt(x, 10)), nil
		case uint64:
			return json.Number(strconv.FormatUint(x, 10)), nil
		case float64:
			return json.Number(strconv.FormatFloat(x, 'g', -1, 64)), nil
		}
		return v, nil
	}
	return nil, fmt.Errorf("line %d: YAML aliases are not allowed in CloudFormation templates", n.Line)
}
