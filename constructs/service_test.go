package efsfargate_test

import (
	"github.com/efsfargate/efsfargate/internal/cdktest"

	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/jsii-runtime-go"
)

var match = struct {
	absent func() assertions.Matcher
	like   func(map[string]interface{}) assertions.Matcher
	equals func(map[string]interface{}) assertions.Matcher
}{
	absent: assertions.Match_Absent,
	like:   func(m map[string]interface{}) assertions.Matcher { return assertions.Match_ObjectLike(&m) },
	equals: func(m map[string]interface{}) assertions.Matcher { return assertions.Match_ObjectEquals(&m) },
}

// wantFSPolicy is the whole file-system policy: deny without TLS, no Allow.
var wantFSPolicy = map[string]interface{}{
	"Version": "2012-10-17",
	"Statement": []interface{}{map[string]interface{}{
		"Sid":       "DenyInsecureTransport",
		"Effect":    "Deny",
		"Principal": map[string]interface{}{"AWS": "*"},
		"Action": []interface{}{
			"elasticfilesystem:ClientMount", "elasticfilesystem:ClientRootAccess", "elasticfilesystem:ClientWrite",
		},
		"Condition": map[string]interface{}{"Bool": map[string]interface{}{"aws:SecureTransport": "false"}},
	}},
}

func TestFileSystemDefaults(t *testing.T) {
	tmpl := stacks(t).basic
	countIs(t, tmpl, "AWS::EFS::FileSystem", 1)
	check(t, "file system retained", func() {
		tmpl.HasResource(jsii.String("AWS::EFS::FileSystem"), map[string]interface{}{
			"DeletionPolicy": "Retain", "UpdateReplacePolicy": "Retain",
		})
	})
	hasProps(t, tmpl, "AWS::EFS::FileSystem", map[string]interface{}{
		"Encrypted":       true,
		"PerformanceMode": "generalPurpose",
		"ThroughputMode":  "bursting",
		"BackupPolicy":    map[string]interface{}{"Status": "ENABLED"},
		"KmsKeyId":        match.absent(),
	})
	_, fs := only(t, tmpl, "AWS::EFS::FileSystem")
	jsonEqual(t, "file-system policy", props(fs, "FileSystemPolicy"), wantFSPolicy)
}

// The anonymous-access statement CDK adds under the recommended flags must
// not appear: the policy is exactly the deny statement in every stack.
func TestFileSystemPolicyHasNoAllow(t *testing.T) {
	f := stacks(t)
	for name, tmpl := range map[string]assertions.Template{"basic": f.basic, "oneAZ": f.oneAZ, "shared": f.shared} {
		for id, fs := range resources(tmpl, "AWS::EFS::FileSystem") {
			raw, _ := json.Marshal(props(fs, "FileSystemPolicy"))
			if strings.Contains(string(raw), `"Allow"`) || strings.Contains(string(raw), "AccessedViaMountTarget") {
				t.Errorf("%s %s: file-system policy grants access: %s", name, id, raw)
			}
			jsonEqual(t, name+" "+id+" policy", props(fs, "FileSystemPolicy"), wantFSPolicy)
		}
	}
}

func TestMountTargetsOnePerAZ(t *testing.T) {
	f := stacks(t)
	// New VPC over two AZs: one per private subnet.
	countIs(t, f.basic, "AWS::EFS::MountTarget", 2)
	for _, mt := range resources(f.basic, "AWS::EFS::MountTarget") {
		ref, _ := json.Marshal(props(mt, "SubnetId"))
		if !strings.Contains(string(ref), "PrivateSubnet") {
			t.Errorf("mount target in %s, want a private subnet", ref)
		}
	}
	// Two task subnets in the same AZ: one mount target, in the first.
	countIs(t, f.oneAZ, "AWS::EFS::MountTarget", 1)
	hasProps(t, f.oneAZ, "AWS::EFS::MountTarget", map[string]interface{}{"SubnetId": "subnet-0000000000000000a"})
	countIs(t, f.shared, "AWS::EFS::MountTarget", 2)
}

func TestFileSystemOptions(t *testing.T) {
	tmpl := stacks(t).oneAZ
	check(t, "destroy policy", func() {
		tmpl.HasResource(jsii.String("AWS::EFS::FileSystem"), map[string]interface{}{
			"DeletionPolicy": "Delete", "UpdateReplacePolicy": "Delete",
		})
	})
	hasProps(t, tmpl, "AWS::EFS::FileSystem", map[string]interface{}{
		"ThroughputMode":    "elastic",
		"BackupPolicy":      map[string]interface{}{"Status": "DISABLED"},
		"LifecyclePolicies": []interface{}{map[string]interface{}{"TransitionToIA": "AFTER_30_DAYS"}},
	})
}

