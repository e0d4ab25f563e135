package stacks_test

import (
	"testing"

	"github.com/efsfargate/efsfargate/internal/cfnlint"
)

// cfn-lint, informational checks included, finds nothing in any stack.
func TestCfnLint(t *testing.T) {
	var files []string
	for _, b := range fixture(t) {
		files = append(files, b.file)
	}
	cfnlint.Check(t, files...)
}
