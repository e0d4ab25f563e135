package stacks

import (
	"fmt"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"github.com/efsfargate/efsfargate/internal/plan"
)

// outputs renders the plan's outputs with their exports.
func (b *builder) outputs() {
	byName := map[string]int{}
	for i, s := range b.plan.Services {
		byName[s.Name] = i
	}
	for _, o := range b.plan.Outputs {
		var v *string
		switch o.Kind {
		case plan.OutputFileSystemID:
			v = b.fs.FileSystemId()
		case plan.OutputFileSystemSecurityGroupID:
			v = b.fsGroup.SecurityGroupId()
		case plan.OutputAccessPointID:
			v = b.accessPoints[o.Of].AccessPointId()
		case plan.OutputTaskSecurityGroupID:
			v = b.services[byName[o.Of]].SecurityGroup().SecurityGroupId()
		case plan.OutputNamespaceID:
			v = b.namespace.NamespaceId()
		case plan.OutputServicesVPCID:
			v = b.net.vpc.VpcId()
		case plan.OutputServicesSubnetIDs:
			v = awscdk.Fn_Join(jsii.String(","), b.taskSubnetIDs())
		case plan.OutputServicesCluster:
			v = b.cluster.ClusterName()
		case plan.OutputServiceName:
			v = b.services[byName[o.Of]].Service().ServiceName()
		default:
			panic(fmt.Errorf("output %s: unknown kind %d", o.Name, o.Kind))
		}
		awscdk.NewCfnOutput(b.stack, jsii.String(o.Name), &awscdk.CfnOutputProps{
			Value:       v,
			Description: jsii.String(o.Description),
			ExportName:  jsii.String(o.Export),
		})
	}
}

// taskSubnetIDs is the list of subnets the tasks run in.
func (b *builder) taskSubnetIDs() *[]*string {
	if b.net.subnetList != nil {
		return b.net.subnetList
	}
	return b.net.vpc.SelectSubnets(b.net.taskSubnets).SubnetIds
}
