package emitter

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/efsfargate/efsfargate/internal/spec"
)

// splitOf parses a golden spec with layout: split added.
func splitOf(t testing.TB, dir string) (single, split *spec.Project) {
	t.Helper()
	single, err := spec.Load(filepath.Join(dir, "spec.yml"))
	if err != nil {
		t.Fatal(err)
	}
	split, err = spec.Load(filepath.Join(dir, "spec.yml"))
	if err != nil {
		t.Fatal(err)
	}
	split.Layout = spec.LayoutSplit
	return single, split
}

type jsonTemplate struct {
	Resources  map[string]json.RawMessage
	Outputs    map[string]struct{ Export struct{ Name string } }
	Parameters map[string]json.RawMessage
}

func decodeJSONTemplate(t testing.TB, body []byte) jsonTemplate {
	t.Helper()
	var tmpl jsonTemplate
	if err := json.Unmarshal(body, &tmpl); err != nil {
		t.Fatal(err)
	}
	return tmpl
}

// imports lists every Fn::ImportValue name in a template body.
func imports(t testing.TB, body []byte) []string {
	var doc any
	if err := json.Unmarshal(body, &doc); err != nil {
		t.Fatal(err)
	}
	var out []string
	var walk func(any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				if s, ok := x.(string); ok && k == "Fn::ImportValue" {
					out = append(out, s)
				}
				walk(x)
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	walk(doc)
	return out
}

// Split, every golden spec makes the same resources as its single stack,
// each in exactly one stack; every import names an export of an earlier
// stack (CloudFormation's deploy order); stack names are <app>-<stage> and
// <app>-<stage>-<service>.
func TestSplitHoldsTheSingleStacksResources(t *testing.T) {
	for _, dir := range goldenCases(t) {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			single, split := splitOf(t, dir)
			one, err := Render(single, "json")
			if err != nil {
				t.Fatal(err)
			}
			stacks, err := RenderStacks(split, "json")
			if err != nil {
				t.Fatal(err)
			}
			if len(stacks) < len(split.Services) || len(stacks) > len(split.Services)+1 {
				t.Fatalf("%d stacks for %d services", len(stacks), len(split.Services))
			}
			want := decodeJSONTemplate(t, one)
			owner := map[string]string{}
			exports := map[string]bool{}
			for k, s := range stacks {
				if k == 0 && len(stacks) > len(split.Services) && s.Name != split.Name() {
					t.Errorf("base stack is %s, want %s", s.Name, split.Name())
				}
				if svc := k - (len(stacks) - len(split.Services)); svc >= 0 && s.Name != split.Name()+"-"+strings.ReplaceAll(split.Services[svc].Name, "_", "-") {
					t.Errorf("stack %d is %s, want one for service %s", k, s.Name, split.Services[svc].Name)
				}
				got := decodeJSONTemplate(t, s.Body)
				if len(got.Resources) == 0 {
					t.Errorf("stack %s has no resources", s.Name)
				}
				for id := range got.Resources {
					if prev, dup := owner[id]; dup {
						t.Errorf("%s is in %s and %s", id, prev, s.Name)
					}
					owner[id] = s.Name
					if _, ok := want.Resources[id]; !ok {
						t.Errorf("stack %s has %s, which the single stack does not", s.Name, id)
					}
				}
				for _, name := range imports(t, s.Body) {
					if !exports[name] && !strings.Contains(string(one), `"Fn::ImportValue": "`+name+`"`) {
						t.Errorf("stack %s imports %s, which no earlier stack exports", s.Name, name)
					}
				}
				for _, o := range got.Outputs {
					exports[o.Export.Name] = true
				}
			}
			for id := range want.Resources {
				if owner[id] == "" {
					t.Errorf("%s of the single stack is in no split stack", id)
				}
			}
			for _, o := range want.Outputs {
				if !exports[o.Export.Name] {
					t.Errorf("export %s of the single stack is in no split stack", o.Export.Name)
				}
			}
		})
	}
}

