package efsfargate_test

import (
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsecs"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsefs"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/jsii-runtime-go"

	efsfargate "github.com/efsfargate/efsfargate/constructs"
)

// wiringStack: a service built with plain aws-ecs, wired with
// AddEfsVolumes; an access-point grant to another role; and a service on
// a file system whose security group was imported immutable.
func wiringStack(app awscdk.App) awscdk.Stack {
	stack := awscdk.NewStack(app, jsii.String("Wiring"), nil)
	vpc, subnets := importedNetwork(stack, "us-east-1a", "us-east-1b")
	cluster := importedCluster(stack, vpc)
	sel := &awsec2.SubnetSelection{Subnets: &subnets}
	fs := efsfargate.NewSharedFileSystem(stack, jsii.String("Files"), &efsfargate.SharedFileSystemProps{Vpc: vpc, VpcSubnets: sel})
	taskDef := awsecs.NewFargateTaskDefinition(stack, jsii.String("TaskDef"), nil)
	container := taskDef.AddContainer(jsii.String("app"), &awsecs.ContainerDefinitionOptions{Image: nginx()})
	service := awsecs.NewFargateService(stack, jsii.String("Svc"), &awsecs.FargateServiceProps{
		Cluster: cluster, TaskDefinition: taskDef, VpcSubnets: sel,
		MinHealthyPercent: jsii.Number(100),
		CircuitBreaker:    &awsecs.DeploymentCircuitBreaker{Rollback: jsii.Bool(true)},
	})
	w := efsfargate.AddEfsVolumes(stack, &efsfargate.EfsWiringProps{
		TaskDefinition: taskDef,
		Container:      container,
		Service:        service,
		FileSystem:     fs,
		Volumes: &[]*efsfargate.EfsVolume{
			{Name: jsii.String("data"), ContainerPath: jsii.String("/data")},
			{Name: jsii.String("logs"), ContainerPath: jsii.String("/logs"), ReadOnly: jsii.Bool(true)},
		},
	})
	reporter := awsiam.NewRole(stack, jsii.String("Reporter"), &awsiam.RoleProps{
		AssumedBy: awsiam.NewServicePrincipal(jsii.String("lambda.amazonaws.com"), nil),
	})
	efsfargate.GrantAccessPoint(reporter, w.AccessPoints["data"], true)

	legacy := awsefs.FileSystem_FromFileSystemAttributes(stack, jsii.String("Legacy"), &awsefs.FileSystemAttributes{
		FileSystemId: jsii.String("fs-0123456789abcdef0"),
		SecurityGroup: awsec2.SecurityGroup_FromSecurityGroupId(stack, jsii.String("LegacyGroup"), jsii.String("sg-0123456789abcdef0"),
			&awsec2.SecurityGroupImportOptions{Mutable: jsii.Bool(false)}),
	})
	efsfargate.NewEfsFargateService(stack, jsii.String("OnLegacy"), &efsfargate.EfsFargateServiceProps{
		Cluster:     cluster,
		Image:       nginx(),
		TaskSubnets: sel,
		FileSystem:  legacy,
		Volumes:     &[]*efsfargate.EfsVolume{{Name: jsii.String("old"), ContainerPath: jsii.String("/old"), ReadOnly: jsii.Bool(true)}},
	})
	return stack
}

