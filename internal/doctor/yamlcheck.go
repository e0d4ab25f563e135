package doctor

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// cfnTags are CloudFormation's YAML short forms; any other local tag is
// refused rather than read as text.
var cfnTags = map[string]bool{
	"!Ref": true, "!Sub": true, "!GetAtt": true, "!Join": true, "!Select": true, "!Split": true,
	"!If": true, "!Equals": true, "!And": true, "!Or": true, "!Not": true, "!Condition": true,
	"!FindInMap": true, "!Base64": true, "!Cidr": true, "!ImportValue": true, "!GetAZs": true,
	"!Transform": true, "!ToJsonString": true, "!Length": true,
	// Rules section functions.
	"!Contains": true, "!EachMemberEquals": true, "!EachMemberIn": true,
	"!RefAll": true, "!ValueOf": true, "!ValueOfAll": true,
}

// YAML 1.2 core schema forms of the explicitly tagged scalars.
var (
	yamlBool  = regexp.MustCompile(`^(true|True|TRUE|false|False|FALSE)$`)
	yamlInt   = regexp.MustCompile(`^([-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$`)
	yamlFloat = regexp.MustCompile(`^([-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))$`)
	yamlNull  = regexp.MustCompile(`^(~|null|Null|NULL|)$`)
)

// checkYAML refuses what CloudFormation does not read or what would be
// misread: anchors, aliases and merge keys (CloudFormation has none, and
// expanding them is how alias bombs and self-referencing aliases blow up),
// and explicit tags other than the YAML 1.2 core ones used as defined and
// CloudFormation's short forms. Tagged core scalars are rewritten to their
// canonical value (!!bool True → true, !!int 0x10 → 16). The walk is
// iterative: nesting depth costs no stack. Every problem is reported (up
// to maxProblems), the first one first.
func checkYAML(file string, top *yaml.Node) error {
	var errs []*ParseError
	fail := func(n *yaml.Node, format string, a ...any) {
		errs = append(errs, &ParseError{File: file, Line: n.Line, Column: n.Column, Msg: fmt.Sprintf(format, a...)})
	}
	stack := []*yaml.Node{top}
	for len(stack) > 0 && len(errs) < maxProblems {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		switch {
		case n.Kind == yaml.AliasNode:
			fail(n, "YAML alias *%s: CloudFormation templates and task definitions do not support anchors and aliases (write the value out)", n.Value)
			continue // never follow an alias
		case n.Anchor != "":
			fail(n, "YAML anchor &%s: CloudFormation templates and task definitions do not support anchors and aliases (write the value out)", n.Anchor)
		}
		if n.Kind == yaml.MappingNode {
			for i := 0; i+1 < len(n.Content); i += 2 {
				if k := n.Content[i]; k.Kind == yaml.ScalarNode && k.Tag == "!!merge" {
					fail(k, "YAML merge key <<: CloudFormation does not support it (write the keys out)")
				}
			}
		}
		if n.Style&yaml.TaggedStyle != 0 {
			if why := honourTag(n); why != "" {
				fail(n, "%s", why)
			}
		}
		for i := len(n.Content) - 1; i >= 0; i-- { // document order
			stack = append(stack, n.Content[i])
		}
	}
	if len(errs) == 0 {
		return nil
	}
	errs[0].More = errs[1:]
	return errs[0]
}

// maxProblems bounds the problems one input reports.
const maxProblems = 20

// honourTag checks an explicitly tagged node and canonicalises its value;
// it returns why the tag is refused, "" when it is fine.
func honourTag(n *yaml.Node) string {
	tag := n.Tag
	if cfnTags[tag] {
		return ""
	}
	if !strings.HasPrefix(tag, "!!") {
		return fmt.Sprintf("unknown YAML tag %s (CloudFormation's short forms are !Ref, !Sub, !GetAtt, !Join, !Select, !If …)", tag)
	}
	want := map[string]yaml.Kind{"!!map": yaml.MappingNode, "!!seq": yaml.SequenceNode}
	if k, ok := want[tag]; ok {
		if n.Kind != k {
			return fmt.Sprintf("YAML tag %s on a value that is not a %s", tag, tag[2:])
		}
		return ""
	}
	if n.Kind != yaml.ScalarNode {
		return fmt.Sprintf("YAML tag %s on a mapping or sequence", tag)
	}
	v := n.Value
	switch tag {
	case "!!str":
	case "!!bool":
		if !yamlBool.MatchString(v) {
			return fmt.Sprintf("%q is not a YAML 1.2 boolean (!!bool takes true or false)", v)
		}
		n.Value = strings.ToLower(v)
	case "!!int":
		if !yamlInt.MatchString(v) {
			return fmt.Sprintf("%q is not a YAML 1.2 integer", v)
		}
		i, err := strconv.ParseInt(strings.Replace(v, "0o", "0", 1), 0, 64)
		if err != nil {
			return fmt.Sprintf("%q is out of range for an integer", v)
		}
		n.Value = strconv.FormatInt(i, 10)
	case "!!float":
		if !yamlFloat.MatchString(v) {
			return fmt.Sprintf("%q is not a YAML 1.2 float", v)
		}
	case "!!null":
		if !yamlNull.MatchString(v) {
			return fmt.Sprintf("%q is not a YAML 1.2 null", v)
		}
		n.Value = ""
	default:
		return fmt.Sprintf("YAML tag %s is not supported in CloudFormation templates (use a plain string)", tag)
	}
	return ""
}
