package spec

import (
	"strings"
	"testing"
)

// layout is single unless the spec says split; anything else is refused
// with its position and the allowed values.
func TestLayout(t *testing.T) {
	for src, want := range map[string]string{
		"app: a\nservices: {web: {image: nginx}}\n":                 LayoutSingle,
		"app: a\nlayout: single\nservices: {web: {image: nginx}}\n": LayoutSingle,
		"app: a\nlayout: split\nservices: {web: {image: nginx}}\n":  LayoutSplit,
	} {
		p, err := Parse("s.yml", []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		if p.Layout != want || p.Split() != (want == LayoutSplit) {
			t.Errorf("%q: layout %q", src, p.Layout)
		}
	}
	_, err := Parse("s.yml", []byte("app: a\nlayout: splitt\nservices: {web: {image: nginx}}\n"))
	if err == nil || !strings.Contains(err.Error(), "s.yml:2:9: layout:") || !strings.Contains(err.Error(), "did you mean split?") {
		t.Errorf("got %v", err)
	}
}