func TestSecurityGroups(t *testing.T) {
	f := stacks(t)
	tmpl := f.basic
	// The mount targets' group: no ingress of its own, no egress.
	hasProps(t, tmpl, "AWS::EC2::SecurityGroup", map[string]interface{}{
		"GroupDescription":     "EFS mount targets of FileSystem",
		"SecurityGroupIngress": match.absent(),
		"SecurityGroupEgress": []interface{}{map[string]interface{}{
			"CidrIp": "255.255.255.255/32", "Description": "Disallow all traffic",
			"FromPort": 252, "IpProtocol": "icmp", "ToPort": 86,
		}},
	})
	hasProps(t, tmpl, "AWS::EC2::SecurityGroup", map[string]interface{}{
		"GroupDescription":     "Fargate tasks of service Web",
		"SecurityGroupIngress": match.absent(),
	})
	countIs(t, tmpl, "AWS::EC2::SecurityGroupIngress", 1)
	hasProps(t, tmpl, "AWS::EC2::SecurityGroupIngress", map[string]interface{}{
		"IpProtocol": "tcp", "FromPort": 2049, "ToPort": 2049,
		"Description":           "NFS from Web tasks",
		"SourceSecurityGroupId": map[string]interface{}{"Fn::GetAtt": []interface{}{sgLogicalID(t, tmpl, "Fargate tasks of service Web"), "GroupId"}},
		"GroupId":               map[string]interface{}{"Fn::GetAtt": []interface{}{sgLogicalID(t, tmpl, "EFS mount targets of FileSystem"), "GroupId"}},
	})
	for name, tmpl := range map[string]assertions.Template{"basic": f.basic, "oneAZ": f.oneAZ, "shared": f.shared, "existing": f.existing} {
		t.Run(name, func(t *testing.T) { noOpenIngress(t, tmpl) })
	}
}

func sgLogicalID(t *testing.T, tmpl assertions.Template, description string) string {
	t.Helper()
	for id, r := range resources(tmpl, "AWS::EC2::SecurityGroup") {
		if props(r, "GroupDescription") == description {
			return id
		}
	}
	t.Fatalf("no security group %q", description)
	return ""
}

func TestSharedFileSystem(t *testing.T) {
	f := stacks(t)
	tmpl := f.shared
	countIs(t, tmpl, "AWS::EFS::FileSystem", 1)
	countIs(t, tmpl, "AWS::EFS::AccessPoint", 1)
	hasProps(t, tmpl, "AWS::EFS::FileSystem", map[string]interface{}{
		"FileSystemTags": []interface{}{map[string]interface{}{"Key": "Name", "Value": "shared-efs"}},
	})
	// One NFS rule per service, each from that service's tasks only.
	countIs(t, tmpl, "AWS::EC2::SecurityGroupIngress", 2)
	efsGroup := sgLogicalID(t, tmpl, "EFS mount targets of shared-efs")
	for _, name := range []string{"Writer", "Reader"} {
		hasProps(t, tmpl, "AWS::EC2::SecurityGroupIngress", map[string]interface{}{
			"FromPort": 2049, "ToPort": 2049, "IpProtocol": "tcp",
			"Description":           "NFS from " + name + " tasks",
			"GroupId":               map[string]interface{}{"Fn::GetAtt": []interface{}{efsGroup, "GroupId"}},
			"SourceSecurityGroupId": map[string]interface{}{"Fn::GetAtt": []interface{}{sgLogicalID(t, tmpl, "Fargate tasks of service "+name), "GroupId"}},
		})
	}
	if f.writer.FileSystem() == nil || *f.writer.FileSystem().FileSystemId() != *f.sharedFS.FileSystemId() {
		t.Error("Writer does not report the shared file system")
	}
	hasProps(t, tmpl, "AWS::EFS::AccessPoint", map[string]interface{}{
		"AccessPointTags": []interface{}{map[string]interface{}{"Key": "Name", "Value": "shared-uploads"}},
	})
}

