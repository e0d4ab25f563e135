package emitter

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/efsfargate/efsfargate/internal/spec"
)

// lineDiff shows the first differing lines of two texts with some context,
// enough to see what changed in a golden file.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	i := 0
	for i < len(w) && i < len(g) && w[i] == g[i] {
		i++
	}
	var b strings.Builder
	from := max(0, i-3)
	for j := from; j < i; j++ {
		fmt.Fprintf(&b, "  %4d  %s\n", j+1, w[j])
	}
	for j := i; j < min(len(w), i+8); j++ {
		fmt.Fprintf(&b, "- %4d  %s\n", j+1, w[j])
	}
	for j := i; j < min(len(g), i+8); j++ {
		fmt.Fprintf(&b, "+ %4d  %s\n", j+1, g[j])
	}
	return b.String()
}

// project returns a hand-built, fully defaulted project: a managed file
// system on the default network parameters and one service "web" mounting
// the volume "data" read-write. Tests change what they look at.
func project() *spec.Project {
	return &spec.Project{
		App:   "shop",
		Stage: "dev",
		FileSystem: spec.FileSystem{
			Managed:         true,
			Name:            "shop-dev-efs",
			PerformanceMode: "generalPurpose",
			ThroughputMode:  "bursting",
			Encrypted:       true,
			Backup:          true,
			Retain:          true,
		},
		Network: spec.Network{
			VPC:              spec.Value{Parameter: "VpcId"},
			SubnetsParameter: "SubnetIds",
			SubnetCount:      2,
			Default:          true,
		},
		Cluster:          spec.Value{Parameter: "ClusterArn"},
		ClusterDefault:   true,
		LogRetentionDays: 30,
		Services: []spec.Service{
			service("web", spec.Mount{Volume: "data", Path: "/data"}),
		},
		Volumes: []spec.Volume{volume("data")},
	}
}

func service(name string, mounts ...spec.Mount) spec.Service {
	return spec.Service{
		Name:            name,
		IDPrefix:        spec.LogicalName(name),
		ContainerName:   name,
		Family:          "shop-dev-" + name,
		Image:           "nginx:latest",
		CPU:             256,
		Memory:          512,
		DesiredCount:    1,
		PlatformVersion: "LATEST",
		Mounts:          mounts,
	}
}

func volume(name string) spec.Volume {
	return spec.Volume{Name: name, Path: "/" + name, UID: 1000, GID: 1000, Permissions: "755"}
}

// render returns p's JSON template decoded into maps and slices.
func render(t *testing.T, p *spec.Project) map[string]any {
	t.Helper()
	out, err := Render(p, "json")
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	return doc
}

// at walks doc by map keys and slice indexes (ints) and fails the test when
// the path does not exist.
func at(t *testing.T, doc any, path ...any) any {
	t.Helper()
	cur := doc
	for i, k := range path {
		switch key := k.(type) {
		case string:
			m, ok := cur.(map[string]any)
			if !ok {
				t.Fatalf("%v: not an object at %v", path, path[:i])
			}
			if cur, ok = m[key]; !ok {
				t.Fatalf("%v: no %q at %v (have %v)", path, key, path[:i], keys(m))
			}
		case int:
			s, ok := cur.([]any)
			if !ok || key >= len(s) {
				t.Fatalf("%v: no index %d at %v", path, key, path[:i])
			}
			cur = s[key]
		}
	}
	return cur
}

// has reports whether the path exists.
func has(doc any, path ...string) bool {
	cur := doc
	for _, k := range path {
		m, ok := cur.(map[string]any)
		if !ok {
			return false
		}
		if cur, ok = m[k]; !ok {
			return false
		}
	}
	return true
}

func keys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// resourcesOfType returns the logical IDs of every resource of type typ.
func resourcesOfType(t *testing.T, doc map[string]any, typ string) []string {
	t.Helper()
	var out []string
	for id, r := range at(t, doc, "Resources").(map[string]any) {
		if r.(map[string]any)["Type"] == typ {
			out = append(out, id)
		}
	}
	sort.Strings(out)
	return out
}

// js renders v as compact JSON, for comparing decoded fragments.
func js(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}
