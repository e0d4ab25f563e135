package emitter

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/efsfargate/efsfargate/internal/spec"
)

var update = flag.Bool("update", false, "rewrite testdata/*/template.yml from the emitter's output")

// goldenCases lists testdata/<case> directories; each holds spec.yml and the
// expected template.yml.
func goldenCases(t testing.TB) []string {
	t.Helper()
	dirs, err := filepath.Glob(filepath.Join("testdata", "*", "spec.yml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(dirs) < 10 {
		t.Fatalf("found %d golden cases, want at least 10", len(dirs))
	}
	for i := range dirs {
		dirs[i] = filepath.Dir(dirs[i])
	}
	return dirs
}

func TestGolden(t *testing.T) {
	for _, dir := range goldenCases(t) {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			p, err := spec.Load(filepath.Join(dir, "spec.yml"))
			if err != nil {
				t.Fatal(err)
			}
			got, err := Render(p, "yaml")
			if err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join(dir, "template.yml")
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./internal/emitter -update)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from the emitter's output (review, then run go test ./internal/emitter -update):\n%s",
					golden, lineDiff(string(want), string(got)))
			}
		})
	}
}

// The reference case must be the embedded reference spec, not a copy that
// drifts from it.
func TestGoldenReferenceIsEmbeddedSpec(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "reference", "spec.yml"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(data, spec.ReferenceYAML()) {
		t.Error("testdata/reference/spec.yml differs from internal/spec/reference.yml; copy it again")
	}
}
