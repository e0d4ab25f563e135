package stacks

import (
	"fmt"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	"github.com/aws/jsii-runtime-go"
)

// network is where the tasks and the mount targets go.
type network struct {
	vpc                awsec2.IVpc
	taskSubnets        *awsec2.SubnetSelection
	mountTargetSubnets *awsec2.SubnetSelection
	// subnetList is the tasks' subnets as one list value when they come
	// from a List<AWS::EC2::Subnet::Id> parameter or another stack's
	// export; services then run in every subnet it holds.
	subnetList *[]*string
}

// network makes a VPC when the spec has no network section and otherwise
// imports the plan's VPC (literal id, parameter or export) with its subnets.
func (b *builder) network() *network {
	n := b.plan.Network
	if n.Default {
		return b.newVPC()
	}
	out := &network{}
	var azs []*string // known AZs of the mount-target subnets
	byID := map[string]string{}
	for _, s := range n.Subnets {
		byID[s.ID] = s.AZ
	}
	for _, s := range n.MountTargetSubnets {
		if az := byID[s.ID]; s.ID != "" && az != "" {
			azs = append(azs, jsii.String(az))
		}
	}
	// A literal id is imported like a parameter, not looked up: subnets
	// are always given (literal or parameter), so a lookup would only
	// add a synth-time AWS call and a cdk.context.json entry.
	zones := &azs
	if len(azs) == 0 {
		// Unknown here; the region's list is true and never rendered,
		// since subnets are always selected explicitly below.
		zones = awscdk.Fn_GetAzs(nil)
	}
	out.vpc = awsec2.Vpc_FromVpcAttributes(b.stack, jsii.String("Vpc"), &awsec2.VpcAttributes{
		VpcId:             b.value(n.VPC),
		AvailabilityZones: zones,
	})
	if len(azs) == 0 {
		awscdk.Annotations_Of(out.vpc).AcknowledgeWarning(jsii.String("@aws-cdk/aws-ec2:vpcAttributeIsListTokenavailabilityZones"),
			jsii.String("subnets are always given explicitly, never selected from the VPC"))
	}
	switch {
	case n.SubnetsParameter != "":
		b.parameterSubnets(out)
	case n.SubnetsImport != "":
		b.importedSubnets(out)
	default:
		b.literalSubnets(out)
	}
	return out
}

func (b *builder) newVPC() *network {
	flowLogs := awslogs.NewLogGroup(b.stack, jsii.String("VpcFlowLogs"), &awslogs.LogGroupProps{
		Retention: retention(b.p.LogRetentionDays),
	})
	vpc := awsec2.NewVpc(b.stack, jsii.String("Vpc"), &awsec2.VpcProps{
		MaxAzs:      jsii.Number(2),
		NatGateways: jsii.Number(1),
		SubnetConfiguration: &[]*awsec2.SubnetConfiguration{
			{Name: jsii.String("Public"), SubnetType: awsec2.SubnetType_PUBLIC, CidrMask: jsii.Number(24)},
			{Name: jsii.String("Private"), SubnetType: awsec2.SubnetType_PRIVATE_WITH_EGRESS, CidrMask: jsii.Number(24)},
		},
		FlowLogs: &map[string]*awsec2.FlowLogOptions{
			"FlowLog": {
				Destination: awsec2.FlowLogDestination_ToCloudWatchLogs(flowLogs, nil),
				TrafficType: awsec2.FlowLogTrafficType_ALL,
			},
		},
		// The recommended flag would add a Lambda-backed custom resource to
		// strip the default security group; nothing here uses that group,
		// and the custom resource's asset rules out the bootstrapless
		// synthesizer and local emulators.
		RestrictDefaultSecurityGroup: jsii.Bool(false),
	})
	kind := awsec2.SubnetType_PRIVATE_WITH_EGRESS
	if b.plan.Network.AssignPublicIP {
		kind = awsec2.SubnetType_PUBLIC
	}
	return &network{
		vpc:                vpc,
		taskSubnets:        &awsec2.SubnetSelection{SubnetType: kind},
		mountTargetSubnets: &awsec2.SubnetSelection{SubnetType: kind, OnePerAz: jsii.Bool(true)},
	}
}

// importSubnet imports a subnet by id (and AZ when known). Nothing here
// reads its route table, so CDK's warning about the missing one is noise.
func (b *builder) importSubnet(i int, attrs *awsec2.SubnetAttributes) awsec2.ISubnet {
	sub := awsec2.Subnet_FromSubnetAttributes(b.stack, jsii.String(fmt.Sprintf("Subnet%d", i+1)), attrs)
	awscdk.Annotations_Of(sub).AcknowledgeWarning(jsii.String("@aws-cdk/aws-ec2:noSubnetRouteTableId"),
		jsii.String("no route table is read from imported subnets"))
	return sub
}

// literalSubnets: tasks use every listed subnet, mount targets the plan's
// one per AZ.
func (b *builder) literalSubnets(out *network) {
	byID := map[string]awsec2.ISubnet{}
	var all []awsec2.ISubnet
	for i, s := range b.plan.Network.Subnets {
		attrs := &awsec2.SubnetAttributes{SubnetId: jsii.String(s.ID)}
		if s.AZ != "" {
			attrs.AvailabilityZone = jsii.String(s.AZ)
		}
		sub := b.importSubnet(i, attrs)
		byID[s.ID] = sub
		all = append(all, sub)
	}
	var perAZ []awsec2.ISubnet
	for _, s := range b.plan.Network.MountTargetSubnets {
		perAZ = append(perAZ, byID[s.ID])
	}
	out.taskSubnets = &awsec2.SubnetSelection{Subnets: &all}
	out.mountTargetSubnets = &awsec2.SubnetSelection{Subnets: &perAZ}
}

// parameterSubnets: the parameter holds one subnet per AZ; the plan puts
// a mount target at each of its elements.
func (b *builder) parameterSubnets(out *network) {
	param := b.param(b.plan.Network.SubnetsParameter)
	var subnets []awsec2.ISubnet
	for i, s := range b.plan.Network.MountTargetSubnets {
		subnets = append(subnets, b.importSubnet(i, &awsec2.SubnetAttributes{
			SubnetId: awscdk.Fn_Select(jsii.Number(float64(s.Index)), param.ValueAsList()),
		}))
	}
	out.subnetList = param.ValueAsList()
	out.taskSubnets = &awsec2.SubnetSelection{Subnets: &subnets}
	out.mountTargetSubnets = &awsec2.SubnetSelection{Subnets: &subnets}
}

// importedSubnets: the tasks run in every subnet of another stack's
// comma-joined export (a split layout's service stack, which makes no
// mount targets). CDK wants subnet objects to select from; the first
// element stands for the list, which the service's property then holds
// whole.
func (b *builder) importedSubnets(out *network) {
	list := awscdk.Fn_Split(jsii.String(","), awscdk.Fn_ImportValue(jsii.String(b.plan.Network.SubnetsImport)), nil)
	first := b.importSubnet(0, &awsec2.SubnetAttributes{SubnetId: awscdk.Fn_Select(jsii.Number(0), list)})
	out.subnetList = list
	out.taskSubnets = &awsec2.SubnetSelection{Subnets: &[]awsec2.ISubnet{first}}
}
