package doctor

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// allRuleFindings runs every rule fixture at once: every rule is in the
// output.
func allRuleFindings(t *testing.T) []Finding {
	t.Helper()
	var files []string
	for _, tc := range ruleCases {
		files = append(files, tc.file)
	}
	return check(t, files, nil, nil)
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the output (go test -update rewrites it):\n%s", path, got)
	}
}

func TestTextOutput(t *testing.T) {
	var b bytes.Buffer
	if err := WriteText(&b, check(t, []string{"guide/template.yaml"}, nil, nil)); err != nil {
		t.Fatal(err)
	}
	golden(t, "guide-template.txt", b.Bytes())

	b.Reset()
	if err := WriteText(&b, nil); err != nil || b.String() != "no findings\n" {
		t.Errorf("empty text output %q %v", b.String(), err)
	}
}

func TestJSONOutput(t *testing.T) {
	fs := check(t, []string{"guide/template.yaml"}, nil, nil)
	var b bytes.Buffer
	if err := WriteJSON(&b, fs); err != nil {
		t.Fatal(err)
	}
	golden(t, "guide-template.json", b.Bytes())
	var out struct {
		Findings []Finding
		Summary  Summary
	}
	if err := json.Unmarshal(b.Bytes(), &out); err != nil {
		t.Fatal(err)
	}
	if len(out.Findings) != len(fs) || out.Findings[0] != fs[0] || out.Summary != (Summary{Infos: 4}) {
		t.Errorf("round trip: %+v", out)
	}
	b.Reset()
	if err := WriteJSON(&b, nil); err != nil || !strings.Contains(b.String(), `"findings": []`) {
		t.Errorf("empty JSON output %s %v", b.String(), err)
	}
}

// sarifSchema compiles the SARIF 2.1.0 schema vendored in testdata.
func sarifSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open("testdata/sarif-2.1.0-rtm.5.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	const url = "https://json.schemastore.org/sarif-2.1.0-rtm.5.json"
	if err := c.AddResource(url, doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(url)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestSARIFValidatesAgainstSchema(t *testing.T) {
	schema := sarifSchema(t)
	fs := allRuleFindings(t)
	var b bytes.Buffer
	if err := WriteSARIF(&b, fs); err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(b.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if err := schema.Validate(inst); err != nil {
		t.Fatalf("SARIF output does not validate: %v", err)
	}

	// What GitHub code scanning reads.
	var log struct {
		Version string
		Runs    []struct {
			Tool struct {
				Driver struct {
					Name  string
					Rules []struct {
						ID               string
						ShortDescription struct{ Text string }
						Help             struct{ Text string }
					}
				}
			}
			Results []struct {
				RuleID    string
				RuleIndex int
				Level     string
				Message   struct{ Text string }
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string }
						Region           struct{ StartLine, StartColumn int }
					}
				}
			}
		}
	}
	if err := json.Unmarshal(b.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	run := log.Runs[0]
	if log.Version != "2.1.0" || len(run.Tool.Driver.Rules) != len(Rules) {
		t.Fatalf("version %s, %d rules", log.Version, len(run.Tool.Driver.Rules))
	}
	for i, r := range run.Tool.Driver.Rules {
		if r.ID != Rules[i].ID || r.ShortDescription.Text == "" || r.Help.Text == "" {
			t.Errorf("rule %d: %+v", i, r)
		}
	}
	if len(run.Results) != len(fs) {
		t.Fatalf("%d results for %d findings", len(run.Results), len(fs))
	}
	levels := map[string]bool{}
	for i, r := range run.Results {
		f := fs[i]
		loc := r.Locations[0].PhysicalLocation
		if r.RuleID != f.Rule || run.Tool.Driver.Rules[r.RuleIndex].ID != f.Rule || loc.ArtifactLocation.URI != f.File ||
			loc.Region.StartLine != f.Line || loc.Region.StartColumn != f.Column || !strings.HasPrefix(r.Message.Text, f.Message) {
			t.Errorf("result %d = %+v for %+v", i, r, f)
		}
		levels[r.Level] = true
	}
	if !levels["error"] || !levels["warning"] || !levels["note"] || len(levels) != 3 {
		t.Errorf("levels = %v", levels)
	}
}

// The schema check is real: a wrong level is rejected.
func TestSARIFSchemaRejectsInvalidLog(t *testing.T) {
	var b bytes.Buffer
	if err := WriteSARIF(&b, []Finding{{Rule: "EFD001", Severity: Error, File: "a.yaml", Line: 1, Column: 1, Message: "m"}}); err != nil {
		t.Fatal(err)
	}
	bad := strings.Replace(b.String(), `"level": "error"`, `"level": "fatal"`, 1)
	inst, err := jsonschema.UnmarshalJSON(strings.NewReader(bad))
	if err != nil {
		t.Fatal(err)
	}
	if err := sarifSchema(t).Validate(inst); err == nil {
		t.Fatal("an invalid level passed the schema")
	}
}

func TestFileURI(t *testing.T) {
	cases := map[string]string{
		"cdk.out/app.template.json": "cdk.out/app.template.json",
		"./infra/my stack.yaml":     "infra/my%20stack.yaml",
		"/abs/path/t.yaml":          "file:///abs/path/t.yaml",
	}
	for in, want := range cases {
		if got := fileURI(in); got != want {
			t.Errorf("fileURI(%q) = %q, want %q", in, got, want)
		}
	}
}
