package stacks

import (
	"fmt"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsservicediscovery"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/efsfargate/efsfargate/internal/plan"
	"github.com/efsfargate/efsfargate/internal/spec"
)

// NewAll builds every stack of a validated project in deploy order, each
// with its stack name as construct id: the one stack of New, or with
// layout split the base stack and one stack per service. What goes where,
// and every export name, is the plan's (plan.Stacks); the VPC and cluster
// the CDK form makes live in the base stack and reach the service stacks
// as CDK cross-stack references.
func NewAll(scope constructs.Construct, p *spec.Project, props *awscdk.StackProps) []awscdk.Stack {
	list, err := plan.Stacks(p)
	if err != nil {
		panic(err)
	}
	if !p.Split() {
		b := newBuilder(scope, list[0].Name, p, list[0], props)
		b.single()
		return []awscdk.Stack{b.stack}
	}
	var (
		base *builder
		out  []awscdk.Stack
	)
	byName := map[string]awscdk.Stack{}
	for _, s := range list {
		sp := awscdk.StackProps{}
		if props != nil {
			sp = *props
		}
		if s.Base {
			// The base stack holds the data: deleting it takes an
			// explicit step first.
			sp.TerminationProtection = jsii.Bool(true)
		}
		b := newBuilder(scope, s.Name, p, s, &sp)
		if s.Base {
			b.base()
			base = b
		} else {
			if base == nil {
				panic(fmt.Errorf("plan: service stack %s comes before the base stack", s.Name))
			}
			b.serviceStack()
		}
		// Imports by export name carry no dependency CDK can see;
		// cdk deploy --all orders the stacks by these.
		for _, d := range s.DependsOn {
			b.stack.AddStackDependency(byName[d], jsii.String("imports its exports"))
		}
		byName[s.Name] = b.stack
		out = append(out, b.stack)
	}
	return out
}

// base renders the split layout's base stack: the network and cluster the
// CDK form makes (or the parameters it passes on), the file system, its
// access points and the namespace.
func (b *builder) base() {
	b.net = b.network()
	b.cluster = b.makeCluster()
	b.fileSystem()
	b.volumeAccessPoints()
	b.makeNamespace()
	b.outputs()
}

// serviceStack renders one service of the split layout, with what the base
// stack makes or passes on (the file system, access points, namespace,
// network and cluster) imported by the plan's export names.
func (b *builder) serviceStack() {
	b.net = b.network()
	b.cluster = b.makeCluster()
	b.resources()
}

// importedNamespace is the base stack's namespace in a service stack.
func (b *builder) importedNamespace(ns *plan.Namespace) awsservicediscovery.INamespace {
	id := awscdk.Fn_ImportValue(jsii.String(ns.Import))
	return awsservicediscovery.PrivateDnsNamespace_FromPrivateDnsNamespaceAttributes(b.stack, jsii.String(ns.LogicalID), &awsservicediscovery.PrivateDnsNamespaceAttributes{
		NamespaceId:   id,
		NamespaceName: jsii.String(ns.Name),
		NamespaceArn:  b.stack.FormatArn(&awscdk.ArnComponents{Service: jsii.String("servicediscovery"), Resource: jsii.String("namespace"), ResourceName: id}),
	})
}
