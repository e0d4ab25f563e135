package stacks_test

import (
	"github.com/efsfargate/efsfargate/internal/cdktest"

	"encoding/json"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/jsii-runtime-go"
)

func ref(id string) map[string]interface{} { return map[string]interface{}{"Ref": id} }

func selectSubnet(i int) map[string]interface{} {
	return map[string]interface{}{"Fn::Select": []interface{}{i, ref("SubnetIds")}}
}

func TestReferenceStack(t *testing.T) {
	b := fixture(t)["reference"]
	tmpl := b.template
	if got := *b.stack.StackName(); got != "web-app-reference" {
		t.Errorf("stack name %s, want web-app-reference", got)
	}
	// The guide's four parameters (plus CDK's bootstrap version), nothing else.
	params := *tmpl.FindParameters(jsii.String("*"), nil)
	var names []string
	for name := range params {
		names = append(names, name)
	}
	for _, want := range []string{"VpcId", "SubnetIds", "ClusterArn", "EFSFileSystemId", "BootstrapVersion"} {
		if _, ok := params[want]; !ok {
			t.Errorf("missing parameter %s (have %v)", want, names)
		}
	}
	if len(params) != 5 {
		t.Errorf("parameters %v, want the guide's four and BootstrapVersion", names)
	}
	check(t, "EFSFileSystemId", func() {
		tmpl.HasParameter(jsii.String("EFSFileSystemId"), map[string]interface{}{"Type": "String", "AllowedPattern": "^fs-[0-9a-f]+$"})
	})
	for _, typ := range []string{"AWS::EFS::FileSystem", "AWS::EFS::MountTarget", "AWS::ECS::Cluster", "AWS::EC2::VPC"} {
		countIs(t, tmpl, typ, 0)
	}
	hasProps(t, tmpl, "AWS::EC2::SecurityGroupIngress", map[string]interface{}{
		"GroupId":     map[string]interface{}{"Fn::ImportValue": "efs-security-group-id"},
		"FromPort":    2049,
		"ToPort":      2049,
		"Description": "NFS from web-app tasks",
	})
	hasProps(t, tmpl, "AWS::ECS::TaskDefinition", map[string]interface{}{
		"Family": "web-app-efs",
		"Volumes": []interface{}{map[string]interface{}{
			"Name": "shared-data",
			"EFSVolumeConfiguration": map[string]interface{}{
				"FilesystemId":      ref("EFSFileSystemId"),
				"TransitEncryption": "ENABLED",
				"AuthorizationConfig": map[string]interface{}{
					"IAM": "ENABLED", "AccessPointId": ref(onlyID(t, tmpl, "AWS::EFS::AccessPoint")),
				},
			},
		}},
	})
	hasProps(t, tmpl, "AWS::ECS::Service", map[string]interface{}{
		"Cluster":         ref("ClusterArn"),
		"DesiredCount":    2,
		"PlatformVersion": "1.4.0",
		"NetworkConfiguration": map[string]interface{}{"AwsvpcConfiguration": assertions.Match_ObjectLike(&map[string]interface{}{
			"Subnets": ref("SubnetIds"), "AssignPublicIp": "DISABLED",
		})},
	})
	for _, out := range []string{"FileSystemId", "SharedDataAccessPointId", "TaskSecurityGroupId", "ServiceName"} {
		check(t, "output "+out, func() {
			tmpl.HasOutput(jsii.String(out), map[string]interface{}{"Export": map[string]interface{}{"Name": "web-app-reference-" + out}})
		})
	}
	check(t, "no FileSystemSecurityGroupId output", func() {
		if n := len(*tmpl.FindOutputs(jsii.String("FileSystemSecurityGroupId"), nil)); n != 0 {
			panic("an existing file system's group is not this stack's output")
		}
	})
}

func onlyID(t *testing.T, tmpl assertions.Template, typ string) string {
	t.Helper()
	rs := resources(tmpl, typ)
	if len(rs) != 1 {
		t.Fatalf("want one %s, got %d", typ, len(rs))
	}
	for id := range rs {
		return id
	}
	return ""
}

