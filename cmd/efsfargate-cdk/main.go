// Command efsfargate-cdk is the CDK app of efsfargate (cdk.json runs it).
//
//	npx cdk synth                              # the reference spec
//	npx cdk synth -c spec=efsfargate.yml       # a spec file
//	npx cdk deploy -c synthesizer=bootstrapless  # no bootstrap stack (local tests)
//
// Spec errors go to stderr, one per line, and the app exits 1. No spec
// needs a context lookup: the stack is environment-agnostic. The feature
// flags are set in code (flags.go), so the app gives the same template
// when run from another folder whose cdk.json is only {"app": "efsfargate-cdk"}.
//
// CDK_VALIDATION=false skips aws-cdk-lib's CloudFormation validation plugin,
// which takes most of the synth time (here 0.9 s instead of 4-7 s for the
// reference stack): use it in the edit-synth loop, keep validation on in CI
// and before a deploy.
package main

import (
	"fmt"
	"io"
	"os"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"github.com/efsfargate/efsfargate/internal/spec"
	"github.com/efsfargate/efsfargate/stacks"
)

func main() {
	os.Exit(run(os.Stderr))
}

func run(stderr io.Writer) (code int) {
	defer closeRuntime()
	defer func() {
		// Construct validation panics; report them like spec errors.
		if r := recover(); r != nil {
			fmt.Fprintln(stderr, r)
			code = 1
		}
	}()
	flags := featureFlags()
	app := awscdk.NewApp(&awscdk.AppProps{Context: &flags})
	p, err := loadSpec(contextString(app, "spec"))
	if err != nil {
		printSpecError(stderr, err)
		return 1
	}
	for _, w := range p.Warnings {
		fmt.Fprintf(stderr, "warning: %s\n", w)
	}
	props, err := stackProps(contextString(app, "synthesizer"))
	if err != nil {
		fmt.Fprintln(stderr, err.Error())
		return 1
	}
	stacks.NewAll(app, p, props)
	app.Synth(nil)
	return 0
}

// loadSpec reads the spec file, or the embedded reference spec when none
// is given.
func loadSpec(path string) (*spec.Project, error) {
	if path == "" {
		return spec.Reference(), nil
	}
	return spec.Load(path)
}

// printSpecError prints spec problems as the efsfargate CLI does: one per
// line, then a count when there are several.
func printSpecError(w io.Writer, err error) {
	fmt.Fprintln(w, err)
	if list, ok := err.(spec.ErrorList); ok && len(list) > 1 {
		fmt.Fprintf(w, "%d problems; nothing was written\n", len(list))
	}
}

func stackProps(synthesizer string) (*awscdk.StackProps, error) {
	props := &awscdk.StackProps{}
	switch synthesizer {
	case "", "default":
	case "bootstrapless":
		props.Synthesizer = awscdk.NewBootstraplessSynthesizer(&awscdk.BootstraplessSynthesizerProps{})
	default:
		return nil, fmt.Errorf("context synthesizer=%s is not known (use bootstrapless, or leave it unset)", synthesizer)
	}
	// Environment-agnostic: no spec needs a lookup, so one template
	// deploys to any account and region.
	return props, nil
}

func contextString(app awscdk.App, key string) string {
	v := app.Node().TryGetContext(jsii.String(key))
	if s, ok := v.(string); ok {
		return s
	}
	return ""
}
