package main

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsecs"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsecspatterns"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	efsfargate "github.com/efsfargate/efsfargate/constructs"
)

// NewLoadBalancedStack gives an aws-ecs-patterns service (an Application
// Load Balancer in front of nginx) a read-only EFS volume with
// AddEfsVolumes, and lets a publishing role write that volume's access
// point, and nothing else on the file system, with GrantAccessPoint.
func NewLoadBalancedStack(scope constructs.Construct, id string) awscdk.Stack {
	stack := awscdk.NewStack(scope, jsii.String(id), nil)
	vpc := awsec2.NewVpc(stack, jsii.String("Vpc"), &awsec2.VpcProps{MaxAzs: jsii.Number(2), NatGateways: jsii.Number(1)})
	cluster := awsecs.NewCluster(stack, jsii.String("Cluster"), &awsecs.ClusterProps{
		Vpc:                 vpc,
		ContainerInsightsV2: awsecs.ContainerInsights_ENABLED,
	})
	fs := efsfargate.NewSharedFileSystem(stack, jsii.String("Files"), &efsfargate.SharedFileSystemProps{Vpc: vpc})

	web := awsecspatterns.NewApplicationLoadBalancedFargateService(stack, jsii.String("Web"), &awsecspatterns.ApplicationLoadBalancedFargateServiceProps{
		Cluster: cluster,
		TaskImageOptions: &awsecspatterns.ApplicationLoadBalancedTaskImageOptions{
			Image:         awsecs.ContainerImage_FromRegistry(jsii.String("nginx:latest"), nil),
			ContainerPort: jsii.Number(80),
		},
		// EFS needs platform 1.4.0 or later.
		PlatformVersion:   awsecs.FargatePlatformVersion_LATEST,
		MinHealthyPercent: jsii.Number(100),
		CircuitBreaker:    &awsecs.DeploymentCircuitBreaker{Rollback: jsii.Bool(true)},
	})
	wiring := efsfargate.AddEfsVolumes(web, &efsfargate.EfsWiringProps{
		TaskDefinition: web.TaskDefinition(),
		Container:      web.TaskDefinition().DefaultContainer(),
		Service:        web.Service(),
		FileSystem:     fs,
		Volumes: &[]*efsfargate.EfsVolume{{
			Name:          jsii.String("html"),
			ContainerPath: jsii.String("/usr/share/nginx/html"),
			ReadOnly:      jsii.Bool(true),
		}},
	})

	// A role that publishes the site (assumed by a CI job, say) may write
	// through the html access point only.
	publisher := awsiam.NewRole(stack, jsii.String("Publisher"), &awsiam.RoleProps{
		AssumedBy: awsiam.NewServicePrincipal(jsii.String("ecs-tasks.amazonaws.com"), nil),
	})
	efsfargate.GrantAccessPoint(publisher, wiring.AccessPoints["html"], false)
	return stack
}