func TestManagedStackMakesNetworkAndCluster(t *testing.T) {
	tmpl := fixture(t)["managed"].template
	countIs(t, tmpl, "AWS::EC2::VPC", 1)
	countIs(t, tmpl, "AWS::EC2::NatGateway", 1)
	countIs(t, tmpl, "AWS::EC2::Subnet", 4)
	countIs(t, tmpl, "AWS::EC2::FlowLog", 1)
	hasProps(t, tmpl, "AWS::EC2::FlowLog", map[string]interface{}{"ResourceType": "VPC", "TrafficType": "ALL"})
	// No Lambda-backed custom resource (default security group restriction).
	countIs(t, tmpl, "AWS::Lambda::Function", 0)
	hasProps(t, tmpl, "AWS::ECS::Cluster", map[string]interface{}{
		"ClusterSettings": []interface{}{map[string]interface{}{"Name": "containerInsights", "Value": "enabled"}},
	})
	// No parameters but CDK's own.
	if n := len(*tmpl.FindParameters(jsii.String("*"), nil)); n != 1 {
		t.Errorf("%d parameters, want only BootstrapVersion", n)
	}
	// Tasks and mount targets in the private subnets, one mount target per AZ.
	countIs(t, tmpl, "AWS::EFS::MountTarget", 2)
	privateSubnets := map[string]bool{}
	for id, s := range resources(tmpl, "AWS::EC2::Subnet") {
		if props(s, "MapPublicIpOnLaunch") == false {
			privateSubnets[id] = true
		}
	}
	if len(privateSubnets) != 2 {
		t.Fatalf("want 2 private subnets, got %v", privateSubnets)
	}
	for id, mt := range resources(tmpl, "AWS::EFS::MountTarget") {
		if sub, _ := props(mt, "SubnetId").(map[string]interface{}); sub == nil || !privateSubnets[sub["Ref"].(string)] {
			t.Errorf("mount target %s not in a private subnet: %v", id, props(mt, "SubnetId"))
		}
	}
	for id, svc := range resources(tmpl, "AWS::ECS::Service") {
		for _, s := range props(svc, "NetworkConfiguration", "AwsvpcConfiguration", "Subnets").([]interface{}) {
			if !privateSubnets[s.(map[string]interface{})["Ref"].(string)] {
				t.Errorf("service %s runs in a non-private subnet %v", id, s)
			}
		}
	}
}

func TestManagedStackSharesOneFileSystem(t *testing.T) {
	tmpl := fixture(t)["managed"].template
	countIs(t, tmpl, "AWS::EFS::FileSystem", 1)
	check(t, "file system retained", func() {
		tmpl.HasResource(jsii.String("AWS::EFS::FileSystem"), map[string]interface{}{
			"DeletionPolicy": "Retain", "UpdateReplacePolicy": "Retain",
		})
	})
	hasProps(t, tmpl, "AWS::EFS::FileSystem", map[string]interface{}{
		"FileSystemTags": []interface{}{map[string]interface{}{"Key": "Name", "Value": "shop-dev-efs"}},
		"BackupPolicy":   map[string]interface{}{"Status": "ENABLED"},
	})
	// uploads is shared (one access point), scratch has its own.
	countIs(t, tmpl, "AWS::EFS::AccessPoint", 2)
	hasProps(t, tmpl, "AWS::EFS::AccessPoint", map[string]interface{}{
		"AccessPointTags": []interface{}{map[string]interface{}{"Key": "Name", "Value": "shop-dev-scratch"}},
		"PosixUser":       map[string]interface{}{"Uid": "0", "Gid": "0"},
		"RootDirectory": map[string]interface{}{
			"Path":         "/scratch",
			"CreationInfo": map[string]interface{}{"OwnerUid": "0", "OwnerGid": "0", "Permissions": "700"},
		},
	})
	// One NFS rule per service.
	countIs(t, tmpl, "AWS::EC2::SecurityGroupIngress", 2)
	for _, name := range []string{"web", "worker"} {
		hasProps(t, tmpl, "AWS::EC2::SecurityGroupIngress", map[string]interface{}{
			"Description": "NFS from " + name + " tasks", "FromPort": 2049, "ToPort": 2049, "IpProtocol": "tcp",
		})
	}
	noOpenIngress(t, tmpl)
}

func TestManagedStackTaskRoles(t *testing.T) {
	tmpl := fixture(t)["managed"].template
	mount, write, root := "elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite", "elasticfilesystem:ClientRootAccess"
	want := map[string][][]string{
		"Web":    {{mount, write}},
		"Worker": {{mount}, {mount, root, write}}, // uploads read-only, scratch root
	}
	for id, p := range resources(tmpl, "AWS::IAM::Policy") {
		if !strings.Contains(id, "TaskRoleDefaultPolicy") {
			continue
		}
		prefix := strings.SplitN(id, "TaskDefinition", 2)[0]
		var got [][]string
		for _, st := range props(p, "PolicyDocument", "Statement").([]interface{}) {
			got = append(got, cdktest.Actions(st))
		}
		jsonEqual(t, prefix+" task role", got, want[prefix])
		delete(want, prefix)
	}
	if len(want) != 0 {
		t.Errorf("no task role policy for %v", want)
	}
}

