package emitter

import (
	"bytes"
	"encoding/json"
	"errors"
	"sort"
	"strings"
	"unicode"

	"gopkg.in/yaml.v3"
)

// writeYAML writes a decoded template in the layout of AWS's formatter
// (rain fmt): sections and resource attributes in rain's order, short-form
// intrinsics, 2-space indent, a blank line between sections and between
// their entries, scalars quoted as yaml.v3 quotes them. It writes the text
// directly (re-parsing and formatting with rain would cost several times
// the whole emit); yaml.v3 is asked, once per distinct string, only about
// scalars that are not plain printable ASCII, and writes a whole entry
// whose key cannot be written plain or that holds a raw U+2028/U+2029.
//
// Deliberate differences from rain, where rain would change a string:
// strings a YAML 1.1 reader such as CloudFormation takes for booleans,
// base-60 numbers, timestamps, "=" or "<<" (yes, off, 1:20 …) stay
// double-quoted, where rain drops the quotes and CloudFormation would
// deploy true or false; strings yaml.v3's own choice of style would not
// read back (a leading newline, U+0085) are double-quoted; no blank line
// is put after a "|+" block, where it would join the string.
func writeYAML(doc map[string]any) ([]byte, error) {
	return layoutYAML(doc, true)
}

// layoutYAML is writeYAML; quote11 false writes exactly what rain writes,
// YAML 1.1 look-alikes unquoted (tests compare it with rain).
func layoutYAML(doc map[string]any, quote11 bool) ([]byte, error) {
	w := &yamlWriter{quote11: quote11, plain: map[string]renderedScalar{}, tagged: map[[2]string]renderedScalar{}, reads: map[string]bool{}}
	w.buf.Grow(4096)
	for _, key := range orderedKeys(doc, rainOrder) {
		child := rainOrder.child(key)
		if m, ok := doc[key].(map[string]any); ok && len(m) > 0 && intrinsicName(m) == "" {
			if err := w.entry(key, sectionHeader{}, 0, rainOrder); err != nil {
				return nil, err
			}
			for _, name := range orderedKeys(m, child) {
				if err := w.entry(name, m[name], 2, child.child(name)); err != nil {
					return nil, err
				}
			}
			continue
		}
		if err := w.entry(key, doc[key], 0, child); err != nil {
			return nil, err
		}
	}
	w.buf.WriteByte('\n')
	return w.buf.Bytes(), nil
}

// ordering is rain's canonical order (cft/format/sort.go): listed keys
// first, the rest after them (here in yaml.v3's key order).
type ordering struct {
	first    []string
	children map[string]ordering
}

func (o ordering) child(key string) ordering {
	if c, ok := o.children[key]; ok {
		return c
	}
	return o.children["*"]
}

var rainOrder = ordering{
	first: []string{"AWSTemplateFormatVersion", "Description", "Metadata", "Parameters", "Rules", "Mappings",
		"Conditions", "Transform", "Globals", "Resources", "Outputs"},
	children: map[string]ordering{
		"Transform":  {children: map[string]ordering{"*": {first: []string{"Name", "Parameters"}}}},
		"Metadata":   {children: map[string]ordering{"*": {first: []string{"Description"}}}},
		"Parameters": {children: map[string]ordering{"*": {first: []string{"Description", "Type", "AllowedValues", "Default"}}}},
		"Resources": {children: map[string]ordering{"*": {first: []string{"CreationPolicy", "DeletionPolicy", "UpdatePolicy",
			"UpdateReplacePolicy", "Type", "DependsOn", "Metadata", "Properties"}}}},
		"Outputs": {children: map[string]ordering{"*": {first: []string{"Description", "Value", "Export"}}}},
	},
}

