package emitter

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// renderedScalar is a scalar as yaml.v3 writes it as a mapping value: head
// follows "key: " (or "- "); body holds the lines of a block scalar,
// relative to the block's indentation (empty lines stay empty).
type renderedScalar struct {
	head string
	body []string
}

// plainSafe reports whether s needs no quoting as a plain scalar in block
// context, by libyaml's rules (yaml_emitter_analyze_scalar), for printable
// ASCII; anything else (control or non-ASCII characters, line breaks) is
// left to yaml.v3. Whether yaml.v3 reads it as a string is separate
// (resolvesToString).
func plainSafe(s string) bool {
	if s == "" || strings.HasPrefix(s, "---") || strings.HasPrefix(s, "...") {
		return false
	}
	switch s[0] {
	case '#', ',', '[', ']', '{', '}', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`', ' ':
		return false // indicators that cannot start a plain scalar
	case '?', ':', '-':
		if len(s) == 1 || s[1] == ' ' {
			return false
		}
	}
	if s[len(s)-1] == ' ' || s[len(s)-1] == ':' {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c < 0x20 || c > 0x7e:
			return false
		case c == ':' && s[i+1] == ' ', c == '#' && s[i-1] == ' ':
			return false // ": " starts a value, " #" a comment
		}
	}
	return true
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// resolvesToString reports whether yaml.v3's resolver (resolve.go) takes
// the plain scalar s for a string; the encoder double-quotes strings for
// which it does not. ("<<" resolves to a string there, though yaml.v3's
// parser reads it as a merge key: see yaml11NotString.)
func resolvesToString(s string) bool {
	switch s {
	case "true", "True", "TRUE", "false", "False", "FALSE", "", "~", "null", "Null", "NULL",
		".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF":
		return false
	}
	switch c := s[0]; {
	case c == '.':
		_, err := strconv.ParseFloat(s, 64)
		return err != nil
	case c >= '0' && c <= '9', c == '+', c == '-':
		return !yamlV3Number(s)
	}
	return true
}

var yamlStyleFloat = regexp.MustCompile(`^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`)

// yamlV3Number is yaml.v3's resolution of a scalar starting with a digit or
// a sign: timestamps, ints in any base (underscores dropped), floats.
func yamlV3Number(s string) bool {
	if isYAMLV3Timestamp(s) {
		return true
	}
	plain := strings.ReplaceAll(s, "_", "")
	if _, err := strconv.ParseInt(plain, 0, 64); err == nil {
		return true
	}
	if _, err := strconv.ParseUint(plain, 0, 64); err == nil {
		return true
	}
	if yamlStyleFloat.MatchString(plain) {
		if _, err := strconv.ParseFloat(plain, 64); err == nil {
			return true
		}
	}
	for _, p := range []struct {
		prefix string
		base   int
	}{{"0b", 2}, {"-0b", 2}, {"0o", 8}, {"-0o", 8}} {
		if rest, ok := strings.CutPrefix(plain, p.prefix); ok {
			if strings.HasPrefix(p.prefix, "-") {
				rest = "-" + rest
			}
			if _, err := strconv.ParseInt(rest, p.base, 64); err == nil {
				return true
			}
			if _, err := strconv.ParseUint(rest, p.base, 64); err == nil && !strings.HasPrefix(p.prefix, "-") {
				return true
			}
		}
	}
	return false
}

func isYAMLV3Timestamp(s string) bool {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i != 4 || i == len(s) || s[i] != '-' {
		return false
	}
	for _, f := range []string{"2006-1-2T15:4:5.999999999Z07:00", "2006-1-2t15:4:5.999999999Z07:00", "2006-1-2 15:4:5.999999999", "2006-1-2"} {
		if _, err := time.Parse(f, s); err == nil {
			return true
		}
	}
	return false
}

// CloudFormation reads templates as YAML 1.1: unquoted yes/no/on/off, base-60
// numbers, 1.1 timestamps, "=" (the value tag) and "<<" (merge) are not
// strings there, while yaml.v3 (YAML 1.2, and so rain fmt) writes them
// without quotes. These stay quoted so that an
// environment value "off" reaches the task as "off", not "false".
var (
	yaml11Bools = map[string]bool{"=": true, "<<": true, "y": true, "Y": true, "yes": true, "Yes": true, "YES": true, "on": true, "On": true, "ON": true,
		"n": true, "N": true, "no": true, "No": true, "NO": true, "off": true, "Off": true, "OFF": true}
	yaml11Sexagesimal = regexp.MustCompile(`^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$`)
	yaml11Timestamp   = regexp.MustCompile(`^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)?$`)
)

// yaml11NotString reports whether a YAML 1.1 reader takes the plain scalar s
// for something other than a string where yaml.v3 does not.
func yaml11NotString(s string) bool {
	return yaml11Bools[s] || yaml11Sexagesimal.MatchString(s) || yaml11Timestamp.MatchString(s)
}

// slowScalar asks yaml.v3 how it writes n as a mapping value, with the
// settings rain fmt uses (2-space indent, no line width), and splits the
// answer into the part after "k: " and the block lines.
func slowScalar(n *yaml.Node) (renderedScalar, error) {
	text, err := encodeScalar(n)
	if err != nil {
		return renderedScalar{}, err
	}
	return splitScalar(string(text))
}

// readsBack reports whether yaml.v3's own choice of style for the string
// s reads back as s. It does not for a string with a leading newline (or
// "\n" alone), which yaml.v3 writes as a literal block that drops it, nor
// for U+0085, which it writes raw in quotes where it reads as a space.
func readsBack(s string) bool {
	if strings.ContainsRune(s, '\u0085') {
		return false
	}
	text, err := encodeScalar(&yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s})
	if err != nil {
		return false
	}
	var back struct{ K yaml.Node }
	return yaml.Unmarshal(text, &back) == nil && back.K.Value == s
}

// rawBreaks reports whether yaml.v3 may write s with U+2028 or U+2029 as
// they are, followed by spaces that depend on the nesting: such a scalar
// is written with its whole entry by yaml.v3.
func rawBreaks(s string) bool {
	return strings.ContainsAny(s, "\u2028\u2029")
}

func encodeScalar(n *yaml.Node) ([]byte, error) {
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	doc := &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{{Kind: yaml.ScalarNode, Tag: "!!str", Value: "k"}, n}}
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func splitScalar(text string) (renderedScalar, error) {
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	head, ok := strings.CutPrefix(lines[0], "k:")
	if !ok {
		return renderedScalar{}, errUnexpectedYAML(text)
	}
	r := renderedScalar{head: strings.TrimPrefix(head, " ")}
	for _, l := range lines[1:] {
		if l != "" {
			trimmed, ok := strings.CutPrefix(l, "  ")
			if !ok {
				return renderedScalar{}, errUnexpectedYAML(text)
			}
			l = trimmed
		}
		r.body = append(r.body, l)
	}
	return r, nil
}

type errUnexpectedYAML string

func (e errUnexpectedYAML) Error() string {
	return "emitter: unexpected YAML for a scalar: " + strconv.Quote(string(e))
}
