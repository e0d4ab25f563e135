package efsfargate_test

import (
	"fmt"
	"sort"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsecs"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsecspatterns"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssecretsmanager"
	"github.com/aws/jsii-runtime-go"

	efsfargate "github.com/efsfargate/efsfargate/constructs"
)

// A service with a writable volume, an existing task role and a secret.
// A mongo image gets an access point acting as its user (999:999) and
// deploys by stopping the old task first.
func ExampleNewEfsFargateService() {
	app := awscdk.NewApp(nil)
	stack := awscdk.NewStack(app, jsii.String("Shop"), nil)
	vpc := awsec2.NewVpc(stack, jsii.String("Vpc"), &awsec2.VpcProps{MaxAzs: jsii.Number(2), NatGateways: jsii.Number(1)})
	cluster := awsecs.NewCluster(stack, jsii.String("Cluster"), &awsecs.ClusterProps{Vpc: vpc})
	role := awsiam.NewRole(stack, jsii.String("DbRole"), &awsiam.RoleProps{
		AssumedBy: awsiam.NewServicePrincipal(jsii.String("ecs-tasks.amazonaws.com"), nil),
	})
	password := awssecretsmanager.NewSecret(stack, jsii.String("DbPassword"), nil)

	db := efsfargate.NewEfsFargateService(stack, jsii.String("Database"), &efsfargate.EfsFargateServiceProps{
		Cluster:       cluster,
		Image:         awsecs.ContainerImage_FromRegistry(jsii.String("mongo:7"), nil),
		ContainerPort: jsii.Number(27017),
		TaskRole:      role,
		Secrets: &map[string]awsecs.Secret{
			"MONGO_INITDB_ROOT_PASSWORD": awsecs.Secret_FromSecretsManager(password, nil),
		},
		Volumes: &[]*efsfargate.EfsVolume{{Name: jsii.String("db"), ContainerPath: jsii.String("/data/db")}},
	})
	awscdk.Tags_Of(db).Add(jsii.String("team"), jsii.String("shop"), nil)

	fmt.Println(*db.Node().Path())
	for name := range db.AccessPoints() {
		fmt.Println("access point for", name)
	}
	fmt.Println(*db.TaskRole().Node().Path())
	// Output:
	// Shop/Database
	// access point for db
	// Shop/DbRole
}

// One file system shared by two services: the writer and a read-only
// reader mount the same access point.
func ExampleNewSharedFileSystem() {
	app := awscdk.NewApp(nil)
	stack := awscdk.NewStack(app, jsii.String("Media"), nil)
	vpc := awsec2.NewVpc(stack, jsii.String("Vpc"), &awsec2.VpcProps{MaxAzs: jsii.Number(2), NatGateways: jsii.Number(1)})
	cluster := awsecs.NewCluster(stack, jsii.String("Cluster"), &awsecs.ClusterProps{Vpc: vpc})
	fs := efsfargate.NewSharedFileSystem(stack, jsii.String("Files"), &efsfargate.SharedFileSystemProps{Vpc: vpc})
	uploads := efsfargate.NewVolumeAccessPoint(stack, jsii.String("Uploads"), &efsfargate.VolumeAccessPointProps{
		FileSystem: fs,
		Path:       jsii.String("/uploads"),
	})
	for _, s := range []struct {
		id       string
		readOnly bool
	}{{"Api", false}, {"Thumbnails", true}} {
		efsfargate.NewEfsFargateService(stack, jsii.String(s.id), &efsfargate.EfsFargateServiceProps{
			Cluster:    cluster,
			Image:      awsecs.ContainerImage_FromRegistry(jsii.String("nginx:latest"), nil),
			FileSystem: fs,
			Volumes: &[]*efsfargate.EfsVolume{{
				Name: jsii.String("uploads"), ContainerPath: jsii.String("/srv/uploads"),
				ReadOnly: jsii.Bool(s.readOnly), AccessPoint: uploads,
			}},
		})
	}
}

// EFS volumes for a service built with aws-ecs-patterns.
func ExampleAddEfsVolumes() {
	app := awscdk.NewApp(nil)
	stack := awscdk.NewStack(app, jsii.String("Site"), nil)
	vpc := awsec2.NewVpc(stack, jsii.String("Vpc"), &awsec2.VpcProps{MaxAzs: jsii.Number(2), NatGateways: jsii.Number(1)})
	cluster := awsecs.NewCluster(stack, jsii.String("Cluster"), &awsecs.ClusterProps{Vpc: vpc})
	fs := efsfargate.NewSharedFileSystem(stack, jsii.String("Files"), &efsfargate.SharedFileSystemProps{Vpc: vpc})
	web := awsecspatterns.NewApplicationLoadBalancedFargateService(stack, jsii.String("Web"), &awsecspatterns.ApplicationLoadBalancedFargateServiceProps{
		Cluster: cluster,
		TaskImageOptions: &awsecspatterns.ApplicationLoadBalancedTaskImageOptions{
			Image: awsecs.ContainerImage_FromRegistry(jsii.String("nginx:latest"), nil),
		},
	})
	wiring := efsfargate.AddEfsVolumes(web, &efsfargate.EfsWiringProps{
		TaskDefinition: web.TaskDefinition(),
		Container:      web.TaskDefinition().DefaultContainer(),
		Service:        web.Service(),
		FileSystem:     fs,
		Volumes: &[]*efsfargate.EfsVolume{{
			Name: jsii.String("html"), ContainerPath: jsii.String("/usr/share/nginx/html"), ReadOnly: jsii.Bool(true),
		}},
	})
	names := []string{}
	for name := range wiring.AccessPoints {
		names = append(names, name)
	}
	sort.Strings(names)
	fmt.Println(names)
	// Output: [html]
}

// A role that may write through one access point and nowhere else on the
// file system, e.g. for a job that publishes files the services read.
func ExampleGrantAccessPoint() {
	app := awscdk.NewApp(nil)
	stack := awscdk.NewStack(app, jsii.String("Jobs"), nil)
	vpc := awsec2.NewVpc(stack, jsii.String("Vpc"), &awsec2.VpcProps{MaxAzs: jsii.Number(2), NatGateways: jsii.Number(1)})
	fs := efsfargate.NewSharedFileSystem(stack, jsii.String("Files"), &efsfargate.SharedFileSystemProps{Vpc: vpc})
	reports := efsfargate.NewVolumeAccessPoint(stack, jsii.String("Reports"), &efsfargate.VolumeAccessPointProps{
		FileSystem: fs,
		Path:       jsii.String("/reports"),
	})
	publisher := awsiam.NewRole(stack, jsii.String("Publisher"), &awsiam.RoleProps{
		AssumedBy: awsiam.NewServicePrincipal(jsii.String("lambda.amazonaws.com"), nil),
	})
	grant := efsfargate.GrantAccessPoint(publisher, reports, false)
	fmt.Println(*grant.Success())
	// Output: true
}
