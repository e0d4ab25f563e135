package efsfargate_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsecs"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsefs"
	"github.com/aws/aws-cdk-go/awscdk/v2/awskms"
	"github.com/aws/jsii-runtime-go"

	efsfargate "github.com/efsfargate/efsfargate/constructs"
	"github.com/efsfargate/efsfargate/internal/ecsrules"
)

// panicMessage runs f and returns what it panicked with, or "" if it did not.
func panicMessage(f func()) (msg string) {
	defer func() {
		if r := recover(); r != nil {
			msg = fmt.Sprint(r)
		}
	}()
	f()
	return ""
}

// Invalid props panic before anything is added to the tree, with the
// shared ecsrules messages. No synth happens here.
func TestInvalidPropsPanic(t *testing.T) {
	app := newApp(t)
	stack := awscdk.NewStack(app, jsii.String("Invalid"), nil)
	vpc := awsec2.Vpc_FromVpcAttributes(stack, jsii.String("Vpc"), &awsec2.VpcAttributes{
		VpcId: jsii.String("vpc-0123456789abcdef0"), AvailabilityZones: jsii.Strings("us-east-1a"),
		PrivateSubnetIds: jsii.Strings("subnet-0123456789abcdef0"),
	})
	cluster := awsecs.Cluster_FromClusterAttributes(stack, jsii.String("Cluster"), &awsecs.ClusterAttributes{
		ClusterName: jsii.String("apps"), Vpc: vpc,
	})
	valid := func() *efsfargate.EfsFargateServiceProps {
		return &efsfargate.EfsFargateServiceProps{
			Cluster: cluster,
			Image:   nginx(),
			Volumes: &[]*efsfargate.EfsVolume{{Name: jsii.String("data"), ContainerPath: jsii.String("/data")}},
		}
	}
	cases := []struct {
		name   string
		change func(p *efsfargate.EfsFargateServiceProps)
		want   string
	}{
		{"memory invalid for cpu", func(p *efsfargate.EfsFargateServiceProps) {
			p.MemoryLimitMiB = jsii.Number(300)
		}, ecsrules.CheckCPUMemory(256, 300).Error()},
		{"cpu not a Fargate value", func(p *efsfargate.EfsFargateServiceProps) {
			p.Cpu, p.MemoryLimitMiB = jsii.Number(300), jsii.Number(1024)
		}, ecsrules.CheckCPUMemory(300, 1024).Error()},
		{"large cpu with small memory", func(p *efsfargate.EfsFargateServiceProps) {
			p.Cpu = jsii.Number(4096)
		}, ecsrules.CheckCPUMemory(4096, 512).Error()},
		{"platform too old for EFS", func(p *efsfargate.EfsFargateServiceProps) {
			p.PlatformVersion = awsecs.FargatePlatformVersion_VERSION1_3
		}, ecsrules.CheckPlatformVersion("1.3.0").Error()},
		{"relative container path", func(p *efsfargate.EfsFargateServiceProps) {
			p.Volumes = &[]*efsfargate.EfsVolume{{Name: jsii.String("data"), ContainerPath: jsii.String("data")}}
		}, "Volumes[0].ContainerPath: " + ecsrules.CheckContainerPath("data").Error()},
		{"same path twice", func(p *efsfargate.EfsFargateServiceProps) {
			p.Volumes = &[]*efsfargate.EfsVolume{
				{Name: jsii.String("a"), ContainerPath: jsii.String("/data")},
				{Name: jsii.String("b"), ContainerPath: jsii.String("/data")},
			}
		}, "Volumes[1].ContainerPath: container path /data is mounted twice"},
		{"file system twice", func(p *efsfargate.EfsFargateServiceProps) {
			p.FileSystem = awsefs.FileSystem_FromFileSystemAttributes(stack, jsii.String("Fs"), &awsefs.FileSystemAttributes{
				FileSystemId:  jsii.String("fs-0123456789abcdef0"),
				SecurityGroup: awsec2.SecurityGroup_FromSecurityGroupId(stack, jsii.String("FsGroup"), jsii.String("sg-0123456789abcdef0"), nil),
			})
			p.FileSystemProps = &efsfargate.SharedFileSystemProps{}
		}, "set FileSystem (an existing or shared file system) or FileSystemProps (a new one), not both"},
		{"elastic with max IO", func(p *efsfargate.EfsFargateServiceProps) {
			p.FileSystemProps = &efsfargate.SharedFileSystemProps{
				PerformanceMode: awsefs.PerformanceMode_MAX_IO, ThroughputMode: awsefs.ThroughputMode_ELASTIC,
			}
		}, ecsrules.CheckThroughput("maxIO", "elastic", 0)[0].Error()},
		{"KMS key without encryption", func(p *efsfargate.EfsFargateServiceProps) {
			p.FileSystemProps = &efsfargate.SharedFileSystemProps{
				Encrypted: jsii.Bool(false),
				KmsKey:    awskms.Key_FromKeyArn(stack, jsii.String("Key"), jsii.String("arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab")),
			}
		}, "a KMS key needs Encrypted"},
		{"no cluster", func(p *efsfargate.EfsFargateServiceProps) { p.Cluster = nil }, "Cluster is required"},
		{"fractional count", func(p *efsfargate.EfsFargateServiceProps) { p.DesiredCount = jsii.Number(1.5) }, "DesiredCount 1.5 must be a whole number"},
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := valid()
			c.change(p)
			id := fmt.Sprintf("Svc%d", i)
			msg := panicMessage(func() { efsfargate.NewEfsFargateService(stack, jsii.String(id), p) })
			if msg == "" {
				t.Fatal("did not panic")
			}
			if !strings.Contains(msg, c.want) {
				t.Errorf("panic %q does not contain %q", msg, c.want)
			}
			if !strings.HasPrefix(msg, "Invalid/"+id+": ") {
				t.Errorf("panic %q does not start with the construct path", msg)
			}
			if stack.Node().TryFindChild(jsii.String(id)) != nil {
				t.Error("an invalid service was added to the tree")
			}
		})
	}
	// The same props, made valid, are accepted: the cases above fail for
	// their one change only.
	if msg := panicMessage(func() { efsfargate.NewEfsFargateService(stack, jsii.String("Valid"), valid()) }); msg != "" {
		t.Fatalf("valid props panicked: %s", msg)
	}
}

func TestPlatformVersion(t *testing.T) {
	for _, c := range []struct {
		in   string
		want awsecs.FargatePlatformVersion
		err  string
	}{
		{"LATEST", awsecs.FargatePlatformVersion_LATEST, ""},
		{"1.4.0", awsecs.FargatePlatformVersion_VERSION1_4, ""},
		{"1.3.0", "", "cannot mount EFS volumes"},
		{"1.5.0", "", "has no aws-ecs FargatePlatformVersion value"},
	} {
		got, err := efsfargate.PlatformVersion(c.in)
		if c.err == "" && (err != nil || got != c.want) {
			t.Errorf("PlatformVersion(%s) = %v, %v; want %v", c.in, got, err, c.want)
		}
		if c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err)) {
			t.Errorf("PlatformVersion(%s) error = %v; want %q", c.in, err, c.err)
		}
	}
}
