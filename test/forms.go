// Package test checks efsfargate's promise of one spec, two forms: for every
// spec the project ships, the raw template and the CDK stack are the same
// stack, both pass cfn-lint, cdk-nag, the project's rules and the doctor.
package test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"github.com/efsfargate/efsfargate/internal/cdktest"
	"github.com/efsfargate/efsfargate/internal/emitter"
	"github.com/efsfargate/efsfargate/internal/spec"
	"github.com/efsfargate/efsfargate/stacks"
)

// Case is one spec with both of its forms, as JSON templates.
type Case struct {
	Name    string
	Project *spec.Project
	Raw     []byte // the emitter's template
	CDK     []byte // the synthesized CDK template
	// RawFile and CDKFile hold the two templates on disk, for linters.
	RawFile, CDKFile string
}

// root is the repository root, from this package's folder.
const root = ".."

// Specs returns every spec the project ships: the embedded reference, the
// examples and the emitter's golden specs, by name.
func Specs() (map[string]*spec.Project, error) {
	out := map[string]*spec.Project{"reference": spec.Reference()}
	examples, _ := filepath.Glob(filepath.Join(root, "examples", "*.yml"))
	goldens, _ := filepath.Glob(filepath.Join(root, "internal", "emitter", "testdata", "*", "spec.yml"))
	for _, f := range append(examples, goldens...) {
		p, err := spec.Load(f)
		if err != nil {
			return nil, err
		}
		name := strings.TrimSuffix(filepath.Base(f), ".yml")
		if name == "spec" {
			name = "golden-" + filepath.Base(filepath.Dir(f))
		} else {
			name = "example-" + name
		}
		out[name] = p
	}
	return out, nil
}

// cdkContext reads the feature flags of cdk.json so in-process synthesis
// behaves like `cdk synth`.
func cdkContext() (map[string]interface{}, error) {
	return cdktest.FeatureFlags(filepath.Join(root, "cdk.json"))
}

// Build emits and synthesizes every spec into dir, all CDK stacks in one
// app (one jsii process, one synthesis).
func Build(dir string, projects map[string]*spec.Project) ([]*Case, error) {
	ctx, err := cdkContext()
	if err != nil {
		return nil, err
	}
	app := awscdk.NewApp(&awscdk.AppProps{Context: &ctx, Outdir: jsii.String(filepath.Join(dir, "cdk.out"))})
	names := make([]string, 0, len(projects))
	for name := range projects {
		names = append(names, name)
	}
	sort.Strings(names)
	var cases []*Case
	for _, name := range names {
		p := projects[name]
		raw, err := emitter.Render(p, "json")
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		c := &Case{Name: name, Project: p, Raw: raw}
		// Stack names must be unique within one app.
		stacks.New(app, name, p, &awscdk.StackProps{StackName: jsii.String(name)})
		cases = append(cases, c)
	}
	asm := app.Synth(nil)
	for _, c := range cases {
		tmpl := asm.GetStackArtifact(jsii.String(c.Name)).Template()
		b, err := json.MarshalIndent(tmpl, "", "  ")
		if err != nil {
			return nil, err
		}
		c.CDK = b
		c.RawFile = filepath.Join(dir, c.Name+".raw.json")
		c.CDKFile = filepath.Join(dir, c.Name+".cdk.json")
		if err := os.WriteFile(c.RawFile, c.Raw, 0o644); err != nil {
			return nil, err
		}
		if err := os.WriteFile(c.CDKFile, c.CDK, 0o644); err != nil {
			return nil, err
		}
	}
	return cases, nil
}
