package doctor

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// realworldDir is the public corpus of EFS-on-ECS templates and task
// definitions beside the repository (../shared/realworld from its root).
const realworldDir = "../../../shared/realworld"

// TestRealWorld runs the doctor over every file of the public corpus and
// compares the findings with the reviewed ones in testdata/realworld
// (go test -update rewrites them; review the diff like code).
func TestRealWorld(t *testing.T) {
	entries, err := os.ReadDir(realworldDir)
	if os.IsNotExist(err) {
		t.Skipf("skipped: the public corpus %s (../shared/realworld from the repository root) is not present on this machine", realworldDir)
	}
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	n := 0
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !(strings.HasSuffix(name, ".json") || strings.HasSuffix(name, ".yml") || strings.HasSuffix(name, ".yaml")) {
			continue
		}
		n++
		t.Run(name, func(t *testing.T) {
			fs, err := Check([]string{filepath.Join(realworldDir, name)}, nil, nil)
			if err != nil {
				t.Fatalf("Check: %v", err)
			}
			var b strings.Builder
			for _, f := range fs {
				fmt.Fprintf(&b, "%d:%d %s %s [%s] %s: %s\n", f.Line, f.Column, f.Severity, f.Rule, f.Resource, f.Path, f.Message)
			}
			realworldGolden(t, name+".txt", b.String())
		})
	}
	if n == 0 {
		t.Fatalf("no templates in %s", realworldDir)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("the corpus took %v, want under 5s", d)
	}
}

func realworldGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "realworld", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs from the doctor's findings (go test -update rewrites it):\n%s", path, got)
	}
}
