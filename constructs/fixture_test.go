package efsfargate_test

import (
	"sync"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsecs"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsefs"
	"github.com/aws/jsii-runtime-go"

	efsfargate "github.com/efsfargate/efsfargate/constructs"
)

// fixture holds the stacks every test reads, built in one App.
type fixture struct {
	basic, oneAZ, shared, existing, composed assertions.Template
	userApp, props, wiring                   assertions.Template
	wiringStack                              awscdk.Stack
	// Services by construct id, to check accessors and cross references.
	web, writer, reader efsfargate.EfsFargateService
	sharedFS            awsefs.FileSystem
	basicStack          awscdk.Stack
	composedApp         composedParts
}

var (
	fxOnce sync.Once
	fx     *fixture
)

func stacks(t *testing.T) *fixture {
	t.Helper()
	fxOnce.Do(func() { fx = buildFixture(t) })
	if fx == nil {
		t.Fatal("fixture failed to build")
	}
	return fx
}

func buildFixture(t *testing.T) *fixture {
	app := newApp(t)
	f := &fixture{}
	f.basicStack = basicStack(app, f)
	oneAZ := oneAZStack(app)
	shared := sharedStack(app, f)
	existing := existingStack(app)
	composed := composedStack(app, &f.composedApp)
	userApp := userAppStack(app)
	propsSt := propsStack(app)
	f.wiringStack = wiringStack(app)
	// The first Template_FromStack synthesizes the App; the rest reuse it.
	f.basic = assertions.Template_FromStack(f.basicStack, nil)
	f.oneAZ = assertions.Template_FromStack(oneAZ, nil)
	f.shared = assertions.Template_FromStack(shared, nil)
	f.existing = assertions.Template_FromStack(existing, nil)
	f.composed = assertions.Template_FromStack(composed, nil)
	f.userApp = assertions.Template_FromStack(userApp, nil)
	f.props = assertions.Template_FromStack(propsSt, nil)
	f.wiring = assertions.Template_FromStack(f.wiringStack, nil)
	return f
}

func nginx() awsecs.ContainerImage {
	return awsecs.ContainerImage_FromRegistry(jsii.String("nginx:latest"), nil)
}

// basicStack: a new VPC and cluster, defaults everywhere, and one volume
// mounted twice (once read-only) next to a read-only volume.
func basicStack(app awscdk.App, f *fixture) awscdk.Stack {
	stack := awscdk.NewStack(app, jsii.String("Basic"), nil)
	vpc := awsec2.NewVpc(stack, jsii.String("Vpc"), &awsec2.VpcProps{
		MaxAzs: jsii.Number(2), NatGateways: jsii.Number(1), RestrictDefaultSecurityGroup: jsii.Bool(false),
	})
	cluster := awsecs.NewCluster(stack, jsii.String("Cluster"), &awsecs.ClusterProps{Vpc: vpc})
	f.web = efsfargate.NewEfsFargateService(stack, jsii.String("Web"), &efsfargate.EfsFargateServiceProps{
		Cluster:       cluster,
		Image:         nginx(),
		ContainerPort: jsii.Number(80),
		Environment:   &map[string]*string{"ZED": jsii.String("last"), "ALPHA": jsii.String("first")},
		Volumes: &[]*efsfargate.EfsVolume{
			{Name: jsii.String("data"), ContainerPath: jsii.String("/data")},
			{Name: jsii.String("data"), ContainerPath: jsii.String("/mnt/data-ro"), ReadOnly: jsii.Bool(true)},
			{Name: jsii.String("config"), ContainerPath: jsii.String("/config"), ReadOnly: jsii.Bool(true)},
		},
	})
	return stack
}

// importedNetwork is a VPC with subnets given by id and AZ.
func importedNetwork(stack awscdk.Stack, azs ...string) (awsec2.IVpc, []awsec2.ISubnet) {
	vpc := awsec2.Vpc_FromVpcAttributes(stack, jsii.String("Vpc"), &awsec2.VpcAttributes{
		VpcId:             jsii.String("vpc-0123456789abcdef0"),
		AvailabilityZones: jsii.Strings(azs[0]),
	})
	subnets := make([]awsec2.ISubnet, len(azs))
	for i, az := range azs {
		subnets[i] = awsec2.Subnet_FromSubnetAttributes(stack, jsii.String("Subnet"+string(rune('A'+i))), &awsec2.SubnetAttributes{
			SubnetId:         jsii.String("subnet-0000000000000000" + string(rune('a'+i))),
			AvailabilityZone: jsii.String(az),
			RouteTableId:     jsii.String("rtb-0123456789abcdef0"),
		})
	}
	return vpc, subnets
}

func importedCluster(stack awscdk.Stack, vpc awsec2.IVpc) awsecs.ICluster {
	return awsecs.Cluster_FromClusterAttributes(stack, jsii.String("Cluster"), &awsecs.ClusterAttributes{
		ClusterName: jsii.String("apps"),
		Vpc:         vpc,
	})
}

