//go:build external

package emitter

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/efsfargate/efsfargate/internal/cfnlint"
	"github.com/efsfargate/efsfargate/internal/spec"
)

// Every stack of every golden spec split, of the split example and of a
// 200-service split spec passes cfn-lint with nothing waived.
func TestSplitStacksPassCfnLint(t *testing.T) {
	var projects []*spec.Project
	for _, dir := range goldenCases(t) {
		_, p := splitOf(t, dir)
		projects = append(projects, p)
	}
	example, err := spec.Load(filepath.Join("..", "..", "examples", "split.yml"))
	if err != nil {
		t.Fatal(err)
	}
	big, err := spec.Parse("big.yml", append([]byte("layout: split\n"), specYAML(200)...))
	if err != nil {
		t.Fatal(err)
	}
	projects = append(projects, example, big)
	tmp := t.TempDir()
	var files []string
	for i, p := range projects {
		stacks, err := RenderStacks(p, "yaml")
		if err != nil {
			t.Fatal(err)
		}
		dir := filepath.Join(tmp, string(rune('a'+i%26))+p.Name())
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		for _, s := range stacks {
			path := filepath.Join(dir, s.Name+".yaml")
			if err := os.WriteFile(path, s.Body, 0o644); err != nil {
				t.Fatal(err)
			}
			files = append(files, path)
		}
	}
	if len(files) < 201+len(projects) {
		t.Fatalf("only %d stacks", len(files))
	}
	cfnlint.Check(t, files...)
}
