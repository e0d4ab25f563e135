// Package test checks efsfargate's promise of one spec, two forms: for every
// spec the project ships, the raw template and the CDK stack are the same
// stack, both pass cfn-lint, cdk-nag, the project's rules and the doctor.
package test

import (
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
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
	// Stack is the stack's name when the project has layout split (one
	// case per stack, named <project>/<stack>), "" for the one stack.
	Stack string
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
	// The split layout of the golden specs (existing file systems,
	// literal networks, imports …) and of a spec with every kind of
	// import between stacks: access points, the namespace, and rules
	// between services.
	var bases []string
	for name := range out {
		if strings.HasPrefix(name, "golden-") || name == "example-multi-service" {
			bases = append(bases, name)
		}
	}
	for _, name := range bases {
		split := *out[name]
		split.Layout = spec.LayoutSplit
		out["split-"+strings.TrimPrefix(strings.TrimPrefix(name, "golden-"), "example-")] = &split
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
	names := slices.Sorted(maps.Keys(projects))
	var cases []*Case
	var split []string
	for _, name := range names {
		p := projects[name]
		if p.Split() {
			split = append(split, name)
			continue
		}
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
	for _, name := range split {
		more, err := buildSplit(dir, name, projects[name], ctx)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		cases = append(cases, more...)
	}
	return cases, nil
}

// buildSplit makes one case per stack of a split project, in deploy order.
// Its stacks are named by the plan, so each project gets its own app.
func buildSplit(dir, name string, p *spec.Project, ctx map[string]interface{}) ([]*Case, error) {
	raw, err := emitter.RenderStacks(p, "json")
	if err != nil {
		return nil, err
	}
	app := awscdk.NewApp(&awscdk.AppProps{Context: &ctx, Outdir: jsii.String(filepath.Join(dir, name+".cdk.out"))})
	synth := stacks.NewAll(app, p, nil)
	if len(synth) != len(raw) {
		return nil, fmt.Errorf("%d raw stacks and %d CDK stacks", len(raw), len(synth))
	}
	asm := app.Synth(nil)
	var out []*Case
	for i, r := range raw {
		if got := *synth[i].StackName(); got != r.Name {
			return nil, fmt.Errorf("stack %d is %s in the raw form and %s in the CDK form", i, r.Name, got)
		}
		b, err := json.MarshalIndent(asm.GetStackArtifact(synth[i].ArtifactId()).Template(), "", "  ")
		if err != nil {
			return nil, err
		}
		c := &Case{Name: name + "/" + r.Name, Project: p, Raw: r.Body, CDK: b, Stack: r.Name,
			RawFile: filepath.Join(dir, name+"."+r.Name+".raw.json"), CDKFile: filepath.Join(dir, name+"."+r.Name+".cdk.json")}
		if err := os.WriteFile(c.RawFile, c.Raw, 0o644); err != nil {
			return nil, err
		}
		if err := os.WriteFile(c.CDKFile, c.CDK, 0o644); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}