func TestManagedStackContainers(t *testing.T) {
	tmpl := fixture(t)["managed"].template
	hasProps(t, tmpl, "AWS::ECS::TaskDefinition", map[string]interface{}{
		"Family": "shop-dev-web",
		"ContainerDefinitions": []interface{}{assertions.Match_ObjectLike(&map[string]interface{}{
			"Name": "web",
			"Environment": []interface{}{
				map[string]interface{}{"Name": "APP_MODE", "Value": "prod"},
				map[string]interface{}{"Name": "LOG_LEVEL", "Value": "info"},
			},
			"HealthCheck": assertions.Match_ObjectLike(&map[string]interface{}{
				"Command":     []interface{}{"CMD-SHELL", "curl -f http://localhost/ || exit 1"},
				"StartPeriod": 30,
			}),
			"PortMappings": []interface{}{map[string]interface{}{"ContainerPort": 80, "Protocol": "tcp"}},
		})},
	})
	hasProps(t, tmpl, "AWS::ECS::TaskDefinition", map[string]interface{}{
		"Family": "shop-dev-worker",
		"ContainerDefinitions": []interface{}{assertions.Match_ObjectLike(&map[string]interface{}{
			"Command": []interface{}{"sleep", "infinity"},
			"MountPoints": []interface{}{
				map[string]interface{}{"ContainerPath": "/srv/uploads", "ReadOnly": true, "SourceVolume": "uploads"},
				map[string]interface{}{"ContainerPath": "/scratch", "ReadOnly": false, "SourceVolume": "scratch"},
			},
		})},
	})
}

func TestParameterNetworkStack(t *testing.T) {
	b := fixture(t)["params"]
	tmpl := b.template
	// Three subnets in distinct AZs: a mount target for each index.
	countIs(t, tmpl, "AWS::EFS::MountTarget", 3)
	for i := 0; i < 3; i++ {
		hasProps(t, tmpl, "AWS::EFS::MountTarget", map[string]interface{}{"SubnetId": selectSubnet(i)})
	}
	check(t, "SubnetIds", func() {
		tmpl.HasParameter(jsii.String("SubnetIds"), map[string]interface{}{
			"Type":        "List<AWS::EC2::Subnet::Id>",
			"Description": "Exactly 3 subnets of the Fargate tasks, in distinct Availability Zones (one EFS mount target is made per subnet)",
		})
	})
	check(t, "VpcId", func() {
		tmpl.HasParameter(jsii.String("VpcId"), map[string]interface{}{"Type": "AWS::EC2::VPC::Id"})
	})
	hasProps(t, tmpl, "AWS::ECS::Service", map[string]interface{}{
		"Cluster":         map[string]interface{}{"Fn::ImportValue": "shared-cluster-name"},
		"PlatformVersion": "1.4.0",
		"NetworkConfiguration": map[string]interface{}{"AwsvpcConfiguration": assertions.Match_ObjectLike(&map[string]interface{}{
			"Subnets": ref("SubnetIds"),
		})},
	})
	check(t, "destroy policy", func() {
		tmpl.HasResource(jsii.String("AWS::EFS::FileSystem"), map[string]interface{}{
			"DeletionPolicy": "Delete", "UpdateReplacePolicy": "Delete",
		})
	})
	hasProps(t, tmpl, "AWS::EFS::FileSystem", map[string]interface{}{
		"KmsKeyId":                     "1234abcd-12ab-34cd-56ef-1234567890ab",
		"ThroughputMode":               "provisioned",
		"ProvisionedThroughputInMibps": 64,
		"BackupPolicy":                 map[string]interface{}{"Status": "DISABLED"},
		"LifecyclePolicies":            []interface{}{map[string]interface{}{"TransitionToIA": "AFTER_30_DAYS"}},
	})
	hasProps(t, tmpl, "AWS::Logs::LogGroup", map[string]interface{}{"RetentionInDays": 90})
	hasProps(t, tmpl, "AWS::EC2::SecurityGroup", map[string]interface{}{
		"GroupDescription": "EFS mount targets of data prod", "VpcId": ref("VpcId"),
	})
}

