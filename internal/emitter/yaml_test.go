package emitter

import (
	"bytes"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/efsfargate/efsfargate/internal/spec"
)

// jsonToYAML writes exactly what goformation's template.YAML() writes, on a
// template large enough to have keys like Svc2… and Svc10….
func TestYAMLMatchesGoformation(t *testing.T) {
	src := string(specYAML(12)) + `  odd:
    image: "busybox"
    command: ["sh", "-c", "echo one\n\necho two after an empty line", "- dash", "'quoted'", "#hash", "yes", "Off", "n", "1:20", "190:20:30.15", "null", "007", "1e3", "true", "~", "0x1F"]
    environment:
      MULTI: "line one\nline two\n"
      LONG: "` + strings.Repeat("long words ", 30) + `"
      EMPTY: ""
`
	p, err := spec.Parse("bench.yml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	tmpl, err := Template(p)
	if err != nil {
		t.Fatal(err)
	}
	want, err := tmpl.YAML()
	if err != nil {
		t.Fatal(err)
	}
	j, err := tmpl.JSON()
	if err != nil {
		t.Fatal(err)
	}
	got, err := jsonToYAML(j)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
		for i := range min(len(gl), len(wl)) {
			if gl[i] != wl[i] {
				t.Fatalf("YAML differs from goformation's at line %d:\n got  %q\n want %q", i+1, gl[i], wl[i])
			}
		}
		t.Errorf("YAML differs from goformation's (%d vs %d lines)", len(gl), len(wl))
	}
	// Scalars that must stay strings keep their quotes.
	var back map[string]interface{}
	if err := yaml.Unmarshal(got, &back); err != nil || back["AWSTemplateFormatVersion"] != "2010-09-09" {
		t.Errorf("version read back as %#v (%v)", back["AWSTemplateFormatVersion"], err)
	}
}

func TestYAMLKeyOrder(t *testing.T) {
	for _, c := range [][2]string{{"MountTarget2", "MountTarget10"}, {"A", "B"}, {"Svc9Role", "Svc10Role"}, {"a", "ab"}, {"Z", "a"}} {
		if !yamlKeyLess(c[0], c[1]) || yamlKeyLess(c[1], c[0]) {
			t.Errorf("want %q before %q", c[0], c[1])
		}
	}
}
