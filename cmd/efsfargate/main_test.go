package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runCLI runs the command in-process with the given stdin.
func runCLI(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func writeFile(t *testing.T, path, data string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

const nanokit = "app: myapp\nstage: stage\nservices:\n  database:\n    image: mongo:latest\n    volumes:\n      - data-store:/data/db\n"

func TestNoArgumentsEmitsReference(t *testing.T) {
	code, out, errs := runCLI(t, "")
	if code != 0 || errs != "" {
		t.Fatalf("exit %d, stderr %s", code, errs)
	}
	for _, want := range []string{"ClusterArn:", "EFSFileSystemId:", "SubnetIds:", "VpcId:", "TaskSecurityGroup:", "EFSIngressRule:",
		"TaskDefinition:", "TaskRole:", "ExecutionRole:", "Service:", "efs-security-group-id", "nginx:latest", "/usr/share/nginx/html", "shared-data"} {
		if !strings.Contains(out, want) {
			t.Errorf("reference template lacks %q", want)
		}
	}
	_, emitOut, _ := runCLI(t, "", "emit")
	if emitOut != out {
		t.Error("`efsfargate` and `efsfargate emit` differ")
	}
}

func TestEmitFormatsAndFile(t *testing.T) {
	dir := t.TempDir()
	specPath := filepath.Join(dir, "efsfargate.yml")
	writeFile(t, specPath, nanokit)
	out := filepath.Join(dir, "template.json")
	code, stdout, errs := runCLI(t, "", "emit", "-f", specPath, "--format", "json", "-o", out)
	if code != 0 || stdout != "" || errs != "" {
		t.Fatalf("exit %d stdout %q stderr %q", code, stdout, errs)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var tmpl struct {
		Resources map[string]struct{ Type string }
	}
	if err := json.Unmarshal(data, &tmpl); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	if tmpl.Resources["FileSystem"].Type != "AWS::EFS::FileSystem" || tmpl.Resources["DataStoreAccessPoint"].Type != "AWS::EFS::AccessPoint" {
		t.Errorf("resources: %v", tmpl.Resources)
	}
	// Same input from stdin gives the same bytes.
	_, fromStdin, _ := runCLI(t, nanokit, "emit", "-f", "-", "--format", "json")
	if fromStdin != string(data) {
		t.Error("stdin and file output differ")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("temp files left behind: %v", entries)
	}
}

func TestInvalidSpecWritesNothing(t *testing.T) {
	dir := t.TempDir()
	specPath := filepath.Join(dir, "bad.yml")
	writeFile(t, specPath, strings.Replace(nanokit, "data-store:/data/db", "data-store:data/db", 1)+"    cpu: 3\n")
	out := filepath.Join(dir, "template.yml")
	code, _, errs := runCLI(t, "", "emit", "-f", specPath, "-o", out)
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	for _, want := range []string{specPath + ":7:9: services.database.volumes[0]: container path \"data/db\" is relative", specPath + ":8:10: services.database.cpu:", "2 problems; nothing was written"} {
		if !strings.Contains(errs, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errs)
		}
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Error("output file was written for an invalid spec")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("files left behind: %v", entries)
	}
}

func TestValidate(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.yml")
	writeFile(t, good, nanokit)
	if code, out, _ := runCLI(t, "", "validate", "-f", good); code != 0 || !strings.Contains(out, "valid: app myapp, stage stage, 1 service(s), 1 volume(s)") {
		t.Errorf("exit %d out %q", code, out)
	}
	if code, _, errs := runCLI(t, "", "validate", "-f", filepath.Join(dir, "missing.yml")); code != 1 || !strings.Contains(errs, "missing.yml: cannot read the file") {
		t.Errorf("missing file: exit %d stderr %q", code, errs)
	}
	if code, _, errs := runCLI(t, "services: [\n", "validate", "-f", "-"); code != 1 || !strings.Contains(errs, "<stdin>:1:1: invalid YAML") {
		t.Errorf("syntax: exit %d stderr %q", code, errs)
	}
}

// A spec past CloudFormation's per-stack quotas fails validate and emit
// with the reason, and nothing is written.
func TestQuotaReported(t *testing.T) {
	var b strings.Builder
	b.WriteString("app: big\nservices:\n")
	for i := range 80 {
		fmt.Fprintf(&b, "  svc-%d:\n    image: nginx\n    volumes: [data:/data]\n", i)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "big.yml")
	writeFile(t, path, b.String())
	for _, args := range [][]string{{"validate", "-f", path}, {"emit", "-f", path, "-o", filepath.Join(dir, "out.yml")}} {
		code, _, errs := runCLI(t, "", args...)
		if code != 1 || !strings.Contains(errs, path+": the stack would have 565 resources and CloudFormation allows 500 per stack") {
			t.Errorf("%v: exit %d, stderr %q", args, code, errs)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("files written: %v", entries)
	}
}

func TestInitRefusesToOverwrite(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "efsfargate.yml")
	if code, _, errs := runCLI(t, "", "init", "-o", path); code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	first, _ := os.ReadFile(path)
	if code, _, _ := runCLI(t, "", "validate", "-f", path); code != 0 {
		t.Error("the starter spec does not validate")
	}
	writeFile(t, path, "mine")
	code, _, errs := runCLI(t, "", "init", "-o", path)
	if code != 1 || !strings.Contains(errs, "already exists; not overwriting") {
		t.Errorf("exit %d stderr %q", code, errs)
	}
	if now, _ := os.ReadFile(path); string(now) != "mine" || len(first) == 0 {
		t.Error("init overwrote an existing file")
	}
}

func TestSchemaCommand(t *testing.T) {
	code, out, _ := runCLI(t, "", "schema")
	var s map[string]any
	if code != 0 || json.Unmarshal([]byte(out), &s) != nil || s["$schema"] == nil {
		t.Errorf("exit %d, output is not a JSON Schema", code)
	}
}

func TestUsageErrorsAndHelp(t *testing.T) {
	for _, args := range [][]string{{"bogus"}, {"emit", "--format", "xml"}, {"emit", "--nope"}, {"emit", "file.yml"}, {"validate", "x"}, {"schema", "x"}} {
		if code, _, _ := runCLI(t, "", args...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
	for _, cmd := range []string{"emit", "validate", "init", "schema", "doctor"} {
		code, out, errs := runCLI(t, "", cmd, "--help")
		if code != 0 || !strings.Contains(out, "Usage: efsfargate "+cmd) || errs != "" {
			t.Errorf("%s --help: exit %d, out %q, stderr %q", cmd, code, out, errs)
		}
	}
	if code, out, _ := runCLI(t, "", "--help"); code != 0 || !strings.Contains(out, "Exit codes") {
		t.Errorf("--help: exit %d", code)
	}
}

// A spec that deploys but will surprise: validate and emit say so on
// stderr, exit 0, and emit still writes the template.
func TestWarningsOnStderr(t *testing.T) {
	dir := t.TempDir()
	path := dir + "/efsfargate.yml"
	writeFile(t, path, `app: ci
services:
  jenkins:
    image: jenkins/jenkins:lts
    volumes:
      - {name: home, path: /var/jenkins_home, access_point: {uid: 2000, gid: 2000}}
`)
	for _, cmd := range []string{"validate", "emit"} {
		code, stdout, stderr := runCLI(t, "", cmd, "-f", path)
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", cmd, code, stderr)
		}
		if !strings.Contains(stderr, "warning: "+path+":6:9: services.jenkins.volumes[0]: jenkins/jenkins:lts runs as 1000:1000") {
			t.Errorf("%s: stderr %q has no located warning", cmd, stderr)
		}
		if cmd == "emit" && !strings.Contains(stdout, "AWS::ECS::Service") {
			t.Errorf("emit wrote no template")
		}
	}
}
