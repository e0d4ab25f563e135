// Package stacks builds the CDK form of an efsfargate project: one stack per
// spec.Project, with the resources, parameters and outputs of the raw
// template (internal/emitter) made from CDK constructs.
package stacks

import (
	"fmt"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsecs"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsefs"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsservicediscovery"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	efsfargate "github.com/efsfargate/efsfargate/constructs"
	"github.com/efsfargate/efsfargate/internal/plan"
	"github.com/efsfargate/efsfargate/internal/spec"
)

// Name is the stack name of a project: "<app>-<stage>".
func Name(p *spec.Project) string { return p.Name() }

// builder carries what the parts of one stack share.
type builder struct {
	stack   awscdk.Stack
	p       *spec.Project
	plan    *plan.Stack
	params  map[string]awscdk.CfnParameter
	net     *network
	cluster awsecs.ICluster
	fs      awsefs.IFileSystem
	// fsGroup is the security group of the file system's mount targets.
	fsGroup awsec2.ISecurityGroup
	// accessPoints by volume name, created or imported.
	accessPoints map[string]awsefs.IAccessPoint
	services     []efsfargate.EfsFargateService
	namespace    awsservicediscovery.INamespace
}

// New builds the one stack of a validated single-layout project. id is the
// construct id (use Name(p)); props may be nil. Projects that fail the
// checks CDK adds on top of the spec's (none today for a valid spec) panic
// like any construct. A split project has several stacks: use NewAll.
func New(scope constructs.Construct, id string, p *spec.Project, props *awscdk.StackProps) awscdk.Stack {
	if p.Split() {
		panic(fmt.Errorf("%s has layout: split, which makes several stacks (use stacks.NewAll)", p.Name()))
	}
	s, err := plan.Build(p)
	if err != nil {
		panic(err)
	}
	b := newBuilder(scope, id, p, s, props)
	b.single()
	return b.stack
}

func newBuilder(scope constructs.Construct, id string, p *spec.Project, s *plan.Stack, props *awscdk.StackProps) *builder {
	sp := awscdk.StackProps{}
	if props != nil {
		sp = *props
	}
	if sp.StackName == nil {
		sp.StackName = jsii.String(s.Name)
	}
	if sp.Description == nil {
		sp.Description = jsii.String(s.Description)
	}
	return &builder{
		stack:        awscdk.NewStack(scope, jsii.String(id), &sp),
		p:            p,
		plan:         s,
		params:       map[string]awscdk.CfnParameter{},
		accessPoints: map[string]awsefs.IAccessPoint{},
	}
}

// single renders the whole project in one stack.
func (b *builder) single() {
	b.net = b.network()
	b.cluster = b.makeCluster()
	b.resources()
}

// resources renders the plan's file system, access points, namespace and
// services once the network and cluster are known, in either layout.
func (b *builder) resources() {
	b.fileSystem()
	b.volumeAccessPoints()
	b.makeNamespace()
	for i := range b.plan.Services {
		b.services = append(b.services, b.service(&b.plan.Services[i]))
	}
	b.connect()
	b.outputs()
	b.suppressNagFindings()
}

// makeCluster makes the plan's cluster or imports the one it names.
func (b *builder) makeCluster() awsecs.ICluster {
	c := b.plan.Cluster
	if c.Default {
		return awsecs.NewCluster(b.stack, jsii.String("Cluster"), &awsecs.ClusterProps{
			Vpc:                 b.net.vpc,
			ContainerInsightsV2: awsecs.ContainerInsights_ENABLED,
		})
	}
	name := b.value(c.Value)
	// The service's Cluster property takes a name or an ARN alike.
	return awsecs.Cluster_FromClusterAttributes(b.stack, jsii.String("Cluster"), &awsecs.ClusterAttributes{
		ClusterName: name,
		Vpc:         b.net.vpc,
	})
}

// value renders a spec value: the literal, an import, or the Ref of a
// parameter declared on first use.
func (b *builder) value(v spec.Value) *string {
	switch {
	case v.Literal != "":
		return jsii.String(v.Literal)
	case v.Import != "":
		return awscdk.Fn_ImportValue(jsii.String(v.Import))
	}
	return b.param(v.Parameter).ValueAsString()
}

// param declares the plan's parameter name on first use: the CDK form
// makes its own VPC and cluster where the raw form takes parameters, so it
// declares only those it refers to.
func (b *builder) param(name string) awscdk.CfnParameter {
	if p, ok := b.params[name]; ok {
		return p
	}
	decl, ok := b.plan.Parameter(name)
	if !ok {
		panic(fmt.Errorf("parameter %s is not in the plan", name))
	}
	props := &awscdk.CfnParameterProps{Type: jsii.String(decl.Type), Description: jsii.String(decl.Description)}
	if decl.Pattern != "" {
		props.AllowedPattern = jsii.String(decl.Pattern)
	}
	p := awscdk.NewCfnParameter(b.stack, jsii.String(name), props)
	b.params[name] = p
	return p
}
