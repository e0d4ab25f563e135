package main

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

	"github.com/efsfargate/efsfargate/internal/cdktest"
	"github.com/efsfargate/efsfargate/internal/spec"
)

// The app runs as the CDK CLI runs it: a built binary, context in
// CDK_CONTEXT_JSON (cdk.json's feature flags plus -c values), output to
// CDK_OUTDIR.

func buildApp(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "efsfargate-cdk")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

type result struct {
	code   int
	stderr string
	outdir string
}

func runApp(t *testing.T, bin string, context map[string]interface{}) result {
	t.Helper()
	flags, err := cdktest.FeatureFlags("../../cdk.json")
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range context {
		flags[k] = v
	}
	ctx, _ := json.Marshal(flags)
	outdir := t.TempDir()
	cmd := exec.Command(bin)
	cmd.Env = append(os.Environ(),
		"CDK_CONTEXT_JSON="+string(ctx),
		"CDK_OUTDIR="+outdir,
		"JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20",
		// The stacks tests synthesize with validation on; here only the
		// app's own behaviour is under test.
		"CDK_VALIDATION=false",
	)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err = cmd.Run()
	code := 0
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		code = exit.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(stderr.String(), "exited abnormally") {
		t.Errorf("the app printed jsii's exit message:\n%s", stderr.String())
	}
	return result{code: code, stderr: stderr.String(), outdir: outdir}
}

func readTemplate(t *testing.T, r result, stack string) map[string]interface{} {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(r.outdir, stack+".template.json"))
	if err != nil {
		t.Fatalf("no template for %s (exit %d, stderr %s): %v", stack, r.code, r.stderr, err)
	}
	var tmpl map[string]interface{}
	if err := json.Unmarshal(data, &tmpl); err != nil {
		t.Fatal(err)
	}
	return tmpl
}

func TestApp(t *testing.T) {
	bin := buildApp(t)
	dir := t.TempDir()
	write := func(name, src string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}

	t.Run("reference by default", func(t *testing.T) {
		r := runApp(t, bin, nil)
		if r.code != 0 {
			t.Fatalf("exit %d: %s", r.code, r.stderr)
		}
		tmpl := readTemplate(t, r, "web-app-reference")
		params := tmpl["Parameters"].(map[string]interface{})
		for _, p := range []string{"VpcId", "SubnetIds", "ClusterArn", "EFSFileSystemId", "BootstrapVersion"} {
			if params[p] == nil {
				t.Errorf("reference template lacks parameter %s", p)
			}
		}
	})

	t.Run("spec file, bootstrapless", func(t *testing.T) {
		path := write("shop.yml", "app: shop\nstage: test\nservices:\n  web:\n    image: nginx:latest\n    volumes: [html:/usr/share/nginx/html:ro]\n")
		r := runApp(t, bin, map[string]interface{}{"spec": path, "synthesizer": "bootstrapless"})
		if r.code != 0 {
			t.Fatalf("exit %d: %s", r.code, r.stderr)
		}
		tmpl := readTemplate(t, r, "shop-test")
		if params, _ := tmpl["Parameters"].(map[string]interface{}); params["BootstrapVersion"] != nil {
			t.Error("bootstrapless template still checks the bootstrap version")
		}
		if _, ok := tmpl["Rules"]; ok {
			t.Error("bootstrapless template still has the bootstrap rule")
		}
		if !strings.Contains(mustJSON(tmpl), `"AWS::EFS::FileSystem"`) {
			t.Error("managed spec made no file system")
		}
	})

	t.Run("spec errors", func(t *testing.T) {
		path := write("bad.yml", "app: shop\nservices:\n  web:\n    image: nginx\n    memory: 300\n    volumes: [data:relative]\n")
		_, want := spec.Load(path)
		if want == nil {
			t.Fatal("the bad spec loads")
		}
		r := runApp(t, bin, map[string]interface{}{"spec": path})
		if r.code != 1 {
			t.Errorf("exit %d, want 1", r.code)
		}
		lines := strings.Split(want.Error(), "\n")
		if len(lines) < 2 {
			t.Fatalf("want several errors to check, got %q", want.Error())
		}
		summary := fmt.Sprintf("%d problems; nothing was written\n", len(lines))
		if !strings.HasPrefix(r.stderr, want.Error()+"\n"+summary) {
			t.Errorf("stderr:\n%s\nwant the spec errors, one per line:\n%s", r.stderr, want.Error())
		}
		if entries, _ := os.ReadDir(r.outdir); len(entries) != 0 {
			t.Errorf("a failed spec still wrote %d files", len(entries))
		}
	})

	t.Run("missing spec file", func(t *testing.T) {
		missing := filepath.Join(dir, "nope.yml")
		_, want := spec.Load(missing)
		r := runApp(t, bin, map[string]interface{}{"spec": missing})
		if r.code != 1 || !strings.HasPrefix(r.stderr, want.Error()+"\n") {
			t.Errorf("exit %d, stderr %q; want 1 and %q", r.code, r.stderr, want.Error())
		}
	})

	// jsii's lost wait race printed "Runtime process exited abnormally" in
	// about a third of the runs; runApp fails on it, so run a few more.
	t.Run("no jsii exit message", func(t *testing.T) {
		for range 6 {
			if r := runApp(t, bin, nil); r.code != 0 {
				t.Fatalf("exit %d: %s", r.code, r.stderr)
			}
		}
	})

	t.Run("unknown synthesizer", func(t *testing.T) {
		r := runApp(t, bin, map[string]interface{}{"synthesizer": "legacy-ish"})
		if r.code != 1 || !strings.Contains(r.stderr, "context synthesizer=legacy-ish is not known") {
			t.Errorf("exit %d, stderr %q", r.code, r.stderr)
		}
	})
}

func mustJSON(v interface{}) string {
	b, _ := json.Marshal(v)
	return string(b)
}
