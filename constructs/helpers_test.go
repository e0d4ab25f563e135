package efsfargate_test

import (
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"github.com/efsfargate/efsfargate/internal/cdktest"
)

// Every awscdk call goes to one node process per test binary; each test
// package builds all its stacks in one App and synthesizes it once.

var outdir string

func TestMain(m *testing.M) { cdktest.Main(m, "efsfargate-constructs-", &outdir) }

// newApp returns an App with the feature flags of the project's cdk.json,
// so tests see what `cdk synth` produces.
func newApp(t testing.TB) awscdk.App {
	t.Helper()
	flags, err := cdktest.FeatureFlags("../cdk.json")
	if err != nil {
		t.Fatalf("reading cdk.json: %v", err)
	}
	if len(flags) == 0 {
		t.Fatal("cdk.json has no feature flags in context")
	}
	return awscdk.NewApp(&awscdk.AppProps{
		Context:            &flags,
		Outdir:             jsii.String(outdir),
		AnalyticsReporting: jsii.Bool(false),
	})
}

// The shared assertion helpers, under the names the tests use.
var (
	check         = cdktest.Check
	hasProps      = cdktest.HasProps
	countIs       = cdktest.CountIs
	resources     = cdktest.Resources
	only          = cdktest.Only
	props         = cdktest.Props
	jsonEqual     = cdktest.JSONEqual
	noOpenIngress = cdktest.NoOpenIngress
)
