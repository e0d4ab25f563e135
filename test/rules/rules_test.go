package rules

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/efsfargate/efsfargate/internal/emitter"
	"github.com/efsfargate/efsfargate/internal/spec"
)

// emitted returns every raw template efsfargate emits from the specs it
// ships (reference, examples, golden specs), with whether the spec asked
// for removal: destroy.
func emitted(t *testing.T) map[string]struct {
	tmpl    map[string]any
	destroy bool
} {
	t.Helper()
	out := map[string]struct {
		tmpl    map[string]any
		destroy bool
	}{}
	projects := map[string]*spec.Project{"reference": spec.Reference()}
	files, _ := filepath.Glob("../../examples/*.yml")
	goldens, _ := filepath.Glob("../../internal/emitter/testdata/*/spec.yml")
	for _, f := range append(files, goldens...) {
		p, err := spec.Load(f)
		if err != nil {
			t.Fatal(err)
		}
		projects[f] = p
	}
	if len(projects) < 10 {
		t.Fatalf("only %d specs found", len(projects))
	}
	for name, p := range projects {
		stacks, err := emitter.RenderStacks(p, "json")
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, s := range stacks {
			var m map[string]any
			if err := json.Unmarshal(s.Body, &m); err != nil {
				t.Fatal(err)
			}
			key := name
			if len(stacks) > 1 {
				key = name + " " + s.Name
			}
			out[key] = struct {
				tmpl    map[string]any
				destroy bool
			}{m, p.FileSystem.Managed && !p.FileSystem.Retain}
		}
	}
	return out
}

func TestEmittedTemplatesKeepThePromises(t *testing.T) {
	for name, e := range emitted(t) {
		if problems := Check(e.tmpl, e.destroy); len(problems) > 0 {
			t.Errorf("%s:\n  %s", name, strings.Join(problems, "\n  "))
		}
	}
}

// The checker itself catches each broken promise.
func TestCheckFindsViolations(t *testing.T) {
	data, err := os.ReadFile("testdata/violations.json")
	if err != nil {
		t.Fatal(err)
	}
	var tmpl map[string]any
	if err := json.Unmarshal(data, &tmpl); err != nil {
		t.Fatal(err)
	}
	got := Check(tmpl, false)
	want := []string{
		"Fs: file system not encrypted at rest",
		"Fs: DeletionPolicy Retain / UpdateReplacePolicy <nil>, want Retain / Retain",
		"Open: ingress from 0.0.0.0/0",
		"OpenV6: ingress from ::/0",
		"Role.Policies[0].Statement[0]: wildcard action elasticfilesystem:*",
		"Sg.SecurityGroupIngress[0]: ingress on all protocols (IpProtocol -1)",
		"Td.Volumes[0]: EFS volume without transit encryption",
		"WildPolicy.Statement[1]: wildcard action *",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
	if got := Check(tmpl, true); len(got) != len(want)-1 {
		t.Errorf("with destroy allowed, the retain finding should go: %v", got)
	}
}