// taskPolicies returns, per task role policy, the EFS actions of each
// statement, keyed by the policy's logical ID.
func taskPolicies(t *testing.T, tmpl assertions.Template) map[string][][]string {
	t.Helper()
	out := map[string][][]string{}
	for id, p := range resources(tmpl, "AWS::IAM::Policy") {
		if !strings.Contains(id, "TaskRoleDefaultPolicy") {
			continue
		}
		for _, st := range props(p, "PolicyDocument", "Statement").([]interface{}) {
			out[id] = append(out[id], cdktest.Actions(st))
		}
	}
	return out
}

func TestTaskRoleGrantsWhatMountsNeed(t *testing.T) {
	f := stacks(t)
	mount, write, root := "elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite", "elasticfilesystem:ClientRootAccess"
	cases := []struct {
		name string
		tmpl assertions.Template
		// want holds each policy's statements, policies ordered by ID.
		want [][][]string
	}{
		// data has a writable mount (and a read-only one); config is read-only.
		{"basic", f.basic, [][][]string{{{mount, write}, {mount}}}},
		{"oneAZ root access", f.oneAZ, [][][]string{{{mount, root, write}}}},
		// Reader's mount is read-only: no ClientWrite. Writer's is writable.
		{"shared", f.shared, [][][]string{{{mount}}, {{mount, write}}}},
		{"existing read-only", f.existing, [][][]string{{{mount}}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := taskPolicies(t, c.tmpl)
			ids := make([]string, 0, len(got))
			for id := range got {
				ids = append(ids, id)
			}
			sort.Strings(ids)
			var ordered [][][]string
			for _, id := range ids {
				ordered = append(ordered, got[id])
			}
			jsonEqual(t, "task role statements", ordered, c.want)
		})
	}
	// The file system's ARN is built from its id (Fn::Sub), never Fn::GetAtt
	// Arn (local emulators crash on it); an imported access point's too.
	sub := func(s string) map[string]interface{} { return map[string]interface{}{"Fn::Sub": s} }
	hasProps(t, f.existing, "AWS::IAM::Policy", map[string]interface{}{
		"PolicyDocument": match.like(map[string]interface{}{
			"Statement": []interface{}{map[string]interface{}{
				"Effect":   "Allow",
				"Action":   mount,
				"Resource": sub("arn:${AWS::Partition}:elasticfilesystem:${AWS::Region}:${AWS::AccountId}:file-system/fs-0123456789abcdef0"),
				"Condition": map[string]interface{}{"StringEquals": map[string]interface{}{
					"elasticfilesystem:AccessPointArn": sub("arn:${AWS::Partition}:elasticfilesystem:${AWS::Region}:${AWS::AccountId}:access-point/fsap-0123456789abcdef0"),
				}},
			}},
		}),
	})
	for name, tmpl := range map[string]assertions.Template{"basic": f.basic, "shared": f.shared, "oneAZ": f.oneAZ} {
		fsID, _ := only(t, tmpl, "AWS::EFS::FileSystem")
		want := map[string]interface{}{"Fn::Sub": []interface{}{
			"arn:${AWS::Partition}:elasticfilesystem:${AWS::Region}:${AWS::AccountId}:file-system/${Id}",
			map[string]interface{}{"Id": map[string]interface{}{"Ref": fsID}},
		}}
		for id, p := range resources(tmpl, "AWS::IAM::Policy") {
			if !strings.Contains(id, "TaskRole") {
				continue
			}
			for i, st := range props(p, "PolicyDocument", "Statement").([]interface{}) {
				jsonEqual(t, fmt.Sprintf("%s %s statement %d resource", name, id, i), st.(map[string]interface{})["Resource"], want)
			}
		}
	}
	// A created access point is named by its Arn attribute.
	apID := ""
	for id, ap := range resources(f.shared, "AWS::EFS::AccessPoint") {
		if props(ap, "RootDirectory", "Path") == "/uploads" {
			apID = id
		}
	}
	hasProps(t, f.shared, "AWS::IAM::Policy", map[string]interface{}{
		"PolicyDocument": match.like(map[string]interface{}{
			"Statement": []interface{}{match.like(map[string]interface{}{
				"Condition": map[string]interface{}{"StringEquals": map[string]interface{}{
					"elasticfilesystem:AccessPointArn": map[string]interface{}{"Fn::GetAtt": []interface{}{apID, "Arn"}},
				}},
			})},
		}),
	})
}

