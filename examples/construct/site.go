package main

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsecs"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	efsfargate "github.com/efsfargate/efsfargate/constructs"
)

// NewSiteStack is the smallest use: its own VPC and cluster, and one nginx
// service serving a read-only volume from a new file system.
func NewSiteStack(scope constructs.Construct, id string) awscdk.Stack {
	stack := awscdk.NewStack(scope, jsii.String(id), nil)

	vpc := awsec2.NewVpc(stack, jsii.String("Vpc"), &awsec2.VpcProps{
		MaxAzs:      jsii.Number(2),
		NatGateways: jsii.Number(1),
	})
	cluster := awsecs.NewCluster(stack, jsii.String("Cluster"), &awsecs.ClusterProps{
		Vpc:                 vpc,
		ContainerInsightsV2: awsecs.ContainerInsights_ENABLED,
	})

	efsfargate.NewEfsFargateService(stack, jsii.String("Site"), &efsfargate.EfsFargateServiceProps{
		Cluster:       cluster,
		Image:         awsecs.ContainerImage_FromRegistry(jsii.String("nginx:latest"), nil),
		ContainerPort: jsii.Number(80),
		Volumes: &[]*efsfargate.EfsVolume{{
			Name:          jsii.String("html"),
			ContainerPath: jsii.String("/usr/share/nginx/html"),
			ReadOnly:      jsii.Bool(true),
		}},
	})
	return stack
}
