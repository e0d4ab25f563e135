package spec

import (
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// A strict decoder from yaml.Node into the File types. yaml.v3's own strict
// mode stops at the first unknown key and gives no column or suggestion; this
// one reports every problem with its field path and records the position of
// every field so validation can point at it too.

type pos struct{ line, col int }

type decoder struct {
	file string
	pos  map[string]pos
	errs ErrorList
}

// nodeDecoder is implemented by the union types (scalar-or-mapping forms).
type nodeDecoder interface {
	decodeNode(d *decoder, n *yaml.Node, path string)
}

func (d *decoder) errorf(n *yaml.Node, path, fix, format string, args ...any) {
	e := &FieldError{File: d.file, Path: path, Msg: fmt.Sprintf(format, args...), Fix: fix}
	if n != nil {
		e.Line, e.Col = n.Line, n.Column
	}
	d.errs = append(d.errs, e)
}

func (d *decoder) mark(path string, n *yaml.Node) {
	if n != nil {
		d.pos[path] = pos{n.Line, n.Column}
	}
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func index(path string, i int) string { return fmt.Sprintf("%s[%d]", path, i) }

func resolveAlias(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	return n
}

func isNull(n *yaml.Node) bool {
	return n == nil || (n.Kind == yaml.ScalarNode && n.Tag == "!!null")
}

var nodeDecoderType = reflect.TypeOf((*nodeDecoder)(nil)).Elem()

// decode fills v from n. v must be addressable.
func (d *decoder) decode(n *yaml.Node, v reflect.Value, path string) {
	n = resolveAlias(n)
	d.mark(path, n)
	if isNull(n) {
		return // unset: the default applies
	}
	if v.CanAddr() && v.Addr().Type().Implements(nodeDecoderType) {
		v.Addr().Interface().(nodeDecoder).decodeNode(d, n, path)
		return
	}
	switch v.Kind() {
	case reflect.Pointer:
		elem := reflect.New(v.Type().Elem())
		d.decode(n, elem.Elem(), path)
		v.Set(elem)
	case reflect.Struct:
		d.decodeStruct(n, v, path)
	case reflect.Map:
		d.decodeStringMap(n, v, path)
	case reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			d.errorf(n, path, "write it as a YAML list: one \"- item\" per line", "expected a list, got %s", describe(n))
			return
		}
		s := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
		for i, item := range n.Content {
			d.decode(item, s.Index(i), index(path, i))
		}
		v.Set(s)
	case reflect.String:
		if n.Kind != yaml.ScalarNode {
			d.errorf(n, path, "write a plain value", "expected a string, got %s", describe(n))
			return
		}
		v.SetString(n.Value)
	case reflect.Int:
		if n.Kind != yaml.ScalarNode || n.Tag != "!!int" {
			d.errorf(n, path, "write a whole number without quotes", "expected a whole number, got %s", describe(n))
			return
		}
		x, err := strconv.ParseInt(n.Value, 0, 64)
		if err != nil {
			d.errorf(n, path, "write a whole number such as 512", "%q is not a whole number", n.Value)
			return
		}
		v.SetInt(x)
	case reflect.Float64:
		if n.Kind != yaml.ScalarNode || (n.Tag != "!!int" && n.Tag != "!!float") {
			d.errorf(n, path, "write a number without quotes", "expected a number, got %s", describe(n))
			return
		}
		x, err := strconv.ParseFloat(n.Value, 64)
		if err != nil {
			d.errorf(n, path, "write a number such as 128", "%q is not a number", n.Value)
			return
		}
		v.SetFloat(x)
	case reflect.Bool:
		if n.Kind != yaml.ScalarNode || n.Tag != "!!bool" {
			d.errorf(n, path, "write true or false", "expected true or false, got %s", describe(n))
			return
		}
		v.SetBool(n.Value == "true" || n.Value == "True" || n.Value == "TRUE")
	default:
		panic("spec: unsupported field kind " + v.Kind().String())
	}
}

// describe names what a node is, for "expected X, got Y" messages.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		return fmt.Sprintf("%q", n.Value)
	}
	return "something else"
}

// fieldsOf maps yaml keys to struct field indexes.
func fieldsOf(t reflect.Type) (map[string]int, []string) {
	m := map[string]int{}
	var keys []string
	for i := 0; i < t.NumField(); i++ {
		tag := t.Field(i).Tag.Get("yaml")
		if tag == "" || tag == "-" {
			continue
		}
		m[tag] = i
		keys = append(keys, tag)
	}
	return m, keys
}

func (d *decoder) decodeStruct(n *yaml.Node, v reflect.Value, path string) {
	if n.Kind != yaml.MappingNode {
		d.errorf(n, path, "write it as \"key: value\" lines", "expected a mapping, got %s", describe(n))
		return
	}
	fields, keys := fieldsOf(v.Type())
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		key := k.Value
		if seen[key] {
			d.errorf(k, join(path, key), "remove one of them", "key %q is given twice", key)
			continue
		}
		seen[key] = true
		fi, ok := fields[key]
		if !ok {
			d.unknownKey(k, path, key, keys)
			continue
		}
		d.decode(val, v.Field(fi), join(path, key))
	}
	for _, key := range keys {
		f := v.Type().Field(fields[key])
		if f.Tag.Get("required") == "true" && !seen[key] {
			d.errorf(n, join(path, key), "add "+key+": …", "%s is required", key)
		}
	}
}

func (d *decoder) unknownKey(k *yaml.Node, path, key string, keys []string) {
	fix := "allowed keys: " + strings.Join(keys, ", ")
	if s := suggest(key, keys); s != "" {
		fix = "did you mean " + s + "?"
	}
	d.errorf(k, join(path, key), fix, "unknown key %q", key)
}

func (d *decoder) decodeStringMap(n *yaml.Node, v reflect.Value, path string) {
	if n.Kind != yaml.MappingNode {
		d.errorf(n, path, "write it as \"NAME: value\" lines", "expected a mapping, got %s", describe(n))
		return
	}
	m := reflect.MakeMap(v.Type())
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], resolveAlias(n.Content[i+1])
		p := join(path, k.Value)
		d.mark(p, val)
		if m.MapIndex(reflect.ValueOf(k.Value)).IsValid() {
			d.errorf(k, p, "remove one of them", "key %q is given twice", k.Value)
			continue
		}
		if val.Kind != yaml.ScalarNode {
			d.errorf(val, p, "quote the value to make it a string", "expected a plain value, got %s", describe(val))
			continue
		}
		m.SetMapIndex(reflect.ValueOf(k.Value), reflect.ValueOf(val.Value))
	}
	v.Set(m)
}

// sortedKeys returns a map's keys in order.
func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