// Services that call each other still give stacks that import only from
// earlier ones: each rule lives in the later of its two stacks.
func TestSplitMutualCallersHaveNoCycle(t *testing.T) {
	p, err := spec.Parse("mutual.yml", []byte(`app: ring
layout: split
services:
  a: {image: nginx, port: 80, connects_to: [c]}
  b: {image: nginx, port: 80, connects_to: [a]}
  c: {image: nginx, port: 80, connects_to: [b, a]}
`))
	if err != nil {
		t.Fatal(err)
	}
	stacks, err := RenderStacks(p, "json")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	seen := map[string]bool{}
	for _, s := range stacks {
		names = append(names, s.Name)
		for _, d := range s.DependsOn {
			if !seen[d] {
				t.Errorf("%s depends on %s, which comes later", s.Name, d)
			}
		}
		seen[s.Name] = true
	}
	if got := strings.Join(names, " "); got != "ring-dev ring-dev-a ring-dev-b ring-dev-c" {
		t.Errorf("stacks %s", got)
	}
	// c → a: a is earlier, so the rule on a's group is in c's stack.
	c := decodeJSONTemplate(t, stacks[3].Body)
	var rules []string
	for id := range c.Resources {
		if strings.HasSuffix(id, "IngressRule") {
			rules = append(rules, id)
		}
	}
	sort.Strings(rules)
	if got := strings.Join(rules, " "); got != "AFromCIngressRule BFromCIngressRule CFromAIngressRule" {
		t.Errorf("rules in ring-dev-c: %s", got)
	}
	if a := string(stacks[1].Body); strings.Contains(a, "Fn::ImportValue\": \"ring-dev-C") {
		t.Error("ring-dev-a imports from the later ring-dev-c")
	}
}

// A 200-service split spec gives 201 stacks, each within every quota.
func TestSplit200Services(t *testing.T) {
	p, err := spec.Parse("big.yml", append([]byte("layout: split\n"), specYAML(200)...))
	if err != nil {
		t.Fatal(err)
	}
	stacks, err := RenderStacks(p, "yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(stacks) != 201 {
		t.Fatalf("%d stacks, want 201", len(stacks))
	}
	for _, s := range stacks {
		if len(s.Body) > maxTemplateBytes {
			t.Errorf("%s is %d bytes", s.Name, len(s.Body))
		}
	}
	// The same spec in one stack is refused with the advice to split.
	p.Layout = spec.LayoutSingle
	if _, err := RenderStacks(p, "yaml"); err == nil || !strings.Contains(err.Error(), "set layout: split") {
		t.Errorf("single: %v", err)
	}
}

// A split stack past a quota names the stack.
func TestSplitQuotaNamesTheStack(t *testing.T) {
	var b strings.Builder
	b.WriteString("app: wide\nlayout: split\nservices:\n")
	for i := range 101 {
		fmt.Fprintf(&b, "  s%d:\n    image: nginx\n    volumes: [v%d:/a, w%d:/b]\n", i, i, i)
	}
	p, err := spec.Parse("wide.yml", []byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	_, err = RenderStacks(p, "yaml")
	if err == nil || !strings.Contains(err.Error(), "stack wide-dev would have 207 outputs") || !strings.Contains(err.Error(), "use fewer volumes") {
		t.Errorf("got %v", err)
	}
}

// Render refuses a split project: it has several templates.
func TestRenderRefusesSplit(t *testing.T) {
	p, err := spec.Parse("s.yml", []byte("app: a\nlayout: split\nservices: {web: {image: nginx}}\n"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Render(p, "yaml"); err == nil || !strings.Contains(err.Error(), "--out-dir") {
		t.Errorf("got %v", err)
	}
}

// BenchmarkSplit200 renders the 201 stacks of a 200-service split spec,
// each checked against the quotas, from a parsed project.
func BenchmarkSplit200(b *testing.B) {
	p, err := spec.Parse("big.yml", append([]byte("layout: split\n"), specYAML(200)...))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		stacks, err := RenderStacks(p, "yaml")
		if err != nil || len(stacks) != 201 {
			b.Fatalf("%d stacks, %v", len(stacks), err)
		}
	}
}
