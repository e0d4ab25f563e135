// Command efsfargate-cdk is the CDK app of efsfargate (cdk.json runs it).
//
//	npx cdk synth                              # the reference spec
//	npx cdk synth -c spec=efsfargate.yml       # a spec file
//	npx cdk deploy -c synthesizer=bootstrapless  # no bootstrap stack (local tests)
//
// Spec errors go to stderr, one per line, and the app exits 1.
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
	defer jsii.Close()
	defer func() {
		// Construct validation panics; report them like spec errors.
		if r := recover(); r != nil {
			fmt.Fprintln(stderr, r)
			code = 1
		}
	}()
	app := awscdk.NewApp(nil)
	p, err := loadSpec(contextString(app, "spec"))
	if err != nil {
		fmt.Fprintln(stderr, err.Error())
		return 1
	}
	props, err := stackProps(contextString(app, "synthesizer"))
	if err != nil {
		fmt.Fprintln(stderr, err.Error())
		return 1
	}
	stacks.New(app, stacks.Name(p), p, props)
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
