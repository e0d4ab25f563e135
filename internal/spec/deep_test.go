package spec

import (
	"strings"
	"testing"
)

// Nesting past the parser's limit is refused with a position, quickly.
func TestDeepNesting(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{"app: " + strings.Repeat("[", 20000), "d.yml:1:10006: invalid YAML: nesting deeper than 10000 levels (nest fewer lists and mappings)"},
		{"app: x\nservices: " + strings.Repeat("{a: ", 20000), "d.yml:2:40011: invalid YAML: nesting deeper than 10000 levels (nest fewer lists and mappings)"},
		{strings.Repeat("- ", 20000) + "x\n", "d.yml:1:20001: invalid YAML: nesting deeper than 10000 levels (nest fewer lists and mappings)"},
	} {
		_, err := Parse("d.yml", []byte(c.src))
		if err == nil || err.Error() != c.want {
			t.Errorf("got  %v\nwant %s", err, c.want)
		}
	}
}
