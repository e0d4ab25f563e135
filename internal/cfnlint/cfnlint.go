// Package cfnlint runs the external cfn-lint over CloudFormation templates in
// tests and turns every finding, informational ones included, into a test
// failure. A missing cfn-lint fails the test: a linter that silently does not
// run proves nothing.
package cfnlint

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Command is the cfn-lint executable, looked up in PATH.
const Command = "cfn-lint"

// Finding is one cfn-lint result.
type Finding struct {
	Rule    string // e.g. W2001
	Level   string // Error, Warning or Informational
	Message string
	Path    string // e.g. Resources/Service/Properties/DesiredCount
	File    string
	Line    int
}

func (f Finding) String() string {
	return fmt.Sprintf("%s:%d: %s %s at %s: %s", f.File, f.Line, f.Level, f.Rule, f.Path, f.Message)
}

// Ignore waives findings that are wrong for one case. Reason is required.
type Ignore struct {
	Rule string // rule id, required
	// Path, when set, limits the waiver to findings at this path or below.
	Path   string
	Reason string
}

func (i Ignore) matches(f Finding) bool {
	if i.Rule != f.Rule {
		return false
	}
	return i.Path == "" || f.Path == i.Path || strings.HasPrefix(f.Path, i.Path+"/")
}

// report is cfn-lint's --format json output, the fields used here.
type report struct {
	Filename string
	Level    string
	Message  string
	Location struct {
		Path  []interface{}
		Start struct{ LineNumber int }
	}
	Rule struct{ Id string }
}

// Run lints files with every rule including informational ones
// (--include-checks I) and returns all findings. The error is for cfn-lint
// not running or not producing its JSON report, never for findings.
func Run(files ...string) ([]Finding, error) {
	if len(files) == 0 {
		return nil, errors.New("cfnlint: no files to lint")
	}
	bin, err := exec.LookPath(Command)
	if err != nil {
		return nil, fmt.Errorf("cfnlint: %s is not installed or not in PATH (install it with pip install cfn-lint): %w", Command, err)
	}
	args := []string{"--include-checks", "I", "--format", "json", "--"}
	for _, f := range files {
		abs, err := filepath.Abs(f)
		if err != nil {
			return nil, err
		}
		if _, err := os.Stat(abs); err != nil {
			return nil, fmt.Errorf("cfnlint: %w", err)
		}
		args = append(args, abs)
	}
	cmd := exec.Command(bin, args...)
	// Run outside the caller's directory so a stray .cfnlintrc there
	// cannot change which rules apply.
	cmd.Dir = os.TempDir()
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	runErr := cmd.Run()
	// cfn-lint exits non-zero whenever it finds something, so the exit code
	// alone says nothing; the JSON report decides.
	var reports []report
	if err := json.Unmarshal(stdout.Bytes(), &reports); err != nil {
		return nil, fmt.Errorf("cfnlint: %s produced no JSON report (exit: %v): %v\nstdout: %s\nstderr: %s",
			Command, runErr, err, stdout.String(), stderr.String())
	}
	if runErr != nil && len(reports) == 0 {
		return nil, fmt.Errorf("cfnlint: %s failed without findings: %v\nstderr: %s", Command, runErr, stderr.String())
	}
	out := make([]Finding, len(reports))
	for i, r := range reports {
		parts := make([]string, len(r.Location.Path))
		for j, p := range r.Location.Path {
			parts[j] = fmt.Sprint(p)
		}
		out[i] = Finding{
			Rule:    r.Rule.Id,
			Level:   r.Level,
			Message: r.Message,
			Path:    strings.Join(parts, "/"),
			File:    r.Filename,
			Line:    r.Location.Start.LineNumber,
		}
	}
	return out, nil
}

// Check fails t with every cfn-lint finding in files, and fatally when
// cfn-lint cannot run.
func Check(t testing.TB, files ...string) {
	t.Helper()
	CheckIgnoring(t, nil, files...)
}

// CheckIgnoring is Check with waivers. Each waiver needs a reason and must
// match at least one finding, so stale waivers do not pile up.
func CheckIgnoring(t testing.TB, ignores []Ignore, files ...string) {
	t.Helper()
	for _, ig := range ignores {
		if ig.Rule == "" || strings.TrimSpace(ig.Reason) == "" {
			t.Fatalf("cfnlint: ignore %+v needs a rule id and a reason", ig)
			return
		}
	}
	findings, err := Run(files...)
	if err != nil {
		t.Fatal(err)
		return
	}
	used := make([]bool, len(ignores))
	var failed []string
	for _, f := range findings {
		waived := false
		for i, ig := range ignores {
			if ig.matches(f) {
				used[i], waived = true, true
			}
		}
		if !waived {
			failed = append(failed, f.String())
		}
	}
	if len(failed) > 0 {
		t.Errorf("cfn-lint found %d problem(s):\n%s", len(failed), strings.Join(failed, "\n"))
	}
	for i, ig := range ignores {
		if !used[i] {
			t.Errorf("cfnlint: ignore of %s at %q matched no finding; remove it", ig.Rule, ig.Path)
		}
	}
}
