package spec

import (
	"fmt"
	"reflect"
	"sort"
	"strings"
	"sync"

	"gopkg.in/yaml.v3"
)

// A strict decoder from yaml.Node into the File types. yaml.v3's own strict
// mode stops at the first unknown key and gives no column or suggestion; this
// one reports every problem with its field path and records the position of
// every field so validation can point at it too.

type pos struct{ line, col int }

// Aliases are accepted (a compose habit) but each use is decoded again, so
// what a spec expands to is bounded: far past anything a 1 MiB file holds
// without aliases, far below what would exhaust memory.
const (
	maxExpandedNodes = 1 << 20
	maxExpandedBytes = 4 * MaxBytes
	maxMergeDepth    = 32
)

type decoder struct {
	file string
	src  []byte
	// lines holds the byte offset where each line starts, for looking at
	// the source of a node.
	lines []int
	pos   map[string]pos
	errs  ErrorList
	// errAt and errUnder index errs by path and by every ancestor path, so
	// "was this already reported" stays constant time.
	errAt, errUnder map[string]bool

	nodes, bytes int
	overBudget   bool
	dropped      int        // errors past maxErrors, counted but not kept
	alias        *yaml.Node // innermost alias being expanded, for locating budget errors
}

func newDecoder(file string, src []byte) *decoder {
	lines := []int{0}
	for i, c := range src {
		if c == '\n' {
			lines = append(lines, i+1)
		}
	}
	return &decoder{file: file, src: src, lines: lines, pos: map[string]pos{}, errAt: map[string]bool{}, errUnder: map[string]bool{}}
}

// nodeDecoder is implemented by the union types (scalar-or-mapping forms).
type nodeDecoder interface {
	decodeNode(d *decoder, n *yaml.Node, path string)
}

// maxErrors bounds what one file reports: a hostile file (or an anchor
// with many mistakes, aliased many times) must not print millions of lines.
const maxErrors = 1000

func (d *decoder) add(e *FieldError) {
	if len(d.errs) < maxErrors {
		d.errs = append(d.errs, e)
	} else {
		d.dropped++
	}
	d.errAt[e.Path] = true
	for p := e.Path; p != ""; {
		p = parentPath(p)
		if d.errUnder[p] {
			break
		}
		d.errUnder[p] = true
	}
}

func (d *decoder) errorf(n *yaml.Node, path, fix, format string, args ...any) {
	e := &FieldError{File: d.file, Path: path, Msg: fmt.Sprintf(format, args...), Fix: fix}
	if n != nil {
		e.Line, e.Col = n.Line, n.Column
	}
	d.add(e)
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
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < 64; i++ {
		n = n.Alias
	}
	return n
}

func isNull(n *yaml.Node) bool {
	return n == nil || (n.Kind == yaml.ScalarNode && n.Tag == "!!null")
}

var (
	nodeDecoderType = reflect.TypeOf((*nodeDecoder)(nil)).Elem()
	valueFileType   = reflect.TypeOf(ValueFile{})
	subnetsFileType = reflect.TypeOf(SubnetsFile{})
)

// decode fills v from n. v must be addressable.
func (d *decoder) decode(n *yaml.Node, v reflect.Value, path string) {
	outer := d.alias
	defer func() { d.alias = outer }()
	n = d.resolve(n)
	if n == nil || !d.spend(n, path) {
		return
	}
	d.mark(path, n)
	t := v.Type()
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if !d.checkTag(n, path, t == valueFileType || t == subnetsFileType) {
		if v.Kind() == reflect.Pointer && (t == valueFileType || t == subnetsFileType) {
			v.Set(reflect.New(t)) // given, though unreadable: no "missing" errors follow
		}
		return
	}
	n = d.nonSpecific(n)
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
		x, msg := coreInt(n.Value)
		if msg != "" {
			d.errorf(n, path, "write the number in plain decimal digits, such as 512", "%s", msg)
			return
		}
		v.SetInt(x)
	case reflect.Float64:
		if n.Kind != yaml.ScalarNode || (n.Tag != "!!int" && n.Tag != "!!float") {
			d.errorf(n, path, "write a number without quotes", "expected a number, got %s", describe(n))
			return
		}
		x, msg := coreFloatValue(n.Value)
		if msg != "" {
			d.errorf(n, path, "write a number such as 128", "%s", msg)
			return
		}
		v.SetFloat(x)
	case reflect.Bool:
		if n.Kind != yaml.ScalarNode || n.Tag != "!!bool" || !coreBool.MatchString(n.Value) {
			d.errorf(n, path, "write true or false", "expected true or false, got %s", describe(n))
			return
		}
		v.SetBool(strings.EqualFold(n.Value, "true"))
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

type structFields struct {
	index map[string]int
	keys  []string
}

var fieldsCache sync.Map // reflect.Type → *structFields

// fieldsOf maps yaml keys to struct field indexes.
func fieldsOf(t reflect.Type) (map[string]int, []string) {
	if f, ok := fieldsCache.Load(t); ok {
		return f.(*structFields).index, f.(*structFields).keys
	}
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
	fieldsCache.Store(t, &structFields{m, keys})
	return m, keys
}

func (d *decoder) decodeStruct(n *yaml.Node, v reflect.Value, path string) {
	if n.Kind != yaml.MappingNode {
		d.errorf(n, path, "write it as \"key: value\" lines", "expected a mapping, got %s", describe(n))
		return
	}
	fields, keys := fieldsOf(v.Type())
	seen := map[string]bool{}
	for _, p := range d.pairs(n, path) {
		k, val := p.k, p.v
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
		f := v.Type().Field(fi)
		if f.Tag.Get("required") == "true" && f.Type.Kind() == reflect.String && isNull(resolveAlias(val)) {
			d.mark(join(path, key), k)
			d.errorf(k, join(path, key), "give "+key+" a value, e.g. "+key+": "+exampleOf(f), "%s has no value", key)
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

// exampleOf is the example value of a required field, for the fix.
func exampleOf(f reflect.StructField) string {
	if e := f.Tag.Get("example"); e != "" {
		return e
	}
	return "…"
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
	outer := d.alias
	defer func() { d.alias = outer }()
	for _, pr := range d.pairs(n, path) {
		d.alias = outer
		k := pr.k
		p := join(path, k.Value)
		val := d.resolve(pr.v)
		if val == nil || !d.spend(val, p) {
			return
		}
		d.mark(p, val)
		if m.MapIndex(reflect.ValueOf(k.Value)).IsValid() {
			d.errorf(k, p, "remove one of them", "key %q is given twice", k.Value)
			continue
		}
		if !d.checkTag(val, p, false) {
			continue
		}
		if val.Kind != yaml.ScalarNode {
			d.errorf(val, p, "quote the value to make it a string", "expected a plain value, got %s", describe(val))
			continue
		}
		if isNull(val) {
			d.errorf(val, p, "write "+k.Value+": \"\" for an empty value", "%s has no value", k.Value)
			continue
		}
		m.SetMapIndex(reflect.ValueOf(k.Value), reflect.ValueOf(val.Value))
	}
	v.Set(m)
}

// result returns the errors in file order, and how many more there were.
func (d *decoder) result() ErrorList {
	list := d.errs.sorted()
	if d.dropped > 0 {
		list = append(list, &FieldError{File: d.file, Msg: fmt.Sprintf("and %d more problems", d.dropped), Fix: "fix the ones above first"})
	}
	return list
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
