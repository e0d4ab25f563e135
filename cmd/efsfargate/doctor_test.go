package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const doctorData = "../../internal/doctor/testdata/"

func runDoctorCLI(args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	code = run(append([]string{"doctor"}, args...), strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

func TestDoctorExitCodes(t *testing.T) {
	cases := []struct {
		name   string
		args   []string
		code   int
		stdout string // substring
		stderr string // substring
	}{
		{"help", []string{"--help"}, 0, "Usage: efsfargate doctor", ""},
		{"help after a file", []string{doctorData + "rules/EFD001.yaml", "--help"}, 0, "Exit codes", ""},
		{"help lists rules", []string{"-h"}, 0, "EFD040 error", ""},
		{"no files", nil, 2, "", "no input files"},
		{"bad format", []string{"--format", "xml", doctorData + "clean/contract.yaml"}, 2, "", `unknown format "xml"`},
		{"unknown flag", []string{"--nope", doctorData + "clean/contract.yaml"}, 2, "", "unknown flag: --nope"},
		{"clean", []string{doctorData + "clean/contract.yaml"}, 0, "no findings", ""},
		{"infos only", []string{doctorData + "guide/template.yaml"}, 0, "0 errors, 0 warnings, 4 infos", ""},
		{"error finding", []string{doctorData + "rules/EFD001.yaml"}, 1, "error EFD001 [TaskDefinition]", ""},
		{"missing file", []string{doctorData + "nope.yaml"}, 2, "", "nope.yaml"},
		{"wrong kind for --network", []string{"--network", doctorData + "guide/service.json", doctorData + "guide/task-definition.json"}, 2, "", "--network expects"},
		{"flags after files", []string{doctorData + "guide/task-definition.json", "--service", doctorData + "guide/service.json",
			"--network", doctorData + "guide/subnets.json", "--network", doctorData + "guide/mount-targets-one-az.json", "--format", "json"}, 1, `"rule": "EFD040"`, ""},
		{"files after --", []string{"--format", "json", "--", doctorData + "clean/contract.yaml"}, 0, `"findings": []`, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errs := runDoctorCLI(tc.args...)
			if code != tc.code || !strings.Contains(out, tc.stdout) || !strings.Contains(errs, tc.stderr) || (tc.stderr == "" && errs != "") {
				t.Errorf("exit %d (want %d)\nstdout: %s\nstderr: %s", code, tc.code, out, errs)
			}
		})
	}
}

// Unreadable input exits 2 and names the position of the parse error.
func TestDoctorParseErrorPosition(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "broken.json")
	if err := os.WriteFile(bad, []byte("{\n  \"Resources\": {\n    \"A\": {\"Type\" \"AWS::EFS::FileSystem\"}\n  }\n}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	badYAML := filepath.Join(dir, "broken.yaml")
	if err := os.WriteFile(badYAML, []byte("Resources:\n  A:\n    Type: \"x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for file, pos := range map[string]string{bad: bad + ":3:18: invalid JSON", badYAML: badYAML + ":3: invalid YAML"} {
		code, out, errs := runDoctorCLI(file)
		if code != 2 || out != "" || !strings.Contains(errs, pos) {
			t.Errorf("%s: exit %d, stdout %q, stderr %q (want %q)", file, code, out, errs, pos)
		}
	}
}

func TestDoctorSARIFAndDispatch(t *testing.T) {
	// Through the dispatcher, as users call it.
	code, out, errs := runCLI(t, "", "doctor", "--format", "sarif", doctorData+"rules/EFD040.yaml")
	if code != 1 || errs != "" {
		t.Fatalf("exit %d, stderr %s", code, errs)
	}
	var log struct {
		Version string
		Runs    []struct {
			Results []struct {
				RuleID    string
				Level     string
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string }
						Region           struct{ StartLine int }
					}
				}
			}
		}
	}
	if err := json.Unmarshal([]byte(out), &log); err != nil {
		t.Fatal(err)
	}
	r := log.Runs[0].Results
	if log.Version != "2.1.0" || len(r) != 1 || r[0].RuleID != "EFD040" || r[0].Level != "error" ||
		r[0].Locations[0].PhysicalLocation.ArtifactLocation.URI != "../../internal/doctor/testdata/rules/EFD040.yaml" ||
		r[0].Locations[0].PhysicalLocation.Region.StartLine != 213 {
		t.Errorf("SARIF = %s", out)
	}
}

// The template efsfargate emits for the reference spec has nothing worse
// than "cannot tell" notes (its file system lives in another stack).
func TestDoctorAcceptsEmittedReference(t *testing.T) {
	code, tpl, errs := runCLI(t, "", "emit")
	if code != 0 {
		t.Fatalf("emit: exit %d: %s", code, errs)
	}
	file := filepath.Join(t.TempDir(), "reference.yaml")
	if err := os.WriteFile(file, []byte(tpl), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs := runDoctorCLI("--format", "json", file)
	var rep struct {
		Findings []struct{ Rule, Severity string }
	}
	if err := json.Unmarshal([]byte(out), &rep); code != 0 || err != nil {
		t.Fatalf("doctor: exit %d, %v, stderr %s", code, err, errs)
	}
	for _, f := range rep.Findings {
		if f.Severity != "info" {
			t.Errorf("emitted reference template: %s %s\n%s", f.Severity, f.Rule, out)
		}
	}
}
