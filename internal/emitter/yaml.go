package emitter

import (
	"bytes"
	"encoding/json"
	"regexp"
	"sort"
	"strconv"
	"unicode"

	"gopkg.in/yaml.v3"
)

// jsonToYAML writes the same YAML as goformation's template.YAML() (yaml.v3,
// keys in yaml.v3's order, ints kept as ints), faster: it decodes the JSON
// with encoding/json, and writes each resource and output on its own,
// because yaml.v3's emitter keeps every event of a document and slows down
// as a document grows.
func jsonToYAML(in []byte) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(in))
	dec.UseNumber()
	var doc map[string]interface{}
	if err := dec.Decode(&doc); err != nil {
		return nil, err
	}
	var out bytes.Buffer
	for _, key := range sortedYAMLKeys(doc) {
		section, isMap := doc[key].(map[string]interface{})
		if !isMap || len(section) == 0 {
			if err := marshalEntry(&out, key, doc[key], ""); err != nil {
				return nil, err
			}
			continue
		}
		head, err := yaml.Marshal(&yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{scalar("!!str", key), {Kind: yaml.MappingNode, Style: yaml.FlowStyle}}})
		if err != nil {
			return nil, err
		}
		// "Resources: {}\n" → "Resources:\n"
		out.Write(bytes.TrimSuffix(head, []byte(" {}\n")))
		out.WriteByte('\n')
		for _, name := range sortedYAMLKeys(section) {
			if err := marshalEntry(&out, name, section[name], "    "); err != nil {
				return nil, err
			}
		}
	}
	return out.Bytes(), nil
}

// marshalEntry writes "key: value" as yaml.v3 would inside a mapping
// indented by indent. Empty lines stay empty, as yaml.v3 writes them.
func marshalEntry(out *bytes.Buffer, key string, value interface{}, indent string) error {
	b, err := yaml.Marshal(&yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{scalar("!!str", key), yamlNode(value)}})
	if err != nil {
		return err
	}
	for _, line := range bytes.SplitAfter(b, []byte("\n")) {
		if len(line) > 1 {
			out.WriteString(indent)
		}
		out.Write(line)
	}
	return nil
}

func sortedYAMLKeys(m map[string]interface{}) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return yamlKeyLess(keys[i], keys[j]) })
	return keys
}

func yamlNode(v interface{}) *yaml.Node {
	switch x := v.(type) {
	case map[string]interface{}:
		keys := sortedYAMLKeys(x)
		n := &yaml.Node{Kind: yaml.MappingNode, Content: make([]*yaml.Node, 0, 2*len(keys))}
		for _, k := range keys {
			n.Content = append(n.Content, scalar("!!str", k), yamlNode(x[k]))
		}
		return n
	case []interface{}:
		n := &yaml.Node{Kind: yaml.SequenceNode, Content: make([]*yaml.Node, 0, len(x))}
		for _, e := range x {
			n.Content = append(n.Content, yamlNode(e))
		}
		return n
	case json.Number:
		if _, err := x.Int64(); err == nil {
			return scalar("!!int", x.String())
		}
		f, _ := x.Float64()
		return scalar("!!float", strconv.FormatFloat(f, 'g', -1, 64))
	case bool:
		return scalar("!!bool", strconv.FormatBool(x))
	case string:
		n := scalar("!!str", x)
		// yaml.v3 quotes these when writing a Go string, not a node:
		// YAML 1.1 readers would take them for booleans or numbers.
		if yaml11Bools[x] || base60Float.MatchString(x) {
			n.Style = yaml.DoubleQuotedStyle
		}
		return n
	}
	return scalar("!!null", "null")
}

var (
	yaml11Bools = map[string]bool{"y": true, "Y": true, "yes": true, "Yes": true, "YES": true, "on": true, "On": true, "ON": true,
		"n": true, "N": true, "no": true, "No": true, "NO": true, "off": true, "Off": true, "OFF": true}
	base60Float = regexp.MustCompile(`^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$`)
)

func scalar(tag, value string) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: value}
}

// yamlKeyLess is yaml.v3's order for string map keys (sorter.go): letters
// by code point, runs of digits by their value, so MountTarget2 comes
// before MountTarget10.
func yamlKeyLess(a, b string) bool {
	ar, br := []rune(a), []rune(b)
	digits := false
	for i := 0; i < len(ar) && i < len(br); i++ {
		if ar[i] == br[i] {
			digits = unicode.IsDigit(ar[i])
			continue
		}
		al, bl := unicode.IsLetter(ar[i]), unicode.IsLetter(br[i])
		if al && bl {
			return ar[i] < br[i]
		}
		if al || bl {
			if digits {
				return al
			}
			return bl
		}
		var ai, bi int
		var an, bn int64
		if ar[i] == '0' || br[i] == '0' {
			for j := i - 1; j >= 0 && unicode.IsDigit(ar[j]); j-- {
				if ar[j] != '0' {
					an, bn = 1, 1
					break
				}
			}
		}
		for ai = i; ai < len(ar) && unicode.IsDigit(ar[ai]); ai++ {
			an = an*10 + int64(ar[ai]-'0')
		}
		for bi = i; bi < len(br) && unicode.IsDigit(br[bi]); bi++ {
			bn = bn*10 + int64(br[bi]-'0')
		}
		if an != bn {
			return an < bn
		}
		if ai != bi {
			return ai < bi
		}
		return ar[i] < br[i]
	}
	return len(ar) < len(br)
}
