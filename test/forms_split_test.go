package test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"github.com/efsfargate/efsfargate/internal/doctor"
	"github.com/efsfargate/efsfargate/internal/emitter"
	"github.com/efsfargate/efsfargate/internal/plan"
	"github.com/efsfargate/efsfargate/internal/spec"
	"github.com/efsfargate/efsfargate/stacks"
)

// splitProjects groups the cases of split projects by project, each in
// deploy order.
func splitProjects(t *testing.T) map[*spec.Project][]*Case {
	out := map[*spec.Project][]*Case{}
	for _, c := range cases(t) {
		if c.Stack != "" {
			out[c.Project] = append(out[c.Project], c)
		}
	}
	if len(out) < 2 {
		t.Fatalf("only %d split projects", len(out))
	}
	return out
}

// Both forms of a split spec are the same stacks with the same names in
// the same order: the base stack <app>-<stage> first, then one per service.
func TestSplitStackNames(t *testing.T) {
	for p, list := range splitProjects(t) {
		var got []string
		for _, c := range list {
			got = append(got, c.Stack)
		}
		want := []string{p.Name()}
		for _, s := range p.Services {
			want = append(want, p.Name()+"-"+s.Name)
		}
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("stacks %v, want %v", got, want)
		}
	}
}

// Only the base stack takes parameters, in either form: service stacks
// take the network, cluster and file system by the base stack's export
// names, never by a CDK weak reference (Fn::GetStackOutput), which would let
// the base stack be deleted under them.
func TestSplitServiceStacksTakeNoParameters(t *testing.T) {
	for p, list := range splitProjects(t) {
		for _, c := range list[1:] {
			for form, body := range map[string][]byte{"raw": c.Raw, "cdk": c.CDK} {
				var tmpl struct{ Parameters map[string]any }
				if err := json.Unmarshal(body, &tmpl); err != nil {
					t.Fatal(err)
				}
				delete(tmpl.Parameters, "BootstrapVersion") // CDK's own
				if len(tmpl.Parameters) > 0 {
					t.Errorf("%s (%s): %s takes parameters %v", p.Name(), form, c.Stack, tmpl.Parameters)
				}
				if strings.Contains(string(body), "Fn::GetStackOutput") {
					t.Errorf("%s (%s): %s reads another stack's output by Fn::GetStackOutput", p.Name(), form, c.Stack)
				}
			}
		}
	}
}

// The doctor over the set of a split spec's templates, in either form,
// finds nothing the doctor allows in a single-stack template, and in the
// raw form nothing the single stack of the same spec does not have: it
// reads each import as the other file's export, so the service's subnets,
// the base stack's mount targets and the 2049 rules of the service stacks
// are seen as one deployment.
func TestSplitDoctorClean(t *testing.T) {
	for p, list := range splitProjects(t) {
		single := *p
		single.Layout = spec.LayoutSingle
		body, err := emitter.Render(&single, "json")
		if err != nil {
			t.Fatal(err)
		}
		singleFile := filepath.Join(t.TempDir(), "single.json")
		writeTestFile(t, singleFile, body)
		singleFindings, err := doctor.Check([]string{singleFile}, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		inSingle, singleRules := map[string]bool{}, map[string]bool{}
		for _, f := range singleFindings {
			inSingle[f.Rule+" "+f.Resource] = true
			singleRules[f.Rule] = true
		}
		allowed := map[string]bool{}
		if fs := p.FileSystem; fs.Managed {
			allowed["EFD050"], allowed["EFD051"], allowed["EFD052"] = !fs.Encrypted, !fs.Retain, !fs.Backup
		}
		for _, form := range []string{"raw", "cdk"} {
			var files []string
			for _, c := range list {
				files = append(files, map[string]string{"raw": c.RawFile, "cdk": c.CDKFile}[form])
			}
			findings, err := doctor.Check(files, nil, nil)
			if err != nil {
				t.Fatalf("%s: %v", p.Name(), err)
			}
			for _, f := range findings {
				// The CDK form names resources otherwise: there the rule
				// must be one the single stack reports too.
				ok := allowed[f.Rule] || form == "raw" && inSingle[f.Rule+" "+f.Resource] || form == "cdk" && singleRules[f.Rule]
				if !ok {
					t.Errorf("%s (%s): %s %s %s %s: %s", p.Name(), form, f.Location(), f.Rule, f.Severity, f.Resource, f.Message)
				}
			}
		}
	}
}

// cdk-nag's AwsSolutions pack over every stack of both forms of each split
// spec, with the suppressions the one-stack test makes.
func TestSplitNag(t *testing.T) {
	projects := splitProjects(t)
	app := nagApp(t)
	stackOf := map[string]awscdk.Stack{}
	for p, list := range projects {
		built := stacks.NewAll(app, p, nil)
		if len(built) != len(list) {
			t.Fatalf("%s: %d CDK stacks, %d cases", p.Name(), len(built), len(list))
		}
		if tp := built[0].TerminationProtection(); tp == nil || !*tp {
			t.Errorf("%s: the base stack has no termination protection", p.Name())
		}
		for i, c := range list {
			stackOf[c.Stack+" (cdk)"] = built[i]
			raw := awscdk.NewStack(app, jsii.String(c.Stack+"-raw"), nil)
			var services []spec.Service
			for _, s := range p.Services {
				if c.Stack == plan.ServiceStackName(p.Name(), s.Name) {
					services = append(services, s)
				}
			}
			includeRaw(raw, c.RawFile, services)
			stackOf[c.Stack+" (raw)"] = raw
		}
	}
	if checked := nagFindings(t, app, stackOf); checked < 14 {
		t.Errorf("only %d stacks checked", checked)
	}
}

func writeTestFile(t *testing.T, path string, body []byte) {
	t.Helper()
	if err := os.WriteFile(path, body, 0o644); err != nil {
		t.Fatal(err)
	}
}