func orderedKeys(m map[string]any, o ordering) []string {
	keys := make([]string, 0, len(m))
	for _, k := range o.first {
		if _, ok := m[k]; ok {
			keys = append(keys, k)
		}
	}
	rest := len(keys)
	for k := range m {
		if !contains(o.first, k) {
			keys = append(keys, k)
		}
	}
	tail := keys[rest:]
	sort.Slice(tail, func(i, j int) bool { return yamlKeyLess(tail[i], tail[j]) })
	return keys
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// shortTags are the functions rain writes in short form (cft.Tags), by
// their long name.
var shortTags = map[string]string{
	"Fn::And": "!And", "Fn::Base64": "!Base64", "Fn::Cidr": "!Cidr", "Fn::Equals": "!Equals",
	"Fn::FindInMap": "!FindInMap", "Fn::GetAZs": "!GetAZs", "Fn::GetAtt": "!GetAtt", "Fn::If": "!If",
	"Fn::ImportValue": "!ImportValue", "Fn::Join": "!Join", "Fn::Not": "!Not", "Fn::Or": "!Or",
	"Fn::Select": "!Select", "Fn::Split": "!Split", "Fn::Sub": "!Sub", "Ref": "!Ref", "Condition": "!Condition",
	"Rain::Embed": "!Rain::Embed", "Rain::Include": "!Rain::Include", "Rain::Env": "!Rain::Env",
	"Rain::S3Http": "!Rain::S3Http", "Rain::S3": "!Rain::S3", "Rain::Module": "!Rain::Module",
	"Rain::Constant": "!Rain::Constant", "Fn::Invoke": "!Invoke", "Fn::InsertFile": "!InsertFile", "Fn::Merge": "!Merge",
}

// intrinsicName is the function name of a one-key map that rain writes as a
// short tag, or "".
func intrinsicName(m map[string]any) string {
	if len(m) != 1 {
		return ""
	}
	for k := range m {
		if _, ok := shortTags[k]; ok {
			return k
		}
	}
	return ""
}

type yamlWriter struct {
	buf        bytes.Buffer
	quote11    bool
	lastIndent int
	// yaml.v3's answers, by string and by tag and string.
	plain  map[string]renderedScalar
	tagged map[[2]string]renderedScalar
	reads  map[string]bool
	// keepBlock is set after a "|+" block scalar, until the next line.
	keepBlock bool
}

// errSlow makes an entry fall back to yaml.v3: a key that is not a short
// plain scalar (over 128 characters yaml.v3 writes "? key"), or a scalar
// whose text depends on where it is nested.
var errSlow = errors.New("entry needs yaml.v3")

// sectionHeader as an entry's value writes "key:" alone; the section's
// entries follow as entries of their own.
type sectionHeader struct{}

// entry writes "key: value" at indent, the value's map keys in order o.
func (w *yamlWriter) entry(key string, v any, indent int, o ordering) error {
	mark, last, keep := w.buf.Len(), w.lastIndent, w.keepBlock
	w.line(indent)
	err := w.key(key)
	if _, header := v.(sectionHeader); err == nil && !header {
		err = w.mapValue(v, indent, o)
	}
	if !errors.Is(err, errSlow) {
		return err
	}
	w.buf.Truncate(mark)
	w.lastIndent, w.keepBlock = last, keep
	return w.slowEntry(key, v, indent, o)
}

// line starts a line at indent. rain puts an empty line before a line at
// indent 0 or 2 that is not deeper than the one before it, except after a
// block scalar that keeps its trailing newlines ("|+"), where the empty
// line would become part of the string.
func (w *yamlWriter) line(indent int) {
	if w.buf.Len() > 0 {
		w.buf.WriteByte('\n')
		if (indent == 0 || indent == 2) && indent <= w.lastIndent && !w.keepBlock {
			w.buf.WriteByte('\n')
		}
	}
	w.keepBlock = false
	w.spaces(indent)
	w.lastIndent = indent
}

func (w *yamlWriter) spaces(n int) {
	for range n {
		w.buf.WriteByte(' ')
	}
}

func (w *yamlWriter) key(k string) error {
	if len(k) > 128 || !plainSafe(k) || !resolvesToString(k) || yaml11NotString(k) {
		return errSlow
	}
	w.buf.WriteString(k)
	w.buf.WriteByte(':')
	return nil
}

// mapValue writes v after "key:" of a key at column col.
func (w *yamlWriter) mapValue(v any, col int, o ordering) error {
	switch x := v.(type) {
	case map[string]any:
		if len(x) == 0 {
			w.buf.WriteString(" {}")
			return nil
		}
		if name := intrinsicName(x); name != "" {
			return w.intrinsic(name, x[name], col)
		}
		return w.mapping(x, col+2, false, o)
	case []any:
		if len(x) == 0 {
			w.buf.WriteString(" []")
			return nil
		}
		return w.sequence(x, col+2, false)
	}
	return w.scalar(v, "", col)
}

// mapping writes m's entries at col; inline puts the first one on the
// current line (after "- ").
func (w *yamlWriter) mapping(m map[string]any, col int, inline bool, o ordering) error {
	for i, k := range orderedKeys(m, o) {
		if i > 0 || !inline {
			w.line(col)
		}
		if err := w.key(k); err != nil {
			return err
		}
		if err := w.mapValue(m[k], col, ordering{}); err != nil {
			return err
		}
	}
	return nil
}

// sequence writes s's items with their dashes at col.
func (w *yamlWriter) sequence(s []any, col int, inline bool) error {
	for i, item := range s {
		if i > 0 || !inline {
			w.line(col)
		}
		w.buf.WriteByte('-')
		if err := w.seqItem(item, col); err != nil {
			return err
		}
	}
	return nil
}

// seqItem writes v after a dash at column col.
func (w *yamlWriter) seqItem(v any, col int) error {
	switch x := v.(type) {
	case map[string]any:
		if len(x) == 0 {
			w.buf.WriteString(" {}")
			return nil
		}
		if name := intrinsicName(x); name != "" {
			return w.intrinsic(name, x[name], col)
		}
		w.buf.WriteByte(' ')
		return w.mapping(x, col+2, true, ordering{})
	case []any:
		if len(x) == 0 {
			w.buf.WriteString(" []")
			return nil
		}
		w.buf.WriteByte(' ')
		return w.sequence(x, col+2, true)
	}
	return w.scalar(v, "", col)
}

// intrinsic writes a function in short form after "key:" or "-" at col.
// As in rain, a map argument keeps its own one-key functions in long form
// (rain converts a node, then only its children).
func (w *yamlWriter) intrinsic(name string, arg any, col int) error {
	tag := shortTags[name]
	switch x := arg.(type) {
	case map[string]any:
		w.buf.WriteString(" " + tag)
		if len(x) == 0 {
			w.buf.WriteString(" {}")
			return nil
		}
		return w.mapping(x, col+2, false, ordering{})
	case []any:
		if name == "Fn::GetAtt" && allScalars(x) {
			parts := make([]string, len(x))
			for i, p := range x {
				parts[i] = scalarValue(p)
			}
			return w.scalar(strings.Join(parts, "."), tag, col)
		}
		w.buf.WriteString(" " + tag)
		if len(x) == 0 {
			w.buf.WriteString(" []")
			return nil
		}
		return w.sequence(x, col+2, false)
	}
	return w.scalar(arg, tag, col)
}

func allScalars(s []any) bool {
	for _, v := range s {
		switch v.(type) {
		case map[string]any, []any:
			return false
		}
	}
	return true
}

// scalarValue is a JSON scalar's text as a YAML node holds it.
func scalarValue(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case json.Number:
		return x.String()
	case bool:
		if x {
			return "true"
		}
		return "false"
	}
	return "null"
}

