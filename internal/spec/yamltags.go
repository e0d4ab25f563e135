package spec

import (
	"bytes"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// Explicit YAML tags are honoured exactly as the YAML 1.2 core schema
// defines them, or refused with their position: never read as something
// else. yaml.v3 keeps "!!bool on" as a node tagged !!bool with the text
// "on", which a plain decode turns into false.

var (
	coreBool  = regexp.MustCompile(`^(true|True|TRUE|false|False|FALSE)$`)
	coreNull  = regexp.MustCompile(`^(null|Null|NULL|~|)$`)
	coreDec   = regexp.MustCompile(`^[-+]?[0-9]+$`)
	coreOct   = regexp.MustCompile(`^0o[0-7]+$`)
	coreHex   = regexp.MustCompile(`^0x[0-9a-fA-F]+$`)
	coreFloat = regexp.MustCompile(`^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`)
	coreInf   = regexp.MustCompile(`^[-+]?\.(inf|Inf|INF)$`)
	coreNaN   = regexp.MustCompile(`^\.(nan|NaN|NAN)$`)
)

// maxExactInt is the largest integer a float64 holds exactly: JSON readers,
// jsii and CloudFormation carry numbers as doubles.
const maxExactInt = 1<<53 - 1

func isTagged(n *yaml.Node) bool { return n.Style&yaml.TaggedStyle != 0 }

// checkTag records an error and returns false when n carries an explicit
// tag that is not a core-schema tag matching its text. valueHint is true
// where {parameter: …} and {import: …} are accepted, to suggest them for
// CloudFormation's !Ref and !ImportValue.
func (d *decoder) checkTag(n *yaml.Node, path string, valueHint bool) bool {
	if !isTagged(n) {
		return true
	}
	tag := n.Tag
	switch n.Kind {
	case yaml.MappingNode:
		if tag == "!!map" {
			return true
		}
	case yaml.SequenceNode:
		if tag == "!!seq" {
			return true
		}
	case yaml.ScalarNode:
		var ok bool
		var what, want string
		switch tag {
		case "!!str":
			return true
		case "!!bool":
			ok, what, want = coreBool.MatchString(n.Value), "boolean", "true or false; YAML 1.2 reads yes, no, on and off as strings"
		case "!!int":
			ok, what, want = coreDec.MatchString(n.Value) || coreOct.MatchString(n.Value) || coreHex.MatchString(n.Value), "integer", "a whole number such as 512"
		case "!!float":
			ok, what, want = coreFloat.MatchString(n.Value) || coreInf.MatchString(n.Value) || coreNaN.MatchString(n.Value) ||
				coreDec.MatchString(n.Value), "number", "a number such as 128 or 1.5"
		case "!!null":
			ok, what, want = coreNull.MatchString(n.Value), "null", "null, ~ or nothing"
		}
		if want != "" {
			if !ok {
				d.errorf(n, path, "write "+want, "%s %s is not a YAML 1.2 %s", tag, n.Value, what)
			}
			return ok
		}
	}
	d.errorf(n, path, tagFix(n, valueHint), "the tag %s is not supported here", tag)
	return false
}

// tagFix suggests what to write instead of an unsupported tag.
func tagFix(n *yaml.Node, valueHint bool) string {
	switch {
	case n.Tag == "!Ref" && n.Kind == yaml.ScalarNode && valueHint:
		return fmt.Sprintf("write {parameter: %s}", n.Value)
	case n.Tag == "!ImportValue" && n.Kind == yaml.ScalarNode && valueHint:
		return fmt.Sprintf("write {import: %s}", n.Value)
	case n.Tag == "!Ref" && n.Kind == yaml.ScalarNode:
		return "write the value itself; only network, cluster and file_system ids take {parameter: Name}"
	case n.Tag == "!!binary":
		return "write the value as plain text"
	case strings.HasPrefix(n.Tag, "!!"):
		return "remove the tag and write a plain value"
	}
	return "remove the tag: the spec is not a CloudFormation template, and its values are plain text, numbers, true/false, lists and mappings"
}

// coreInt reads a YAML 1.2 core-schema integer. yaml.v3 also tags YAML 1.1
// forms (1_000, 0b101, 017) as !!int; they are refused rather than guessed.
func coreInt(s string) (int64, string) {
	var (
		x   int64
		err error
	)
	switch {
	case coreHex.MatchString(s):
		x, err = strconv.ParseInt(s[2:], 16, 64)
	case coreOct.MatchString(s):
		x, err = strconv.ParseInt(s[2:], 8, 64)
	case coreDec.MatchString(s):
		digits := strings.TrimLeft(s, "+-")
		if len(digits) > 1 && digits[0] == '0' {
			return 0, fmt.Sprintf("%s has a leading zero, which YAML 1.1 reads as octal and YAML 1.2 as decimal", s)
		}
		x, err = strconv.ParseInt(strings.TrimPrefix(s, "+"), 10, 64)
	default:
		return 0, fmt.Sprintf("%q is not a whole number in YAML 1.2 (no _, 0b or other YAML 1.1 forms)", s)
	}
	if err != nil || x > maxExactInt || x < -maxExactInt {
		return 0, fmt.Sprintf("%s is too large to be kept exactly (CloudFormation and JSON readers hold numbers as doubles)", s)
	}
	return x, ""
}

// coreFloatValue reads a finite YAML 1.2 core-schema number.
func coreFloatValue(s string) (float64, string) {
	if coreHex.MatchString(s) || coreOct.MatchString(s) || coreDec.MatchString(s) {
		x, msg := coreInt(s)
		return float64(x), msg
	}
	if coreInf.MatchString(s) || coreNaN.MatchString(s) {
		return 0, fmt.Sprintf("%s is not a finite number", s)
	}
	if !coreFloat.MatchString(s) {
		return 0, fmt.Sprintf("%q is not a number", s)
	}
	x, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(x, 0) || math.IsNaN(x) {
		return 0, fmt.Sprintf("%s is not a finite number", s)
	}
	return x, ""
}

// nonSpecific returns n as a string when its source carries the
// non-specific tag "!" (as in "port: ! 80"), which YAML defines as a string
// and yaml.v3 drops, resolving the text as if untagged.
func (d *decoder) nonSpecific(n *yaml.Node) *yaml.Node {
	if n.Kind != yaml.ScalarNode || isTagged(n) || n.Tag == "!!str" || n.Line < 1 || n.Line > len(d.lines) {
		return n
	}
	rest := d.src[d.lines[n.Line-1]:]
	for i := 1; i < n.Column && len(rest) > 0; i++ { // columns count characters
		_, size := utf8.DecodeRune(rest)
		rest = rest[size:]
	}
	if len(rest) > 0 && rest[0] == '&' { // an anchor comes before the tag
		if i := bytes.IndexAny(rest, " \t"); i > 0 {
			rest = bytes.TrimLeft(rest[i:], " \t")
		}
	}
	if len(rest) < 2 || rest[0] != '!' || (rest[1] != ' ' && rest[1] != '\t') {
		return n
	}
	c := *n
	c.Tag = "!!str"
	return &c
}
