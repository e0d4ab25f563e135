package ci

import (
	"bytes"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/rhysd/actionlint"
)

const workflow = "github-actions.yml"

// actionlint, as a library (no download), checks the workflow: syntax,
// expressions, action inputs of the popular actions it knows, and the run
// scripts with shellcheck when that is installed.
func TestWorkflowPassesActionlint(t *testing.T) {
	var out bytes.Buffer
	opts := &actionlint.LinterOptions{}
	if sc, err := exec.LookPath("shellcheck"); err == nil {
		opts.Shellcheck = sc
	} else {
		t.Log("shellcheck is not installed: run scripts are not checked")
	}
	l, err := actionlint.NewLinter(&out, opts)
	if err != nil {
		t.Fatal(err)
	}
	errs, err := l.LintFile(workflow, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range errs {
		t.Errorf("%s:%d:%d: %s [%s]", workflow, e.Line, e.Column, e.Message, e.Kind)
	}
}

// The linter is not silent: a broken copy of the workflow is refused.
func TestActionlintRefusesBrokenWorkflow(t *testing.T) {
	src, err := os.ReadFile(workflow)
	if err != nil {
		t.Fatal(err)
	}
	broken := strings.Replace(string(src), "if-no-files-found:", "if-no-file-found:", 1)
	broken = strings.Replace(broken, "${{ env.OUT }}/", "${{ steps.emit.outputs.dir }}/", 1)
	l, err := actionlint.NewLinter(&bytes.Buffer{}, &actionlint.LinterOptions{})
	if err != nil {
		t.Fatal(err)
	}
	errs, err := l.Lint("broken.yml", []byte(broken), nil)
	if err != nil {
		t.Fatal(err)
	}
	var msgs []string
	for _, e := range errs {
		msgs = append(msgs, e.Message)
	}
	all := strings.Join(msgs, "\n")
	for _, want := range []string{`"if-no-file-found" is not defined`, `property "emit" is not defined`} {
		if !strings.Contains(all, want) {
			t.Errorf("actionlint did not report %q; it reported:\n%s", want, all)
		}
	}
}

// The recipe does what the README says: validate, emit and synthesize into
// the uploaded artifact, doctor's SARIF to code scanning.
func TestWorkflowSteps(t *testing.T) {
	src, err := os.ReadFile(workflow)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"efsfargate validate -f",
		"efsfargate emit -f \"$SPEC\" -o \"$OUT/template.yml\"",
		"synth -c \"spec=$SPEC\" -o \"$OUT/cdk.out\"",
		"efsfargate doctor --format sarif",
		"github/codeql-action/upload-sarif@",
		"security-events: write",
		"actions/upload-artifact@",
		"go install ./cmd/...",
	} {
		if !strings.Contains(string(src), want) {
			t.Errorf("the workflow lacks %q", want)
		}
	}
}
