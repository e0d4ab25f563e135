package test

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/cloudformationinclude"
	"github.com/aws/aws-cdk-go/awscdk/v2/cxapi"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdklabs/cdk-nag-go/cdknag/v2"

	"github.com/efsfargate/efsfargate/internal/spec"
	"github.com/efsfargate/efsfargate/stacks"
)

// cdk-nag's AwsSolutions pack over both forms of every spec: the CDK stacks
// as built, and the raw templates loaded with cloudformation-include. No
// unsuppressed error or warning; the only suppression is the one the stacks
// package makes (ECS2, plain environment variables written in the spec),
// applied here to the same task definitions of the raw form.
func TestNagBothForms(t *testing.T) {
	all := singleCases(t)
	app := nagApp(t)
	stackOf := map[string]awscdk.Stack{}
	for _, c := range all {
		stackOf[c.Name+" (cdk)"] = stacks.New(app, c.Name+"-cdk", c.Project, &awscdk.StackProps{StackName: jsii.String(c.Name + "-cdk")})

		raw := awscdk.NewStack(app, jsii.String(c.Name+"-raw"), nil)
		includeRaw(raw, c.RawFile, c.Project.Services)
		stackOf[c.Name+" (raw)"] = raw
	}
	if checked := nagFindings(t, app, stackOf); checked != 2*len(all) {
		t.Errorf("checked %d stacks, want %d", checked, 2*len(all))
	}
	// The pack really ran over the raw form: a template with an open
	// ingress rule is flagged.
	if !nagFlagsOpenIngress(t) {
		t.Error("cdk-nag did not flag an open ingress rule in an included template")
	}
}

// nagApp is an app whose stacks cdk-nag's AwsSolutions pack checks.
func nagApp(t *testing.T) awscdk.App {
	t.Helper()
	ctx, err := cdkContext()
	if err != nil {
		t.Fatal(err)
	}
	// Keep nag's errors as annotations to list them, rather than one
	// opaque validation failure.
	ctx["@aws-cdk/core:annotationsInValidationReport"] = false
	app := awscdk.NewApp(&awscdk.AppProps{Context: &ctx, Outdir: jsii.String(filepath.Join(t.TempDir(), "nag.out"))})
	awscdk.Aspects_Of(app).Add(cdknag.NewAwsSolutionsChecks(&cdknag.NagPackProps{Verbose: jsii.Bool(true), Reports: jsii.Bool(false)}), nil)
	return app
}

// nagFindings synthesizes app and reports every unsuppressed AwsSolutions
// error or warning of the stacks, by name; it returns how many stacks it
// read.
func nagFindings(t *testing.T, app awscdk.App, stackOf map[string]awscdk.Stack) int {
	t.Helper()
	asm := app.Synth(nil)
	names := slices.Sorted(maps.Keys(stackOf))
	for _, name := range names {
		for _, m := range *asm.GetStackArtifact(stackOf[name].ArtifactId()).Messages() {
			data := fmt.Sprint(m.Entry.Data)
			if strings.HasPrefix(data, "AwsSolutions-") && (m.Level == cxapi.SynthesisMessageLevel_ERROR || m.Level == cxapi.SynthesisMessageLevel_WARNING) {
				t.Errorf("%s: %s %s: %s", name, m.Level, *m.Id, firstLine(data))
			}
		}
	}
	return len(names)
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// nagFlagsOpenIngress includes a small template with SSH open to the world
// and reports whether AwsSolutions-EC23 fires on it.
func nagFlagsOpenIngress(t *testing.T) bool {
	file := filepath.Join(t.TempDir(), "open.json")
	os.WriteFile(file, []byte(`{"Resources": {"Open": {"Type": "AWS::EC2::SecurityGroup", "Properties": {
	  "GroupDescription": "open", "VpcId": "vpc-0123456789abcdef0",
	  "SecurityGroupIngress": [{"CidrIp": "0.0.0.0/0", "IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "Description": "ssh"}]}}}}`), 0o644)
	ctx := map[string]interface{}{"@aws-cdk/core:annotationsInValidationReport": false}
	app := awscdk.NewApp(&awscdk.AppProps{Context: &ctx, Outdir: jsii.String(filepath.Join(t.TempDir(), "canary.out"))})
	awscdk.Aspects_Of(app).Add(cdknag.NewAwsSolutionsChecks(&cdknag.NagPackProps{Verbose: jsii.Bool(true), Reports: jsii.Bool(false)}), nil)
	stack := awscdk.NewStack(app, jsii.String("Canary"), nil)
	cloudformationinclude.NewCfnInclude(stack, jsii.String("Template"), &cloudformationinclude.CfnIncludeProps{TemplateFile: jsii.String(file)})
	for _, m := range *app.Synth(nil).GetStackArtifact(stack.ArtifactId()).Messages() {
		if m.Level == cxapi.SynthesisMessageLevel_ERROR && strings.HasPrefix(fmt.Sprint(m.Entry.Data), "AwsSolutions-EC23") {
			return true
		}
	}
	return false
}

// includeRaw loads a raw template into stack with the suppressions the CDK
// form makes for services (stacks.suppressNagFindings), on the same
// resources: the ECR pull's Resource::* and a plain environment.
func includeRaw(stack awscdk.Stack, file string, services []spec.Service) {
	include := cloudformationinclude.NewCfnInclude(stack, jsii.String("Template"), &cloudformationinclude.CfnIncludeProps{
		TemplateFile: jsii.String(file),
	})
	for _, s := range services {
		if s.ImageRepository != nil {
			role := include.GetResource(jsii.String(s.IDPrefix + "ExecutionRole"))
			cdknag.NagSuppressions_AddResourceSuppressions(role, &[]*cdknag.NagPackSuppression{{
				Id: jsii.String("AwsSolutions-IAM5"), Reason: jsii.String(stacks.ImagePullNagReason),
				AppliesTo: &[]interface{}{"Resource::*"},
			}}, jsii.Bool(false))
		}
		if len(s.Environment) > 0 {
			td := include.GetResource(jsii.String(s.IDPrefix + "TaskDefinition"))
			cdknag.NagSuppressions_AddResourceSuppressions(td, &[]*cdknag.NagPackSuppression{{
				Id: jsii.String("AwsSolutions-ECS2"), Reason: jsii.String(stacks.EnvironmentNagReason),
			}}, jsii.Bool(false))
		}
	}
}
