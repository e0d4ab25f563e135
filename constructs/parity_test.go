package efsfargate_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsecs"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsefs"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/jsii-runtime-go"

	efsfargate "github.com/efsfargate/efsfargate/constructs"
	"github.com/efsfargate/efsfargate/internal/spec"
)

// The construct refuses each bad value with the message the spec
// validator gives for the same value: the spec's message (and its fix,
// when it has one) must appear in the construct's panic.
func TestPropsAndSpecSayTheSame(t *testing.T) {
	app := newApp(t)
	stack := awscdk.NewStack(app, jsii.String("Parity"), nil)
	vpc, subnets := importedNetwork(stack, "us-east-1a", "us-east-1b")
	cluster := importedCluster(stack, vpc)

	type volume struct{ path, apPath, uid, gid, perms string }
	cases := []struct {
		name string
		// service is the spec's service mapping (under services.app).
		service string
		props   func(p *efsfargate.EfsFargateServiceProps)
	}{
		{"cpu", "cpu: 300\n    memory: 1024", func(p *efsfargate.EfsFargateServiceProps) {
			p.Cpu, p.MemoryLimitMiB = jsii.Number(300), jsii.Number(1024)
		}},
		{"memory", "cpu: 256\n    memory: 300", func(p *efsfargate.EfsFargateServiceProps) { p.MemoryLimitMiB = jsii.Number(300) }},
		{"memory for large cpu", "cpu: 4096\n    memory: 512", func(p *efsfargate.EfsFargateServiceProps) { p.Cpu = jsii.Number(4096) }},
		{"platform", "platform_version: 1.3.0", func(p *efsfargate.EfsFargateServiceProps) {
			p.PlatformVersion = awsecs.FargatePlatformVersion_VERSION1_3
		}},
		{"port", "port: 70000", func(p *efsfargate.EfsFargateServiceProps) { p.ContainerPort = jsii.Number(70000) }},
		{"health check", "health_check: {command: [CMD-SHELL]}", func(p *efsfargate.EfsFargateServiceProps) {
			p.HealthCheck = &awsecs.HealthCheck{Command: jsii.Strings("CMD-SHELL")}
		}},
		{"empty health check", "health_check: {command: []}", func(p *efsfargate.EfsFargateServiceProps) {
			p.HealthCheck = &awsecs.HealthCheck{Command: &[]*string{}}
		}},
		{"desired count", "desired_count: 5001", func(p *efsfargate.EfsFargateServiceProps) { p.DesiredCount = jsii.Number(5001) }},
	}
	for _, v := range []volume{
		{path: "data/db"},
		{path: "./data"},
		{path: "/"},
		{path: "/data/../etc"},
		{path: "/data/"},
		{path: "/data", apPath: "data"},
		{path: "/data", apPath: "/a/b/c/d/e"},
		{path: "/data", apPath: "/.hidden"},
		{path: "/data", apPath: "/a$b"},
		{path: "/data", apPath: "/data/"},
		{path: "/data", apPath: "/" + strings.Repeat("x", 101)},
		{path: "/data", perms: "999"},
		{path: "/data", perms: "75"},
		{path: "/data", uid: "4294967296", gid: "0"},
		{path: "/data", uid: "0", gid: "-1"},
	} {
		yml := fmt.Sprintf("volumes:\n      - name: data\n        path: %q", v.path)
		vol := &efsfargate.EfsVolume{Name: jsii.String("data"), ContainerPath: jsii.String(v.path)}
		if v.apPath != "" || v.perms != "" || v.uid != "" {
			yml += "\n        access_point:"
		}
		if v.apPath != "" {
			yml += fmt.Sprintf("\n          path: %q", v.apPath)
			vol.Path = jsii.String(v.apPath)
		}
		if v.uid != "" {
			yml += fmt.Sprintf("\n          uid: %s\n          gid: %s", v.uid, v.gid)
			vol.PosixUser = &awsefs.PosixUser{Uid: jsii.String(v.uid), Gid: jsii.String(v.gid)}
		}
		if v.perms != "" {
			yml += fmt.Sprintf("\n          permissions: %q", v.perms)
			vol.CreateAcl = &awsefs.Acl{OwnerUid: jsii.String("1000"), OwnerGid: jsii.String("1000"), Permissions: jsii.String(v.perms)}
		}
		cases = append(cases, struct {
			name    string
			service string
			props   func(p *efsfargate.EfsFargateServiceProps)
		}{fmt.Sprintf("volume %+v", v), yml, func(p *efsfargate.EfsFargateServiceProps) {
			p.Volumes = &[]*efsfargate.EfsVolume{vol}
		}})
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src := "app: parity\nservices:\n  app:\n    image: nginx:latest\n    " + c.service + "\n"
			_, err := spec.Parse("efsfargate.yml", []byte(src))
			var list spec.ErrorList
			if !errors.As(err, &list) || len(list) == 0 {
				t.Fatalf("spec.Parse accepted\n%s(err %v)", src, err)
			}
			p := &efsfargate.EfsFargateServiceProps{
				Cluster: cluster,
				Image:   nginx(),
				Vpc:     vpc,
				// Placed, so that only the bad value can fail.
				TaskSubnets: &awsec2.SubnetSelection{Subnets: &subnets},
				Volumes:     &[]*efsfargate.EfsVolume{{Name: jsii.String("data"), ContainerPath: jsii.String("/data")}},
			}
			c.props(p)
			id := fmt.Sprintf("Svc%d", i)
			msg := panicMessage(func() { efsfargate.NewEfsFargateService(stack, jsii.String(id), p) })
			if msg == "" {
				t.Fatalf("the construct accepted what the spec refuses: %v", err)
			}
			for _, e := range list {
				if !strings.Contains(msg, e.Msg) || (e.Fix != "" && !strings.Contains(msg, e.Fix)) {
					t.Errorf("spec says %q (fix %q) at %s;\nconstruct says %q", e.Msg, e.Fix, e.Path, msg)
				}
			}
		})
	}
}

