// Package deploy holds the local deploy test (run.sh, against moto); its Go
// test runs the checker's self-test, which needs no AWS and no moto.
package deploy

import (
	"os/exec"
	"testing"
)

// Every read-back check of check.py fails on a stubbed broken API answer.
func TestCheckerSelfTest(t *testing.T) {
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("python3 not found: the deploy checker's self-test needs python3 with boto3 and PyYAML")
	}
	if err := exec.Command("python3", "-c", "import boto3, yaml").Run(); err != nil {
		t.Skip("python3 lacks boto3 or PyYAML (pip install boto3 pyyaml): deploy checker self-test not run")
	}
	cmd := exec.Command("python3", "check_test.py")
	cmd.Env = append(cmd.Environ(), "PYTHONDONTWRITEBYTECODE=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("check_test.py: %v\n%s", err, out)
	}
}
