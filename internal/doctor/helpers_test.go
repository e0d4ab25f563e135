package doctor

import (
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// check runs the doctor on testdata files (paths relative to testdata).
func check(t *testing.T, files, services, networks []string) []Finding {
	t.Helper()
	td := func(fs []string) []string {
		out := make([]string, len(fs))
		for i, f := range fs {
			out[i] = filepath.Join("testdata", f)
		}
		return out
	}
	fs, err := Check(td(files), td(services), td(networks))
	if err != nil {
		t.Fatalf("Check(%v): %v", files, err)
	}
	return fs
}

// ruleResources renders findings as sorted "RULE resource" lines.
func ruleResources(fs []Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Rule+" "+f.Resource)
	}
	sort.Strings(out)
	return out
}

func dump(fs []Finding) string {
	var b strings.Builder
	for _, f := range fs {
		b.WriteString("\n  " + f.Location() + " " + string(f.Severity) + " " + f.Rule + " [" + f.Resource + "] " + f.Path + ": " + f.Message)
	}
	return b.String()
}
