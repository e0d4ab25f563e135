package stacks_test

import (
	"path/filepath"
	"sync"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	"github.com/aws/aws-cdk-go/awscdk/v2/cxapi"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdklabs/cdk-nag-go/cdknag/v2"

	"github.com/efsfargate/efsfargate/internal/cdktest"
	"github.com/efsfargate/efsfargate/internal/spec"
	"github.com/efsfargate/efsfargate/stacks"
)

// Specs the tests build stacks from; each exercises other choices.
var specs = map[string]string{
	// Default network and cluster: the CDK stack makes both. Two services
	// share the volume uploads, one of them read-only.
	"managed": `
app: shop
stage: dev
services:
  web:
    image: nginx:latest
    port: 80
    environment: {LOG_LEVEL: info, APP_MODE: prod}
    health_check:
      command: [CMD-SHELL, "curl -f http://localhost/ || exit 1"]
      start_period: 30
    volumes:
      - uploads:/srv/uploads
  worker:
    image: busybox:stable
    command: [sleep, infinity]
    volumes:
      - uploads:/srv/uploads:ro
      - name: scratch
        path: /scratch
        root_access: true
        access_point: {uid: 0, gid: 0, permissions: "700"}
`,
	// Managed file system on parameter networking with three subnets.
	"params": `
app: data
stage: prod
log_retention_days: 90
file_system:
  throughput_mode: provisioned
  provisioned_throughput_mibps: 64
  kms_key_id: 1234abcd-12ab-34cd-56ef-1234567890ab
  backup: false
  removal: destroy
  lifecycle: {transition_to_ia: AFTER_30_DAYS}
network:
  vpc: {parameter: VpcId}
  subnets: {parameter: SubnetIds}
  subnet_count: 3
cluster: {import: shared-cluster-name}
services:
  api:
    image: public.ecr.aws/docker/library/node:22-alpine
    platform_version: 1.4.0
    volumes: [data:/data]
`,
	// Literal VPC and subnets, two of them in one AZ.
	"literal": `
app: api
stage: prod
network:
  vpc: vpc-0123456789abcdef0
  subnets:
    - {id: subnet-0aaaaaaaaaaaaaaa1, az: us-east-1a}
    - {id: subnet-0aaaaaaaaaaaaaaa2, az: us-east-1a}
    - {id: subnet-0bbbbbbbbbbbbbbb1, az: us-east-1b}
cluster: arn:aws:ecs:us-east-1:123456789012:cluster/api-prod
services:
  api:
    image: public.ecr.aws/docker/library/node:22-alpine
    port: 3000
    desired_count: 3
    volumes:
      - sessions:/app/sessions
`,
	// An existing file system and access point.
	"existing": `
app: reports
stage: prod
file_system:
  id: fs-0123456789abcdef0
  security_group: {parameter: EfsSecurityGroupId}
network:
  vpc: vpc-0123456789abcdef0
  subnets: [subnet-0aaaaaaaaaaaaaaa1, subnet-0bbbbbbbbbbbbbbb1]
cluster: reports
services:
  renderer:
    image: public.ecr.aws/nginx/nginx:stable
    volumes:
      - name: reports
        path: /reports
        read_only: true
        access_point: {id: fsap-0123456789abcdef0}
`,
}

// built is one synthesized stack.
type built struct {
	project  *spec.Project
	stack    awscdk.Stack
	template assertions.Template
	file     string // the template in the cloud assembly
	messages []*cxapi.SynthesisMessage
}

var (
	fxOnce sync.Once
	fx     map[string]*built
	outdir string
	// canary's messages prove the nag pack ran.
	canary *built
)

func TestMain(m *testing.M) { cdktest.Main(m, "efsfargate-stacks-", &outdir) }

// fixture builds every spec (and the reference) into one App with the
// cdk-nag AwsSolutions checks and synthesizes it once.
func fixture(t *testing.T) map[string]*built {
	t.Helper()
	fxOnce.Do(func() { fx = buildFixture(t) })
	if fx == nil {
		t.Fatal("fixture failed to build")
	}
	return fx
}

func buildFixture(t *testing.T) map[string]*built {
	flags, err := cdktest.FeatureFlags("../cdk.json")
	if err != nil {
		t.Fatalf("reading cdk.json: %v", err)
	}
	// With this flag, error annotations (cdk-nag's) fail the synth with one
	// opaque message; off, they stay in the assembly for the nag test to list.
	flags["@aws-cdk/core:annotationsInValidationReport"] = false
	app := awscdk.NewApp(&awscdk.AppProps{
		Context:            &flags,
		Outdir:             jsii.String(outdir),
		AnalyticsReporting: jsii.Bool(false),
	})
	awscdk.Aspects_Of(app).Add(cdknag.NewAwsSolutionsChecks(&cdknag.NagPackProps{
		Verbose: jsii.Bool(true), Reports: jsii.Bool(false),
	}), nil)

	out := map[string]*built{"reference": {project: spec.Reference()}}
	for name, src := range specs {
		p, err := spec.Parse(name+".yml", []byte(src))
		if err != nil {
			t.Fatalf("spec %s: %v", name, err)
		}
		out[name] = &built{project: p}
	}
	for _, b := range out {
		b.stack = stacks.New(app, stacks.Name(b.project), b.project, nil)
	}
	canary = nagCanary(app)
	assembly := app.Synth(nil)
	for _, b := range out {
		artifact := assembly.GetStackArtifact(b.stack.ArtifactId())
		b.file = filepath.Join(outdir, *b.stack.TemplateFile())
		b.messages = *artifact.Messages()
		// Reuses the assembly above: Template_FromStack does not re-synthesize.
		b.template = assertions.Template_FromStack(b.stack, nil)
	}
	canary.messages = *assembly.GetStackArtifact(canary.stack.ArtifactId()).Messages()
	return out
}

// nagCanary is a stack cdk-nag must flag: SSH open to the world.
func nagCanary(app awscdk.App) *built {
	stack := awscdk.NewStack(app, jsii.String("NagCanary"), nil)
	vpc := awsec2.Vpc_FromVpcAttributes(stack, jsii.String("Vpc"), &awsec2.VpcAttributes{
		VpcId: jsii.String("vpc-0123456789abcdef0"), AvailabilityZones: jsii.Strings("us-east-1a"),
	})
	sg := awsec2.NewSecurityGroup(stack, jsii.String("Open"), &awsec2.SecurityGroupProps{Vpc: vpc, Description: jsii.String("open")})
	sg.AddIngressRule(awsec2.Peer_AnyIpv4(), awsec2.Port_Tcp(jsii.Number(22)), jsii.String("ssh"), nil)
	// CDK's own validator flags it too; keep the test output quiet.
	awscdk.Annotations_Of(sg).AcknowledgeWarning(jsii.String("CloudFormation-Validate::W2508"), jsii.String("deliberately open"))
	return &built{stack: stack}
}
