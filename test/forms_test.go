package test

import (
	"bytes"
	"encoding/json"
	"strings"
	"sync"
	"testing"

	"github.com/efsfargate/efsfargate/internal/cdktest"
	"github.com/efsfargate/efsfargate/internal/cfnlint"
	"github.com/efsfargate/efsfargate/internal/doctor"
	"github.com/efsfargate/efsfargate/internal/spec"
	"github.com/efsfargate/efsfargate/test/equiv"
	"github.com/efsfargate/efsfargate/test/rules"
)

// Synthesis costs seconds; every test of the package shares one build.
var (
	buildOnce  sync.Once
	built      []*Case
	buildError error
	buildDir   string
)

func TestMain(m *testing.M) { cdktest.Main(m, "efsfargate-forms-", &buildDir) }

func cases(t *testing.T) []*Case {
	t.Helper()
	buildOnce.Do(func() {
		projects, err := Specs()
		if err != nil {
			buildError = err
			return
		}
		built, buildError = Build(buildDir, projects)
	})
	if buildError != nil {
		t.Fatal(buildError)
	}
	if len(built) < 14 {
		t.Fatalf("only %d specs found", len(built))
	}
	return built
}

func decode(t *testing.T, b []byte) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// The raw template and the CDK stack of each spec are the same stack,
// resource by resource, once spelling and CDK's VPC scaffolding are set
// aside.
func TestFormsAreEquivalent(t *testing.T) {
	// A split project's stacks refer to each other's outputs.
	others := map[*spec.Project]map[string]equiv.Template{}
	for _, c := range cases(t) {
		if c.Stack != "" {
			if others[c.Project] == nil {
				others[c.Project] = map[string]equiv.Template{}
			}
			others[c.Project][c.Stack] = decode(t, c.CDK)
		}
	}
	for _, c := range cases(t) {
		t.Run(c.Name, func(t *testing.T) {
			raw, err := equiv.NormalizeStack(decode(t, c.Raw), others[c.Project])
			if err != nil {
				t.Fatal(err)
			}
			cdk, err := equiv.NormalizeStack(decode(t, c.CDK), others[c.Project])
			if err != nil {
				t.Fatal(err)
			}
			var diffs []string
			for _, d := range equiv.Compare(raw, cdk, "raw", "cdk") {
				if expectedParameterDiff(c.Project, d) {
					continue
				}
				diffs = append(diffs, d)
			}
			if len(diffs) > 0 {
				t.Errorf("the two forms differ:\n%s", equiv.Report(diffs))
			}
			// A split base stack may hold a single access point.
			if minimum := map[bool]int{true: 8, false: 1}[c.Stack == ""]; len(raw.Resources) < minimum {
				t.Errorf("only %d resources compared", len(raw.Resources))
			}
		})
	}
}

// expectedParameterDiff: where the spec has no network or cluster, the raw
// template takes them as parameters and the CDK stack creates them.
func expectedParameterDiff(p *spec.Project, d string) bool {
	switch {
	case p.Network.Default && (strings.HasPrefix(d, "Parameter VpcId:") || strings.HasPrefix(d, "Parameter SubnetIds:")):
		return true
	case p.ClusterDefault && strings.HasPrefix(d, "Parameter ClusterArn:"):
		return true
	}
	return false
}

// cfn-lint with informational checks finds nothing in either form.
func TestCfnLintBothForms(t *testing.T) {
	var files []string
	for _, c := range cases(t) {
		files = append(files, c.RawFile, c.CDKFile)
	}
	cfnlint.Check(t, files...)
}

// No output has open or all-protocol ingress, wildcard actions, an EFS volume
// without TLS, or a file system that is not retained (unless asked).
func TestProjectRulesBothForms(t *testing.T) {
	for _, c := range cases(t) {
		destroy := c.Project.FileSystem.Managed && !c.Project.FileSystem.Retain
		for form, body := range map[string][]byte{"raw": c.Raw, "cdk": c.CDK} {
			if problems := rules.Check(decode(t, body), destroy); len(problems) > 0 {
				t.Errorf("%s (%s):\n  %s", c.Name, form, strings.Join(problems, "\n  "))
			}
		}
	}
}

// Every template efsfargate makes is doctor-clean: no error or warning,
// except the warnings for what the spec explicitly opted out of, and infos
// only for what the doctor cannot see from one template.
func TestDoctorCleanBothForms(t *testing.T) {
	for _, c := range cases(t) {
		if c.Stack != "" {
			continue // a split project's stacks are checked as a set
		}
		fs := c.Project.FileSystem
		allowed := map[string]bool{"EFD090": true} // "cannot tell": e.g. an existing file system's mount targets
		if fs.Managed {
			allowed["EFD050"] = !fs.Encrypted
			allowed["EFD051"] = !fs.Retain
			allowed["EFD052"] = !fs.Backup
		}
		for _, file := range []string{c.RawFile, c.CDKFile} {
			findings, err := doctor.Check([]string{file}, nil, nil)
			if err != nil {
				t.Fatalf("%s: %v", file, err)
			}
			for _, f := range findings {
				if !allowed[f.Rule] {
					t.Errorf("%s: %s %s %s %s: %s", c.Name, f.Location(), f.Rule, f.Severity, f.Resource, f.Message)
				}
			}
		}
	}
}

// Emitting and synthesizing again give byte-identical templates.
func TestDeterministic(t *testing.T) {
	first := map[string]*Case{}
	for _, c := range cases(t) {
		first[c.Name] = c
	}
	projects, err := Specs()
	if err != nil {
		t.Fatal(err)
	}
	subset := map[string]*spec.Project{}
	for _, name := range []string{"reference", "example-cms", "golden-shared-fs"} {
		subset[name] = projects[name]
	}
	again, err := Build(t.TempDir(), subset)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range again {
		if !bytes.Equal(c.Raw, first[c.Name].Raw) {
			t.Errorf("%s: raw template differs between runs", c.Name)
		}
		if !bytes.Equal(c.CDK, first[c.Name].CDK) {
			t.Errorf("%s: CDK template differs between runs", c.Name)
		}
	}
}

// singleCases are the cases of one-stack projects.
func singleCases(t *testing.T) []*Case {
	var out []*Case
	for _, c := range cases(t) {
		if c.Stack == "" {
			out = append(out, c)
		}
	}
	return out
}