func TestAddEfsVolumes(t *testing.T) {
	f := stacks(t)
	tmpl := f.wiring
	var td map[string]interface{}
	for id, r := range resources(tmpl, "AWS::ECS::TaskDefinition") {
		if strings.HasPrefix(id, "TaskDef") {
			td = r
		}
	}
	if td == nil {
		t.Fatal("no task definition TaskDef")
	}
	if got := jsonOf(props(td, "Volumes")); !strings.Contains(got, `"Name":"data"`) || !strings.Contains(got, `"Name":"logs"`) ||
		strings.Count(got, `"TransitEncryption":"ENABLED"`) != 2 || strings.Count(got, `"IAM":"ENABLED"`) != 2 {
		t.Errorf("volumes %s, want data and logs with TLS and IAM", got)
	}
	if got := jsonOf(props(td, "ContainerDefinitions", 0, "MountPoints")); got != `[{"ContainerPath":"/data","ReadOnly":false,"SourceVolume":"data"},{"ContainerPath":"/logs","ReadOnly":true,"SourceVolume":"logs"}]` {
		t.Errorf("mount points %s", got)
	}
	var taskPolicy, reporterPolicy string
	for _, p := range resources(tmpl, "AWS::IAM::Policy") {
		roles := jsonOf(props(p, "Roles"))
		switch {
		case strings.Contains(roles, "TaskDefTaskRole"):
			taskPolicy = jsonOf(props(p, "PolicyDocument", "Statement"))
		case strings.Contains(roles, "Reporter"):
			reporterPolicy = jsonOf(props(p, "PolicyDocument", "Statement"))
		}
	}
	// data is writable, logs read-only: two statements, each scoped.
	if strings.Count(taskPolicy, "elasticfilesystem:ClientWrite") != 1 || strings.Count(taskPolicy, "elasticfilesystem:AccessPointArn") != 2 ||
		!strings.Contains(taskPolicy, "DataAccessPoint") || !strings.Contains(taskPolicy, "LogsAccessPoint") {
		t.Errorf("task role statements %s", taskPolicy)
	}
	// The read-only grant: ClientMount only, through the data access point only.
	if !strings.Contains(reporterPolicy, `"Action":"elasticfilesystem:ClientMount"`) || strings.Contains(reporterPolicy, "ClientWrite") ||
		!strings.Contains(reporterPolicy, `"StringEquals":{"elasticfilesystem:AccessPointArn":{"Fn::GetAtt":["DataAccessPoint`) ||
		strings.Contains(reporterPolicy, "LogsAccessPoint") {
		t.Errorf("reporter statements %s, want ClientMount through the data access point", reporterPolicy)
	}
	// The 2049 rule admits the service's group, and the service waits for
	// the mount targets.
	nfs := 0
	for _, r := range resources(tmpl, "AWS::EC2::SecurityGroupIngress") {
		p := jsonOf(r["Properties"])
		if strings.Contains(p, `"FromPort":2049`) && strings.Contains(p, "SvcSecurityGroup") && strings.Contains(p, "FilesSecurityGroup") {
			nfs++
		}
	}
	if nfs != 1 {
		t.Errorf("%d NFS rules from the service's group to the file system's, want 1", nfs)
	}
	for id, s := range resources(tmpl, "AWS::ECS::Service") {
		if strings.HasPrefix(id, "Svc") && !strings.Contains(jsonOf(s["DependsOn"]), "FilesEfsMountTarget") {
			t.Errorf("service %s does not wait for the mount targets: %s", id, jsonOf(s["DependsOn"]))
		}
	}
}

// An immutable imported group drops the NFS rule; the construct says so,
// as aws-cdk-lib does for what it cannot do, with the construct's path.
func TestImmutableFileSystemGroupWarns(t *testing.T) {
	f := stacks(t)
	warnings := assertions.Annotations_FromStack(f.wiringStack).FindWarning(jsii.String("/Wiring/OnLegacy"), assertions.Match_StringLikeRegexp(jsii.String("Mutable false")))
	if len(*warnings) != 1 {
		t.Fatalf("%d warnings on /Wiring/OnLegacy about the immutable group, want 1", len(*warnings))
	}
	msg := jsonOf((*warnings)[0].Entry.Data)
	for _, want := range []string{"Wiring/OnLegacy", "Wiring/LegacyGroup", "2049"} {
		if !strings.Contains(msg, want) {
			t.Errorf("warning %s does not name %s", msg, want)
		}
	}
	// The mutable groups of the same stack get no such warning.
	all := assertions.Annotations_FromStack(f.wiringStack).FindWarning(jsii.String("*"), assertions.Match_StringLikeRegexp(jsii.String("Mutable false")))
	if len(*all) != 1 {
		t.Errorf("%d immutable-group warnings in the stack, want 1", len(*all))
	}
}