// oneAZStack: two task subnets in one AZ (one mount target), root access,
// and a file system with non-default options.
func oneAZStack(app awscdk.App) awscdk.Stack {
	stack := awscdk.NewStack(app, jsii.String("OneAz"), nil)
	vpc, subnets := importedNetwork(stack, "us-east-1a", "us-east-1a")
	efsfargate.NewEfsFargateService(stack, jsii.String("Indexer"), &efsfargate.EfsFargateServiceProps{
		Cluster:         importedCluster(stack, vpc),
		Image:           nginx(),
		Cpu:             jsii.Number(1024),
		MemoryLimitMiB:  jsii.Number(3072),
		DesiredCount:    jsii.Number(3),
		PlatformVersion: awsecs.FargatePlatformVersion_VERSION1_4,
		TaskSubnets:     &awsec2.SubnetSelection{Subnets: &subnets},
		FileSystemProps: &efsfargate.SharedFileSystemProps{
			ThroughputMode:         awsefs.ThroughputMode_ELASTIC,
			LifecyclePolicy:        awsefs.LifecyclePolicy_AFTER_30_DAYS,
			EnableAutomaticBackups: jsii.Bool(false),
			RemovalPolicy:          awscdk.RemovalPolicy_DESTROY,
		},
		Volumes: &[]*efsfargate.EfsVolume{{
			Name: jsii.String("index"), ContainerPath: jsii.String("/index"), RootAccess: jsii.Bool(true),
			Path:      jsii.String("/srv/index"),
			PosixUser: &awsefs.PosixUser{Uid: jsii.String("0"), Gid: jsii.String("0")},
		}},
	})
	return stack
}

// sharedStack: two services on one file system and one access point.
func sharedStack(app awscdk.App, f *fixture) awscdk.Stack {
	stack := awscdk.NewStack(app, jsii.String("Shared"), nil)
	vpc, subnets := importedNetwork(stack, "us-east-1a", "us-east-1b")
	cluster := importedCluster(stack, vpc)
	f.sharedFS = efsfargate.NewSharedFileSystem(stack, jsii.String("Files"), &efsfargate.SharedFileSystemProps{
		Vpc:            vpc,
		VpcSubnets:     &awsec2.SubnetSelection{Subnets: &subnets, OnePerAz: jsii.Bool(true)},
		FileSystemName: jsii.String("shared-efs"),
	})
	uploads := efsfargate.NewVolumeAccessPoint(stack, jsii.String("UploadsAccessPoint"), &efsfargate.VolumeAccessPointProps{
		FileSystem: f.sharedFS,
		Path:       jsii.String("/uploads"),
		Name:       jsii.String("shared-uploads"),
	})
	service := func(id string, readOnly bool) efsfargate.EfsFargateService {
		return efsfargate.NewEfsFargateService(stack, jsii.String(id), &efsfargate.EfsFargateServiceProps{
			Cluster:     cluster,
			Image:       nginx(),
			TaskSubnets: &awsec2.SubnetSelection{Subnets: &subnets},
			FileSystem:  f.sharedFS,
			Volumes: &[]*efsfargate.EfsVolume{{
				Name: jsii.String("uploads"), ContainerPath: jsii.String("/uploads"),
				ReadOnly: jsii.Bool(readOnly), AccessPoint: uploads,
			}},
		})
	}
	f.writer = service("Writer", false)
	f.reader = service("Reader", true)
	return stack
}

// existingStack: a file system and access point made elsewhere.
func existingStack(app awscdk.App) awscdk.Stack {
	stack := awscdk.NewStack(app, jsii.String("Existing"), nil)
	vpc, subnets := importedNetwork(stack, "us-east-1a", "us-east-1b")
	fs := awsefs.FileSystem_FromFileSystemAttributes(stack, jsii.String("Files"), &awsefs.FileSystemAttributes{
		FileSystemId:  jsii.String("fs-0123456789abcdef0"),
		SecurityGroup: awsec2.SecurityGroup_FromSecurityGroupId(stack, jsii.String("FilesGroup"), jsii.String("sg-0123456789abcdef0"), nil),
	})
	ap := awsefs.AccessPoint_FromAccessPointAttributes(stack, jsii.String("Reports"), &awsefs.AccessPointAttributes{
		AccessPointId: jsii.String("fsap-0123456789abcdef0"),
		FileSystem:    fs,
	})
	efsfargate.NewEfsFargateService(stack, jsii.String("Renderer"), &efsfargate.EfsFargateServiceProps{
		Cluster:     importedCluster(stack, vpc),
		Image:       nginx(),
		TaskSubnets: &awsec2.SubnetSelection{Subnets: &subnets},
		FileSystem:  fs,
		Volumes: &[]*efsfargate.EfsVolume{{
			Name: jsii.String("reports"), ContainerPath: jsii.String("/reports"), ReadOnly: jsii.Bool(true), AccessPoint: ap,
		}},
	})
	return stack
}