// scalar writes " value" for a string, number, bool or null, tagged when
// tag is set; a block scalar's lines go at col+2.
func (w *yamlWriter) scalar(v any, tag string, col int) error {
	s, isString := v.(string)
	if !isString {
		s = scalarValue(v)
	}
	if rawBreaks(s) {
		return errSlow
	}
	w.buf.WriteByte(' ')
	if tag != "" {
		if plainSafe(s) {
			w.buf.WriteString(tag + " " + s)
			return nil
		}
	} else if !isString {
		// Numbers, booleans and null are written as JSON has them.
		w.buf.WriteString(s)
		return nil
	} else if plainSafe(s) {
		switch {
		case w.quote11 && yaml11NotString(s), !resolvesToString(s):
			w.buf.WriteString(`"` + s + `"`)
		default:
			w.buf.WriteString(s)
		}
		return nil
	}
	r, err := w.cachedScalar(s, tag, isString)
	if err != nil {
		return err
	}
	w.buf.WriteString(r.head)
	w.keepBlock = len(r.body) > 0 && strings.Contains(r.head, "+")
	for _, l := range r.body {
		w.buf.WriteByte('\n')
		if l != "" {
			w.spaces(col + 2)
			w.buf.WriteString(l)
		}
		w.lastIndent = leadingSpaces(l, col+2)
	}
	return nil
}

// leadingSpaces is the indent rain sees on a block line: an empty line has 0.
func leadingSpaces(l string, indent int) int {
	if l == "" {
		return 0
	}
	return indent + len(l) - len(strings.TrimLeft(l, " "))
}

func (w *yamlWriter) cachedScalar(s, tag string, isString bool) (renderedScalar, error) {
	if tag == "" {
		if r, ok := w.plain[s]; ok {
			return r, nil
		}
	} else if r, ok := w.tagged[[2]string{tag, s}]; ok {
		return r, nil
	}
	r, err := slowScalar(w.scalarNode(s, tag, isString))
	if err != nil {
		return r, err
	}
	if tag == "" {
		w.plain[s] = r
	} else {
		w.tagged[[2]string{tag, s}] = r
	}
	return r, nil
}

