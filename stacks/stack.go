// Package stacks builds the CDK form of an efsfargate project: one stack per
// spec.Project, with the resources, parameters and outputs of the raw
// template (internal/emitter) made from CDK constructs.
package stacks

import (
	"fmt"
	"strconv"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsecs"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsefs"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	efsfargate "github.com/efsfargate/efsfargate/constructs"
	"github.com/efsfargate/efsfargate/internal/spec"
)

// Name is the stack name of a project: "<app>-<stage>".
func Name(p *spec.Project) string { return p.Name() }

// builder carries what the parts of one stack share.
type builder struct {
	stack   awscdk.Stack
	p       *spec.Project
	params  map[string]awscdk.CfnParameter
	net     *network
	cluster awsecs.ICluster
	fs      awsefs.IFileSystem
	// fsGroup is the managed file system's security group, nil otherwise.
	fsGroup awsec2.ISecurityGroup
	// accessPoints by volume name, created or imported.
	accessPoints map[string]awsefs.IAccessPoint
	services     []efsfargate.EfsFargateService
}

// New builds the stack of a validated project. id is the construct id (use
// Name(p)); props may be nil. Projects that fail the checks CDK adds on top
// of the spec's (none today for a valid spec) panic like any construct.
func New(scope constructs.Construct, id string, p *spec.Project, props *awscdk.StackProps) awscdk.Stack {
	sp := awscdk.StackProps{}
	if props != nil {
		sp = *props
	}
	if sp.StackName == nil {
		sp.StackName = jsii.String(Name(p))
	}
	if sp.Description == nil {
		sp.Description = jsii.String(p.Description())
	}
	b := &builder{
		stack:        awscdk.NewStack(scope, jsii.String(id), &sp),
		p:            p,
		params:       map[string]awscdk.CfnParameter{},
		accessPoints: map[string]awsefs.IAccessPoint{},
	}
	b.net = b.network()
	b.cluster = b.makeCluster()
	b.fileSystem()
	b.volumeAccessPoints()
	for i := range p.Services {
		b.services = append(b.services, b.service(&p.Services[i]))
	}
	b.outputs()
	b.suppressNagFindings()
	return b.stack
}

func (b *builder) makeCluster() awsecs.ICluster {
	if b.p.ClusterDefault {
		return awsecs.NewCluster(b.stack, jsii.String("Cluster"), &awsecs.ClusterProps{
			Vpc:                 b.net.vpc,
			ContainerInsightsV2: awsecs.ContainerInsights_ENABLED,
		})
	}
	c := b.p.Cluster
	if c.IsZero() {
		c.Parameter = "ClusterArn"
	}
	name := b.value(c, "String", "Name or ARN of the ECS cluster that runs the services", "")
	// The service's Cluster property takes a name or an ARN alike.
	return awsecs.Cluster_FromClusterAttributes(b.stack, jsii.String("Cluster"), &awsecs.ClusterAttributes{
		ClusterName: name,
		Vpc:         b.net.vpc,
	})
}

// value renders a spec value: the literal, an import, or the Ref of a
// parameter declared on first use.
func (b *builder) value(v spec.Value, typ, description, pattern string) *string {
	switch {
	case v.Literal != "":
		return jsii.String(v.Literal)
	case v.Import != "":
		return awscdk.Fn_ImportValue(jsii.String(v.Import))
	}
	return b.param(v.Parameter, typ, description, pattern).ValueAsString()
}

func (b *builder) param(name, typ, description, pattern string) awscdk.CfnParameter {
	if p, ok := b.params[name]; ok {
		if *p.Type() != typ {
			panic(fmt.Errorf("parameter %s is used both as %s and as %s", name, *p.Type(), typ))
		}
		return p
	}
	props := &awscdk.CfnParameterProps{Type: jsii.String(typ), Description: jsii.String(description)}
	if pattern != "" {
		props.AllowedPattern = jsii.String(pattern)
	}
	p := awscdk.NewCfnParameter(b.stack, jsii.String(name), props)
	b.params[name] = p
	return p
}

func itoa(n int) *string { return jsii.String(strconv.Itoa(n)) }