// Silent failures of composition become errors naming the construct.
func TestCompositionMistakesPanic(t *testing.T) {
	app := newApp(t)
	stack := awscdk.NewStack(app, jsii.String("Mistakes"), nil)
	vpc, subnets := importedNetwork(stack, "us-east-1a", "us-east-1b")
	cluster := importedCluster(stack, vpc)
	sel := &awsec2.SubnetSelection{Subnets: &subnets}
	fsA := efsfargate.NewSharedFileSystem(stack, jsii.String("FilesA"), &efsfargate.SharedFileSystemProps{Vpc: vpc, VpcSubnets: sel})
	fsB := efsfargate.NewSharedFileSystem(stack, jsii.String("FilesB"), &efsfargate.SharedFileSystemProps{Vpc: vpc, VpcSubnets: sel})
	apOfB := efsfargate.NewVolumeAccessPoint(stack, jsii.String("PointOfB"), &efsfargate.VolumeAccessPointProps{FileSystem: fsB, Path: jsii.String("/b")})
	noVpc := awsecs.Cluster_FromClusterArn(stack, jsii.String("NoVpcCluster"), jsii.String("arn:aws:ecs:us-east-1:123456789012:cluster/apps"))
	vol := func(ap awsefs.IAccessPoint) *[]*efsfargate.EfsVolume {
		return &[]*efsfargate.EfsVolume{{Name: jsii.String("data"), ContainerPath: jsii.String("/data"), AccessPoint: ap}}
	}
	for _, c := range []struct {
		id    string
		props *efsfargate.EfsFargateServiceProps
		want  []string
	}{
		{"OtherFs", &efsfargate.EfsFargateServiceProps{Cluster: cluster, Image: nginx(), FileSystem: fsA, Volumes: vol(apOfB)},
			[]string{"Mistakes/OtherFs: Volumes[0].AccessPoint: access point Mistakes/PointOfB opens file system Mistakes/FilesB, not FileSystem Mistakes/FilesA"}},
		{"NewFs", &efsfargate.EfsFargateServiceProps{Cluster: cluster, Image: nginx(), Volumes: vol(apOfB)},
			[]string{"Mistakes/NewFs: Volumes[0].AccessPoint: access point Mistakes/PointOfB opens file system Mistakes/FilesB, but FileSystem is unset"}},
		{"NoVpc", &efsfargate.EfsFargateServiceProps{Cluster: noVpc, Image: nginx()},
			[]string{"Mistakes/NoVpc: Cluster Mistakes/NoVpcCluster has no VPC", "Cluster_FromClusterAttributes and its Vpc"}},
		{"NoVpcBesideVpc", &efsfargate.EfsFargateServiceProps{Cluster: noVpc, Vpc: vpc, Image: nginx()},
			[]string{"Mistakes/NoVpcBesideVpc: Cluster Mistakes/NoVpcCluster has no VPC"}},
		{"NoGroups", &efsfargate.EfsFargateServiceProps{Cluster: cluster, Image: nginx(), SecurityGroups: &[]awsec2.ISecurityGroup{}},
			[]string{"SecurityGroups is empty"}},
	} {
		msg := panicMessage(func() { efsfargate.NewEfsFargateService(stack, jsii.String(c.id), c.props) })
		for _, w := range c.want {
			if !strings.Contains(msg, w) {
				t.Errorf("%s: panic %q, want %q", c.id, msg, w)
			}
		}
	}
	// The same access point with its own file system is accepted.
	if msg := panicMessage(func() {
		efsfargate.NewEfsFargateService(stack, jsii.String("SameFs"), &efsfargate.EfsFargateServiceProps{Cluster: cluster, Image: nginx(), TaskSubnets: sel, FileSystem: fsB, Volumes: vol(apOfB)})
	}); msg != "" {
		t.Errorf("an access point of FileSystem was refused: %s", msg)
	}
	// AddEfsVolumes checks the same, with the scope's path.
	taskDef := awsecs.NewFargateTaskDefinition(stack, jsii.String("TaskDef"), nil)
	container := taskDef.AddContainer(jsii.String("app"), &awsecs.ContainerDefinitionOptions{Image: nginx()})
	wiringScope := awscdk.NewStack(app, jsii.String("WiringScope"), nil)
	msg := panicMessage(func() {
		efsfargate.AddEfsVolumes(wiringScope, &efsfargate.EfsWiringProps{TaskDefinition: taskDef, Container: container, FileSystem: fsA, Volumes: vol(apOfB)})
	})
	if !strings.HasPrefix(msg, "WiringScope: Volumes[0].AccessPoint: access point Mistakes/PointOfB opens file system Mistakes/FilesB") {
		t.Errorf("AddEfsVolumes panic %q", msg)
	}
	// A grant needs the access point's file system for its resource.
	byID := awsefs.AccessPoint_FromAccessPointId(stack, jsii.String("ById"), jsii.String("fsap-0123456789abcdef0"))
	role := awsiam.NewRole(stack, jsii.String("Fn"), &awsiam.RoleProps{AssumedBy: awsiam.NewServicePrincipal(jsii.String("lambda.amazonaws.com"), nil)})
	if msg := panicMessage(func() { efsfargate.GrantAccessPoint(role, byID, true) }); !strings.HasPrefix(msg, "Mistakes/ById: the access point does not know its file system") {
		t.Errorf("GrantAccessPoint on an access point imported by id: %q", msg)
	}
	if msg := panicMessage(func() { efsfargate.AddEfsVolumes(wiringScope, &efsfargate.EfsWiringProps{}) }); !strings.Contains(msg, "TaskDefinition is required") || !strings.Contains(msg, "Volumes is required") {
		t.Errorf("AddEfsVolumes without props: %q", msg)
	}
}