// scalarNode is the node rain's formatter writes for a scalar: its tag,
// style 0 (yaml.v3 decides), except double quotes for YAML 1.1 look-alikes
// and for strings yaml.v3's own choice would not read back as written.
func (w *yamlWriter) scalarNode(s, tag string, isString bool) *yaml.Node {
	n := &yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: s}
	if tag == "" {
		n.Tag = "!!str"
		if !isString {
			n.Tag = ""
		}
	}
	if isString && (tag == "" && w.quote11 && yaml11NotString(s) || !plainSafe(s) && !w.readsBack(s)) {
		n.Style = yaml.DoubleQuotedStyle
	}
	return n
}

func (w *yamlWriter) readsBack(s string) bool {
	ok, seen := w.reads[s]
	if !seen {
		ok = readsBack(s)
		w.reads[s] = ok
	}
	return ok
}

// slowEntry writes "key: value" at indent (0, or 2 in a section) with
// yaml.v3, from the nodes rain would format.
func (w *yamlWriter) slowEntry(key string, v any, indent int, o ordering) error {
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	val := w.node(v, o, true)
	_, header := v.(sectionHeader)
	if header {
		// A section header alone: write it with an empty map, drop " {}".
		val = &yaml.Node{Kind: yaml.MappingNode, Style: yaml.FlowStyle}
	}
	doc := &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{w.keyNode(key), val}}
	if indent > 0 {
		// Nested in a section, as in the document, so that every column
		// yaml.v3 writes (even after a raw U+2028) is the real one.
		doc = &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{w.keyNode("s"), doc}}
	}
	if err := enc.Encode(doc); err != nil {
		return err
	}
	if err := enc.Close(); err != nil {
		return err
	}
	text := strings.TrimSuffix(buf.String(), "\n")
	if indent > 0 {
		text = strings.TrimPrefix(text, "s:\n")
	}
	if header {
		text = strings.TrimSuffix(text, " {}")
	}
	block := -1 // indent of the block scalar header line, -1 outside one
	for i, l := range strings.Split(text, "\n") {
		n := 0
		if l != "" {
			n = len(l) - len(strings.TrimLeft(l, " "))
		}
		inBlock := block >= 0 && (l == "" || n > block)
		if !inBlock {
			block = -1
		}
		if i == 0 || !inBlock {
			w.line(n)
			w.buf.WriteString(strings.TrimLeft(l, " "))
		} else {
			w.buf.WriteByte('\n')
			w.buf.WriteString(l)
			w.lastIndent = n
		}
		if !inBlock && blockHeader(l) {
			block = n
			w.keepBlock = strings.HasSuffix(strings.TrimRight(l, "0123456789 "), "+")
		}
	}
	return nil
}

// blockHeader reports whether a yaml.v3 line ends in a block scalar header
// (| or > with optional indentation and chomping indicators).
func blockHeader(l string) bool {
	l = strings.TrimRight(l, " ")
	i := len(l)
	for i > 0 && (l[i-1] >= '0' && l[i-1] <= '9' || l[i-1] == '+' || l[i-1] == '-') {
		i--
	}
	return i > 0 && (l[i-1] == '|' || l[i-1] == '>') && (i == 1 || l[i-2] == ' ')
}

func (w *yamlWriter) keyNode(k string) *yaml.Node {
	return w.scalarNode(k, "", true)
}

// node builds the yaml.v3 node rain's formatter writes for v.
func (w *yamlWriter) node(v any, o ordering, convert bool) *yaml.Node {
	switch x := v.(type) {
	case map[string]any:
		if name := intrinsicName(x); name != "" && convert {
			arg := x[name]
			if s, ok := arg.([]any); ok && name == "Fn::GetAtt" && allScalars(s) {
				parts := make([]string, len(s))
				for i, p := range s {
					parts[i] = scalarValue(p)
				}
				return w.scalarNode(strings.Join(parts, "."), shortTags[name], true)
			}
			n := w.node(arg, ordering{}, false)
			n.Tag = shortTags[name]
			return n
		}
		n := &yaml.Node{Kind: yaml.MappingNode}
		for _, k := range orderedKeys(x, o) {
			n.Content = append(n.Content, w.keyNode(k), w.node(x[k], o.child(k), true))
		}
		return n
	case []any:
		n := &yaml.Node{Kind: yaml.SequenceNode}
		for _, item := range x {
			n.Content = append(n.Content, w.node(item, ordering{}, true))
		}
		return n
	case string:
		return w.scalarNode(x, "", true)
	}
	return w.scalarNode(scalarValue(v), "", false)
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
