package emitter

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"github.com/efsfargate/efsfargate/internal/spec"
)

// goformation writes a function as base64 of its JSON and, in
// template.JSON(), turns every string that decodes to a one-key JSON object
// naming a function back into that function (intrinsics.ProcessJSON). A
// spec string of that shape (an environment value, an image, a command)
// would become a live Ref, GetAtt or Fn::Transform in the raw template.
// protectLiterals hands the builder placeholders for such strings, and
// restore puts the strings back after template.JSON().

// literals maps placeholders back to the spec strings they stand for.
type literals struct {
	prefix string
	values []string
}

// looksEncoded reports whether goformation could decode s as a function:
// std base64 of a JSON object with one key. Any such string is protected,
// whatever the key, so that a name goformation learns later is covered too.
func looksEncoded(s string) bool {
	if !base64Shaped(s) {
		return false
	}
	raw, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return false
	}
	var obj map[string]json.RawMessage
	return json.Unmarshal(raw, &obj) == nil && len(obj) == 1
}

// base64Shaped is a cheap first test, without allocating: std base64
// characters (DecodeString skips CR and LF) in whole groups of four.
func base64Shaped(s string) bool {
	n := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case isAlnum(c), c == '+', c == '/', c == '=':
			n++
		case c == '\r', c == '\n':
		default:
			return false
		}
	}
	return n >= 8 && n%4 == 0 // `{"":0}`, the shortest one-key object, takes 8
}

// protectLiterals returns p unchanged when no string in it looks encoded;
// otherwise a deep copy in which each such string is a placeholder, and
// the placeholders. p itself is never changed.
func protectLiterals(p *spec.Project) (*spec.Project, *literals) {
	found := false
	eachString(reflect.ValueOf(p).Elem(), func(s string) {
		found = found || looksEncoded(s)
	})
	if !found {
		return p, nil
	}
	var all []string
	eachString(reflect.ValueOf(p).Elem(), func(s string) { all = append(all, s) })
	// A prefix no spec string contains, so restore cannot mistake one.
	prefix := "\uE000efsfargate-literal-"
	for containsAny(all, prefix) {
		prefix = "\uE000" + prefix
	}
	l := &literals{prefix: prefix}
	index := map[string]int{}
	cp := reflect.New(reflect.TypeOf(*p)).Elem()
	deepCopy(cp, reflect.ValueOf(p).Elem(), func(s string) string {
		if !looksEncoded(s) {
			return s
		}
		i, seen := index[s]
		if !seen {
			i = len(l.values)
			index[s] = i
			l.values = append(l.values, s)
		}
		return l.placeholder(i)
	})
	q := cp.Addr().Interface().(*spec.Project)
	return q, l
}

func (l *literals) placeholder(i int) string {
	return l.prefix + strconv.Itoa(i) + "\uE001"
}

func containsAny(list []string, sub string) bool {
	for _, s := range list {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// restore replaces every placeholder in the decoded template, in keys and
// values, by its string. A placeholder the builder changed is an error, not
// a silent leftover.
func (l *literals) restore(v any) (any, error) {
	switch x := v.(type) {
	case string:
		return l.restoreString(x)
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, c := range x {
			rk, err := l.restoreString(k)
			if err != nil {
				return nil, err
			}
			if out[rk], err = l.restore(c); err != nil {
				return nil, err
			}
		}
		return out, nil
	case []any:
		for i, c := range x {
			r, err := l.restore(c)
			if err != nil {
				return nil, err
			}
			x[i] = r
		}
		return x, nil
	}
	return v, nil
}

func (l *literals) restoreString(s string) (string, error) {
	if !strings.Contains(s, l.prefix) {
		return s, nil
	}
	var b strings.Builder
	for {
		i := strings.Index(s, l.prefix)
		if i < 0 {
			b.WriteString(s)
			return b.String(), nil
		}
		b.WriteString(s[:i])
		rest := s[i+len(l.prefix):]
		end := strings.IndexRune(rest, '\uE001')
		n, err := strconv.Atoi(rest[:max(end, 0)])
		if end < 0 || err != nil || n >= len(l.values) {
			return "", fmt.Errorf("emitter: a spec string was changed on its way into the template: %q", s)
		}
		b.WriteString(l.values[n])
		s = rest[end+len("\uE001"):]
	}
}

// eachString calls f on every string reachable from v.
func eachString(v reflect.Value, f func(string)) {
	switch v.Kind() {
	case reflect.String:
		f(v.String())
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			eachString(v.Elem(), f)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			eachString(v.Field(i), f)
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			eachString(v.Index(i), f)
		}
	case reflect.Map:
		it := v.MapRange()
		for it.Next() {
			eachString(it.Key(), f)
			eachString(it.Value(), f)
		}
	}
}

// deepCopy copies src into dst (settable, same type), passing every string
// through f. Slices, maps and pointers are copied, never shared.
func deepCopy(dst, src reflect.Value, f func(string) string) {
	switch src.Kind() {
	case reflect.String:
		dst.SetString(f(src.String()))
	case reflect.Pointer:
		if src.IsNil() {
			return
		}
		p := reflect.New(src.Elem().Type())
		deepCopy(p.Elem(), src.Elem(), f)
		dst.Set(p)
	case reflect.Interface:
		if src.IsNil() {
			return
		}
		c := reflect.New(src.Elem().Type()).Elem()
		deepCopy(c, src.Elem(), f)
		dst.Set(c)
	case reflect.Struct:
		dst.Set(src) // unexported fields as they are
		for i := range src.NumField() {
			if dst.Field(i).CanSet() {
				deepCopy(dst.Field(i), src.Field(i), f)
			}
		}
	case reflect.Slice:
		if src.IsNil() {
			return
		}
		s := reflect.MakeSlice(src.Type(), src.Len(), src.Len())
		for i := range src.Len() {
			deepCopy(s.Index(i), src.Index(i), f)
		}
		dst.Set(s)
	case reflect.Array:
		for i := range src.Len() {
			deepCopy(dst.Index(i), src.Index(i), f)
		}
	case reflect.Map:
		if src.IsNil() {
			return
		}
		m := reflect.MakeMapWithSize(src.Type(), src.Len())
		it := src.MapRange()
		for it.Next() {
			k := reflect.New(src.Type().Key()).Elem()
			deepCopy(k, it.Key(), f)
			val := reflect.New(src.Type().Elem()).Elem()
			deepCopy(val, it.Value(), f)
			m.SetMapIndex(k, val)
		}
		dst.Set(m)
	default:
		dst.Set(src)
	}
}
