//go:build external

package cfnlint

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
)

// A template with one unused parameter (W2001) and a log group without
// retention policies (I3011 twice).
const badTemplate = `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Unused:
    Type: String
Resources:
  Logs:
    Type: AWS::Logs::LogGroup
    Properties:
      RetentionInDays: 7
`

const cleanTemplate = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Logs:
    Type: AWS::Logs::LogGroup
    DeletionPolicy: Retain
    UpdateReplacePolicy: Retain
    Properties:
      RetentionInDays: 7
`

func writeTemplate(t *testing.T, body string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "template.yml")
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// recorder is a testing.TB that records failures instead of failing, so
// these tests can check what Check reports.
type recorder struct {
	testing.TB
	mu     sync.Mutex
	errors []string
	fatal  bool
}

func (r *recorder) Helper() {}

func (r *recorder) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}

func (r *recorder) Fatalf(format string, args ...any) {
	r.Errorf(format, args...)
	r.fatal = true
	runtime.Goexit()
}

func (r *recorder) Fatal(args ...any) { r.Fatalf("%s", fmt.Sprint(args...)) }

// record runs fn with a recorder on its own goroutine, as Fatal ends it.
func record(t *testing.T, fn func(tb testing.TB)) *recorder {
	r := &recorder{TB: t}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		fn(r)
	}()
	wg.Wait()
	return r
}

func TestRunReportsEveryLevel(t *testing.T) {
	path := writeTemplate(t, badTemplate)
	findings, err := Run(path)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]Finding{}
	for _, f := range findings {
		got[f.Rule+" "+f.Path] = f
	}
	w, ok := got["W2001 Parameters/Unused"]
	if !ok {
		t.Fatalf("no W2001 for the unused parameter in %v", findings)
	}
	if w.Level != "Warning" || w.Line != 3 || w.File != path || !strings.Contains(w.Message, "Unused") {
		t.Errorf("W2001 finding = %+v", w)
	}
	i, ok := got["I3011 Resources/Logs"]
	if !ok {
		t.Fatalf("no informational I3011 (is --include-checks I passed?) in %v", findings)
	}
	if i.Level != "Informational" {
		t.Errorf("I3011 level = %q", i.Level)
	}
	if len(findings) != 3 {
		t.Errorf("want 3 findings (W2001, I3011 x2), got %d: %v", len(findings), findings)
	}
}

func TestRunCleanTemplate(t *testing.T) {
	findings, err := Run(writeTemplate(t, cleanTemplate))
	if err != nil {
		t.Fatal(err)
	}
	if len(findings) != 0 {
		t.Errorf("clean template has findings: %v", findings)
	}
}

func TestRunSeveralFiles(t *testing.T) {
	bad, clean := writeTemplate(t, badTemplate), writeTemplate(t, cleanTemplate)
	findings, err := Run(clean, bad)
	if err != nil {
		t.Fatal(err)
	}
	if len(findings) != 3 {
		t.Fatalf("want the 3 findings of the bad file, got %v", findings)
	}
	for _, f := range findings {
		if f.File != bad {
			t.Errorf("finding in %s, want %s", f.File, bad)
		}
	}
}

func TestRunErrors(t *testing.T) {
	if _, err := Run(); err == nil {
		t.Error("Run with no files: no error")
	}
	if _, err := Run(filepath.Join(t.TempDir(), "missing.yml")); err == nil {
		t.Error("Run on a missing file: no error")
	}
}

func TestCheckListsEveryFinding(t *testing.T) {
	path := writeTemplate(t, badTemplate)
	r := record(t, func(tb testing.TB) { Check(tb, path) })
	if r.fatal {
		t.Fatalf("Check was fatal: %v", r.errors)
	}
	if len(r.errors) != 1 {
		t.Fatalf("want one error listing the findings, got %q", r.errors)
	}
	for _, want := range []string{"3 problem(s)", "W2001", "Parameters/Unused", "I3011", "Resources/Logs"} {
		if !strings.Contains(r.errors[0], want) {
			t.Errorf("error does not mention %q:\n%s", want, r.errors[0])
		}
	}
}

func TestCheckPassesCleanTemplate(t *testing.T) {
	path := writeTemplate(t, cleanTemplate)
	r := record(t, func(tb testing.TB) { Check(tb, path) })
	if len(r.errors) != 0 {
		t.Errorf("clean template failed: %q", r.errors)
	}
}

func TestCheckIgnoring(t *testing.T) {
	path := writeTemplate(t, badTemplate)
	ignores := []Ignore{
		{Rule: "W2001", Path: "Parameters/Unused", Reason: "the parameter is kept for a later version"},
		{Rule: "I3011", Path: "Resources", Reason: "throwaway logs"},
	}
	r := record(t, func(tb testing.TB) { CheckIgnoring(tb, ignores, path) })
	if len(r.errors) != 0 {
		t.Errorf("waived findings still failed: %q", r.errors)
	}

	// A waiver for another path leaves the finding in place.
	other := []Ignore{{Rule: "W2001", Path: "Parameters/Other", Reason: "a different parameter"}}
	r = record(t, func(tb testing.TB) { CheckIgnoring(tb, other, path) })
	if len(r.errors) != 2 || !strings.Contains(r.errors[0], "W2001") || !strings.Contains(r.errors[1], "matched no finding") {
		t.Errorf("want the W2001 finding and the stale waiver reported, got %q", r.errors)
	}
}

func TestCheckIgnoringNeedsReason(t *testing.T) {
	path := writeTemplate(t, badTemplate)
	r := record(t, func(tb testing.TB) { CheckIgnoring(tb, []Ignore{{Rule: "W2001"}}, path) })
	if !r.fatal || len(r.errors) != 1 || !strings.Contains(r.errors[0], "reason") {
		t.Errorf("ignore without reason: fatal=%v errors=%q", r.fatal, r.errors)
	}
}

func TestCheckFatalWithoutCfnLint(t *testing.T) {
	path := writeTemplate(t, cleanTemplate)
	t.Setenv("PATH", t.TempDir())
	r := record(t, func(tb testing.TB) { Check(tb, path) })
	if !r.fatal {
		t.Fatalf("Check without cfn-lint was not fatal: %q", r.errors)
	}
	if len(r.errors) != 1 || !strings.Contains(r.errors[0], "not installed") {
		t.Errorf("errors = %q", r.errors)
	}
}