func TestLiteralNetworkStack(t *testing.T) {
	tmpl := fixture(t)["literal"].template
	// Two of the three subnets share an AZ: two mount targets.
	countIs(t, tmpl, "AWS::EFS::MountTarget", 2)
	var subnets []string
	for _, mt := range resources(tmpl, "AWS::EFS::MountTarget") {
		subnets = append(subnets, props(mt, "SubnetId").(string))
	}
	if strings.Contains(strings.Join(subnets, ","), "subnet-0aaaaaaaaaaaaaaa2") {
		t.Errorf("second subnet of us-east-1a got a mount target: %v", subnets)
	}
	hasProps(t, tmpl, "AWS::ECS::Service", map[string]interface{}{
		"Cluster": "arn:aws:ecs:us-east-1:123456789012:cluster/api-prod",
		"NetworkConfiguration": map[string]interface{}{"AwsvpcConfiguration": assertions.Match_ObjectLike(&map[string]interface{}{
			"Subnets": []interface{}{"subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2", "subnet-0bbbbbbbbbbbbbbb1"},
		})},
	})
	check(t, "security groups in the literal VPC", func() {
		tmpl.AllResourcesProperties(jsii.String("AWS::EC2::SecurityGroup"), map[string]interface{}{"VpcId": "vpc-0123456789abcdef0"})
	})
	// No lookup: the template does not depend on the synthesizing account.
	if n := len(*tmpl.FindParameters(jsii.String("*"), nil)); n != 1 {
		t.Errorf("%d parameters, want only BootstrapVersion", n)
	}
}

func TestExistingFileSystemStack(t *testing.T) {
	tmpl := fixture(t)["existing"].template
	for _, typ := range []string{"AWS::EFS::FileSystem", "AWS::EFS::MountTarget", "AWS::EFS::AccessPoint"} {
		countIs(t, tmpl, typ, 0)
	}
	check(t, "EfsSecurityGroupId", func() {
		tmpl.HasParameter(jsii.String("EfsSecurityGroupId"), map[string]interface{}{"Type": "AWS::EC2::SecurityGroup::Id"})
	})
	hasProps(t, tmpl, "AWS::EC2::SecurityGroupIngress", map[string]interface{}{
		"GroupId": ref("EfsSecurityGroupId"), "FromPort": 2049, "ToPort": 2049,
	})
	hasProps(t, tmpl, "AWS::ECS::TaskDefinition", map[string]interface{}{
		"Volumes": []interface{}{map[string]interface{}{
			"Name": "reports",
			"EFSVolumeConfiguration": map[string]interface{}{
				"FilesystemId":        "fs-0123456789abcdef0",
				"TransitEncryption":   "ENABLED",
				"AuthorizationConfig": map[string]interface{}{"AccessPointId": "fsap-0123456789abcdef0", "IAM": "ENABLED"},
			},
		}},
	})
	hasProps(t, tmpl, "AWS::ECS::Service", map[string]interface{}{"Cluster": "reports"})
	outs := *tmpl.FindOutputs(jsii.String("*"), nil)
	var names []string
	for n := range outs {
		names = append(names, n)
	}
	want := map[string]bool{"FileSystemId": true, "RendererTaskSecurityGroupId": true, "RendererServiceName": true}
	if len(outs) != len(want) {
		t.Errorf("outputs %v, want %v", names, want)
	}
	for n := range want {
		if _, ok := outs[n]; !ok {
			t.Errorf("missing output %s", n)
		}
	}
	raw, _ := json.Marshal(outs["FileSystemId"])
	if !strings.Contains(string(raw), `"Value":"fs-0123456789abcdef0"`) {
		t.Errorf("FileSystemId output: %s", raw)
	}
}

// Mount targets come before tasks, everywhere.
func TestServicesWaitForMountTargets(t *testing.T) {
	for name, b := range fixture(t) {
		mts := resources(b.template, "AWS::EFS::MountTarget")
		for id, svc := range resources(b.template, "AWS::ECS::Service") {
			deps, _ := svc["DependsOn"].([]interface{})
			have := map[string]bool{}
			for _, d := range deps {
				have[d.(string)] = true
			}
			for mt := range mts {
				if !have[mt] {
					t.Errorf("%s: %s does not depend on %s", name, id, mt)
				}
			}
			hasTaskRole := false
			for d := range have {
				hasTaskRole = hasTaskRole || strings.Contains(d, "TaskRole")
			}
			if !hasTaskRole {
				t.Errorf("%s: %s does not depend on its task role", name, id)
			}
		}
	}
}

func TestNoOpenIngressAnywhere(t *testing.T) {
	for name, b := range fixture(t) {
		t.Run(name, func(t *testing.T) { noOpenIngress(t, b.template) })
	}
}