func TestRolesHaveNoManagedPolicies(t *testing.T) {
	f := stacks(t)
	for name, tmpl := range map[string]assertions.Template{"basic": f.basic, "oneAZ": f.oneAZ, "shared": f.shared, "existing": f.existing} {
		check(t, name+" roles", func() {
			tmpl.AllResourcesProperties(jsii.String("AWS::IAM::Role"), map[string]interface{}{"ManagedPolicyArns": match.absent()})
		})
	}
	// The execution role may only write the service's log stream.
	tmpl := f.basic
	var execPolicies int
	for id, p := range resources(tmpl, "AWS::IAM::Policy") {
		if !strings.Contains(id, "ExecutionRole") {
			continue
		}
		execPolicies++
		jsonEqual(t, "execution role policy", props(p, "PolicyDocument", "Statement"), []interface{}{map[string]interface{}{
			"Action":   []interface{}{"logs:CreateLogStream", "logs:PutLogEvents"},
			"Effect":   "Allow",
			"Resource": map[string]interface{}{"Fn::GetAtt": []interface{}{logGroupID(t, tmpl), "Arn"}},
		}})
	}
	if execPolicies != 1 {
		t.Errorf("want one execution role policy, got %d", execPolicies)
	}
}

func logGroupID(t *testing.T, tmpl assertions.Template) string {
	id, _ := only(t, tmpl, "AWS::Logs::LogGroup")
	return id
}

func TestTaskDefinition(t *testing.T) {
	f := stacks(t)
	tmpl := f.basic
	_, td := only(t, tmpl, "AWS::ECS::TaskDefinition")
	if got := props(td, "Cpu"); got != "256" {
		t.Errorf("Cpu = %v, want 256", got)
	}
	if got := props(td, "Memory"); got != "512" {
		t.Errorf("Memory = %v, want 512", got)
	}
	// One volume per distinct name, IAM + TLS, access point, no root directory.
	vols := props(td, "Volumes").([]interface{})
	if len(vols) != 2 {
		t.Fatalf("want 2 task volumes (data, config), got %d", len(vols))
	}
	for _, v := range vols {
		cfg := v.(map[string]interface{})["EFSVolumeConfiguration"].(map[string]interface{})
		if cfg["TransitEncryption"] != "ENABLED" {
			t.Errorf("volume %v: TransitEncryption %v", v, cfg["TransitEncryption"])
		}
		if _, ok := cfg["RootDirectory"]; ok {
			t.Errorf("volume %v sets RootDirectory beside an access point", v)
		}
		auth := cfg["AuthorizationConfig"].(map[string]interface{})
		if auth["IAM"] != "ENABLED" || auth["AccessPointId"] == nil {
			t.Errorf("volume %v: AuthorizationConfig %v", v, auth)
		}
	}
	jsonEqual(t, "mount points", props(td, "ContainerDefinitions", 0, "MountPoints"), []interface{}{
		map[string]interface{}{"ContainerPath": "/data", "ReadOnly": false, "SourceVolume": "data"},
		map[string]interface{}{"ContainerPath": "/mnt/data-ro", "ReadOnly": true, "SourceVolume": "data"},
		map[string]interface{}{"ContainerPath": "/config", "ReadOnly": true, "SourceVolume": "config"},
	})
	jsonEqual(t, "environment in name order", props(td, "ContainerDefinitions", 0, "Environment"), []interface{}{
		map[string]interface{}{"Name": "ALPHA", "Value": "first"},
		map[string]interface{}{"Name": "ZED", "Value": "last"},
	})
	jsonEqual(t, "log configuration", props(td, "ContainerDefinitions", 0, "LogConfiguration"), map[string]interface{}{
		"LogDriver": "awslogs",
		"Options": map[string]interface{}{
			"awslogs-group":         map[string]interface{}{"Ref": logGroupID(t, tmpl)},
			"awslogs-stream-prefix": "Web",
			"awslogs-region":        map[string]interface{}{"Ref": "AWS::Region"},
		},
	})
	hasProps(t, tmpl, "AWS::Logs::LogGroup", map[string]interface{}{"RetentionInDays": 30})
	check(t, "log group retained", func() {
		tmpl.HasResource(jsii.String("AWS::Logs::LogGroup"), map[string]interface{}{"DeletionPolicy": "Retain"})
	})
	// Access points: POSIX user and the creation info of their directory.
	hasProps(t, tmpl, "AWS::EFS::AccessPoint", map[string]interface{}{
		"PosixUser": map[string]interface{}{"Uid": "1000", "Gid": "1000"},
		"RootDirectory": map[string]interface{}{
			"Path":         "/data",
			"CreationInfo": map[string]interface{}{"OwnerUid": "1000", "OwnerGid": "1000", "Permissions": "755"},
		},
	})
	hasProps(t, f.oneAZ, "AWS::EFS::AccessPoint", map[string]interface{}{
		"PosixUser": map[string]interface{}{"Uid": "0", "Gid": "0"},
		"RootDirectory": map[string]interface{}{
			"Path":         "/srv/index",
			"CreationInfo": map[string]interface{}{"OwnerUid": "0", "OwnerGid": "0", "Permissions": "755"},
		},
	})
	// An existing access point: referenced, not created.
	countIs(t, f.existing, "AWS::EFS::AccessPoint", 0)
	countIs(t, f.existing, "AWS::EFS::FileSystem", 0)
	hasProps(t, f.existing, "AWS::ECS::TaskDefinition", map[string]interface{}{
		"Volumes": []interface{}{map[string]interface{}{
			"Name": "reports",
			"EFSVolumeConfiguration": map[string]interface{}{
				"FilesystemId":        "fs-0123456789abcdef0",
				"TransitEncryption":   "ENABLED",
				"AuthorizationConfig": map[string]interface{}{"AccessPointId": "fsap-0123456789abcdef0", "IAM": "ENABLED"},
			},
		}},
	})
	hasProps(t, f.existing, "AWS::EC2::SecurityGroupIngress", map[string]interface{}{
		"GroupId": "sg-0123456789abcdef0", "FromPort": 2049, "ToPort": 2049,
	})
}

