package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/efsfargate/efsfargate/internal/cdktest"
)

// The flags the app sets in code are the ones cdk.json gives the tests.
func TestFeatureFlagsMatchCdkJSON(t *testing.T) {
	want, err := cdktest.FeatureFlags("../../cdk.json")
	if err != nil {
		t.Fatal(err)
	}
	if got := featureFlags(); !reflect.DeepEqual(got, want) {
		for k, v := range want {
			if !reflect.DeepEqual(got[k], v) {
				t.Errorf("%s: app sets %v, cdk.json %v", k, got[k], v)
			}
		}
		for k := range got {
			if _, ok := want[k]; !ok {
				t.Errorf("%s: set by the app, not in cdk.json", k)
			}
		}
	}
}

func TestDropWaitRace(t *testing.T) {
	in := "warning: kept\nRuntime process exited abnormally: waitid: no child processes" +
		"Runtime process exited abnormally: exec: Wait was already called\n" +
		"Runtime process exited abnormally: signal: killed\ntail"
	want := "warning: kept\nRuntime process exited abnormally: signal: killed\ntail"
	if got := string(dropWaitRace([]byte(in))); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// cdkCLI is the CDK CLI pinned in package.json (npm ci installs it).
func cdkCLI(t *testing.T) string {
	t.Helper()
	cli, err := filepath.Abs("../../node_modules/.bin/cdk")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(cli); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("the pinned CDK CLI is not installed (%v); .ci/run runs npm ci", err)
		}
		t.Skip("the pinned CDK CLI is not installed: run npm ci in the repository root")
	}
	return cli
}

func synth(t *testing.T, cli, dir string, env []string, args ...string) (outdir, stderr string) {
	t.Helper()
	outdir = t.TempDir()
	cmd := exec.Command(cli, append([]string{"synth", "--quiet", "-o", outdir}, args...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), append([]string{
		"JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20",
		"CDK_DISABLE_VERSION_CHECK=1",
		// The template does not depend on it; only the time does.
		"CDK_VALIDATION=false",
	}, env...)...)
	var errb bytes.Buffer
	cmd.Stderr = &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("cdk synth in %s: %v\n%s", dir, err, errb.String())
	}
	return outdir, errb.String()
}

// The app installed and run from another folder, with a cdk.json that
// only names it, synthesizes the same template as from this repository:
// the feature flags come from the app, not from the repository's cdk.json.
func TestSynthOutsideRepository(t *testing.T) {
	if testing.Short() {
		t.Skip("synthesizes twice with the CDK CLI; skipped with -short")
	}
	cli := cdkCLI(t)
	bin := buildApp(t)
	specPath, err := filepath.Abs("../../examples/mongo.yml")
	if err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile(specPath)
	if err != nil {
		t.Fatal(err)
	}

	// As README says: go install puts efsfargate-cdk on PATH, and the
	// user's cdk.json names it.
	outside := t.TempDir()
	for name, data := range map[string]string{"cdk.json": `{"app": "efsfargate-cdk"}` + "\n", "efsfargate.yml": string(src)} {
		if err := os.WriteFile(filepath.Join(outside, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	path := "PATH=" + filepath.Dir(bin) + string(os.PathListSeparator) + os.Getenv("PATH")
	outOut, outErr := synth(t, cli, outside, []string{path}, "-c", "spec=efsfargate.yml")
	inOut, inErr := synth(t, cli, "../..", nil, "-c", "spec="+specPath)

	for where, stderr := range map[string]string{"outside": outErr, "inside": inErr} {
		for _, bad := range []string{"feature flags are not configured", "exited abnormally"} {
			if strings.Contains(stderr, bad) {
				t.Errorf("synth %s the repository printed %q:\n%s", where, bad, stderr)
			}
		}
	}
	inside, err := os.ReadFile(filepath.Join(inOut, "myapp-stage.template.json"))
	if err != nil {
		t.Fatal(err)
	}
	out, err := os.ReadFile(filepath.Join(outOut, "myapp-stage.template.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(inside, out) {
		t.Errorf("the template synthesized outside the repository differs from the one inside:\n%s", firstDifference(inside, out))
	}
	// What the flags decide is there: mount targets and the deployment
	// configuration.
	var tmpl struct {
		Resources map[string]struct {
			Type       string
			Properties map[string]interface{}
		}
	}
	if err := json.Unmarshal(out, &tmpl); err != nil {
		t.Fatal(err)
	}
	mounts, services := 0, 0
	for _, r := range tmpl.Resources {
		switch r.Type {
		case "AWS::EFS::MountTarget":
			mounts++
		case "AWS::ECS::Service":
			services++
			if r.Properties["DeploymentConfiguration"] == nil {
				t.Error("a service has no deployment configuration")
			}
		}
	}
	if mounts == 0 || services == 0 {
		t.Errorf("%d mount targets and %d services in the template", mounts, services)
	}
}

func firstDifference(a, b []byte) string {
	la, lb := strings.Split(string(a), "\n"), strings.Split(string(b), "\n")
	for i := range la {
		if i >= len(lb) || la[i] != lb[i] {
			other := "(end of file)"
			if i < len(lb) {
				other = lb[i]
			}
			return "line " + strconv.Itoa(i+1) + ":\n  inside:  " + la[i] + "\n  outside: " + other
		}
	}
	return "the outside template is longer"
}
