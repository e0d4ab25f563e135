package main

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsecs"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsefs"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	efsfargate "github.com/efsfargate/efsfargate/constructs"
)

// Storage is the long-lived stack: the network, the cluster and the data.
// It changes rarely and is protected from deletion; the file system is
// retained even if the stack goes.
type Storage struct {
	Stack      awscdk.Stack
	Vpc        awsec2.IVpc
	Cluster    awsecs.ICluster
	FileSystem awsefs.IFileSystem
	// Uploads is the access point both services share.
	Uploads awsefs.IAccessPoint
}

// NewStorageStack makes the long-lived stack.
func NewStorageStack(scope constructs.Construct, id string) *Storage {
	stack := awscdk.NewStack(scope, jsii.String(id), &awscdk.StackProps{TerminationProtection: jsii.Bool(true)})
	vpc := awsec2.NewVpc(stack, jsii.String("Vpc"), &awsec2.VpcProps{MaxAzs: jsii.Number(2), NatGateways: jsii.Number(1)})
	cluster := awsecs.NewCluster(stack, jsii.String("Cluster"), &awsecs.ClusterProps{
		Vpc:                 vpc,
		ContainerInsightsV2: awsecs.ContainerInsights_ENABLED,
	})
	fs := efsfargate.NewSharedFileSystem(stack, jsii.String("Files"), &efsfargate.SharedFileSystemProps{
		Vpc:            vpc,
		FileSystemName: jsii.String("shop-uploads"),
	})
	uploads := efsfargate.NewVolumeAccessPoint(stack, jsii.String("UploadsAccessPoint"), &efsfargate.VolumeAccessPointProps{
		FileSystem: fs,
		Path:       jsii.String("/uploads"),
		Name:       jsii.String("shop-uploads"),
	})
	return &Storage{Stack: stack, Vpc: vpc, Cluster: cluster, FileSystem: fs, Uploads: uploads}
}

// NewServicesStack makes the services that mount the storage stack's
// file system: an API that writes uploads and a thumbnailer that reads
// them. Each opens TCP 2049 from its own tasks; the rules live in this
// stack, so the storage stack never depends on it (CDK makes this stack
// depend on the storage stack from the references).
func NewServicesStack(scope constructs.Construct, id string, storage *Storage) awscdk.Stack {
	stack := awscdk.NewStack(scope, jsii.String(id), nil)
	service := func(name, image string, readOnly bool) {
		efsfargate.NewEfsFargateService(stack, jsii.String(name), &efsfargate.EfsFargateServiceProps{
			Cluster:    storage.Cluster,
			Image:      awsecs.ContainerImage_FromRegistry(jsii.String(image), nil),
			FileSystem: storage.FileSystem,
			Volumes: &[]*efsfargate.EfsVolume{{
				Name:          jsii.String("uploads"),
				ContainerPath: jsii.String("/srv/uploads"),
				ReadOnly:      jsii.Bool(readOnly),
				AccessPoint:   storage.Uploads,
			}},
		})
	}
	service("Api", "public.ecr.aws/docker/library/httpd:2.4", false)
	service("Thumbnails", "public.ecr.aws/docker/library/nginx:1.27", true)
	return stack
}