func TestService(t *testing.T) {
	f := stacks(t)
	tmpl := f.basic
	hasProps(t, tmpl, "AWS::ECS::Service", map[string]interface{}{
		"LaunchType":      "FARGATE",
		"PlatformVersion": "LATEST",
		"DesiredCount":    1,
		"DeploymentConfiguration": map[string]interface{}{
			"DeploymentCircuitBreaker": map[string]interface{}{"Enable": true, "Rollback": true},
			"MaximumPercent":           200,
			"MinimumHealthyPercent":    100,
		},
		"NetworkConfiguration": map[string]interface{}{"AwsvpcConfiguration": match.like(map[string]interface{}{
			"AssignPublicIp": "DISABLED",
		})},
	})
	hasProps(t, f.oneAZ, "AWS::ECS::Service", map[string]interface{}{
		"PlatformVersion": "1.4.0",
		"DesiredCount":    3,
		"NetworkConfiguration": map[string]interface{}{"AwsvpcConfiguration": match.like(map[string]interface{}{
			"Subnets": []interface{}{"subnet-0000000000000000a", "subnet-0000000000000000b"},
		})},
	})
	hasProps(t, f.oneAZ, "AWS::ECS::TaskDefinition", map[string]interface{}{"Cpu": "1024", "Memory": "3072"})
	// Tasks start only after every mount target exists.
	for name, tmpl := range map[string]assertions.Template{"basic": tmpl, "oneAZ": f.oneAZ, "shared": f.shared} {
		mts := resources(tmpl, "AWS::EFS::MountTarget")
		if len(mts) == 0 {
			t.Fatalf("%s has no mount targets", name)
		}
		for svcID, svc := range resources(tmpl, "AWS::ECS::Service") {
			deps := map[string]bool{}
			for _, d := range svc["DependsOn"].([]interface{}) {
				deps[d.(string)] = true
			}
			for mt := range mts {
				if !deps[mt] {
					t.Errorf("%s: %s does not depend on %s", name, svcID, mt)
				}
			}
		}
	}
}

func TestAccessors(t *testing.T) {
	f := stacks(t)
	web := f.web
	aps := web.AccessPoints()
	if len(aps) != 2 || aps["data"] == nil || aps["config"] == nil {
		t.Errorf("AccessPoints() = %v, want data and config", aps)
	}
	checks := map[string]bool{
		"Service":        web.Service() != nil,
		"TaskDefinition": web.TaskDefinition() != nil,
		"Container":      web.Container() != nil && *web.Container().ContainerName() == "Web",
		"FileSystem":     web.FileSystem() != nil,
		"SecurityGroup":  web.SecurityGroup() != nil,
		"TaskRole":       web.TaskRole() != nil,
		"ExecutionRole":  web.ExecutionRole() != nil,
		"LogGroup":       web.LogGroup() != nil,
	}
	for name, ok := range checks {
		if !ok {
			t.Errorf("%s() is not set", name)
		}
	}
	if *f.reader.Node().Path() != "Shared/Reader" {
		t.Errorf("Reader path %s", *f.reader.Node().Path())
	}
}
