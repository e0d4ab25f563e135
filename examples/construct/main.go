// Command construct is a CDK app that uses the efsfargate constructs from
// Go, the way a team's own app does:
//
//   - Site: one EfsFargateService with its own VPC, cluster and file system;
//
//   - Storage and Services: the file system in a long-lived stack, the
//     services that mount it in another one, deployed more often;
//
//   - LoadBalanced: an aws-ecs-patterns service given EFS volumes with
//     AddEfsVolumes, and a role granted one access point only.
//
//     cdk synth --app 'go run ./examples/construct'
package main

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"
)

func main() {
	defer jsii.Close()
	app := awscdk.NewApp(nil)
	NewSiteStack(app, "EfsFargateExample")
	storage := NewStorageStack(app, "EfsFargateStorage")
	NewServicesStack(app, "EfsFargateServices", storage)
	NewLoadBalancedStack(app, "EfsFargateLoadBalanced")
	app.Synth(nil)
}
