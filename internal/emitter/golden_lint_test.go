//go:build external

package emitter

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/efsfargate/efsfargate/internal/cfnlint"
	"github.com/efsfargate/efsfargate/internal/spec"
)

// Every golden template, and the JSON form of every case, passes cfn-lint
// with informational rules on and nothing waived.
func TestGoldenTemplatesPassCfnLint(t *testing.T) {
	var files []string
	tmp := t.TempDir()
	for _, dir := range goldenCases(t) {
		files = append(files, filepath.Join(dir, "template.yml"))
		p, err := spec.Load(filepath.Join(dir, "spec.yml"))
		if err != nil {
			t.Fatal(err)
		}
		out, err := Render(p, "json")
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(tmp, filepath.Base(dir)+".json")
		if err := os.WriteFile(path, out, 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, path)
	}
	cfnlint.Check(t, files...)
}
