package emitter

import (
	"fmt"
	"testing"

	"github.com/efsfargate/efsfargate/internal/spec"
)

func TestManagedFileSystemDefaults(t *testing.T) {
	doc := render(t, project())
	fs := at(t, doc, "Resources", "FileSystem").(map[string]any)
	props := at(t, fs, "Properties").(map[string]any)
	for key, want := range map[string]string{
		"Encrypted":       `true`,
		"PerformanceMode": `"generalPurpose"`,
		"ThroughputMode":  `"bursting"`,
		"BackupPolicy":    `{"Status":"ENABLED"}`,
		"FileSystemTags":  `[{"Key":"Name","Value":"shop-dev-efs"}]`,
		"FileSystemPolicy": `{"Statement":[{"Action":["elasticfilesystem:ClientMount","elasticfilesystem:ClientRootAccess","elasticfilesystem:ClientWrite"],` +
			`"Condition":{"Bool":{"aws:SecureTransport":"false"}},"Effect":"Deny","Principal":{"AWS":"*"},"Sid":"DenyInsecureTransport"}],"Version":"2012-10-17"}`,
	} {
		if got := js(props[key]); got != want {
			t.Errorf("%s = %s, want %s", key, got, want)
		}
	}
	for _, key := range []string{"KmsKeyId", "ProvisionedThroughputInMibps", "LifecyclePolicies"} {
		if _, ok := props[key]; ok {
			t.Errorf("%s is set by default: %s", key, js(props[key]))
		}
	}
	sg := at(t, doc, "Resources", "FileSystemSecurityGroup", "Properties").(map[string]any)
	if _, ok := sg["SecurityGroupIngress"]; ok {
		t.Error("file system security group has inline ingress")
	}
	if got := js(sg["SecurityGroupEgress"]); got != `[{"CidrIp":"255.255.255.255/32","Description":"Disallow all traffic","FromPort":252,"IpProtocol":"icmp","ToPort":86}]` {
		t.Errorf("file system egress = %s, want the disallow-all placeholder", got)
	}
}

func TestFileSystemOptions(t *testing.T) {
	p := project()
	fs := &p.FileSystem
	fs.PerformanceMode, fs.ThroughputMode, fs.ProvisionedThroughputMibps = "maxIO", "provisioned", 256
	fs.KmsKeyID = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	fs.Backup = false
	fs.Lifecycle = spec.Lifecycle{TransitionToIA: "AFTER_30_DAYS", TransitionToArchive: "AFTER_90_DAYS", TransitionToPrimary: "AFTER_1_ACCESS"}
	fs.Name = "custom-name"
	props := at(t, render(t, p), "Resources", "FileSystem", "Properties").(map[string]any)
	for key, want := range map[string]string{
		"PerformanceMode":              `"maxIO"`,
		"ThroughputMode":               `"provisioned"`,
		"ProvisionedThroughputInMibps": `256`,
		"KmsKeyId":                     `"` + fs.KmsKeyID + `"`,
		"BackupPolicy":                 `{"Status":"DISABLED"}`,
		"FileSystemTags":               `[{"Key":"Name","Value":"custom-name"}]`,
		// EFS takes one transition per entry.
		"LifecyclePolicies": `[{"TransitionToIA":"AFTER_30_DAYS"},{"TransitionToArchive":"AFTER_90_DAYS"},{"TransitionToPrimaryStorageClass":"AFTER_1_ACCESS"}]`,
	} {
		if got := js(props[key]); got != want {
			t.Errorf("%s = %s, want %s", key, got, want)
		}
	}
}

func TestRemovalPolicy(t *testing.T) {
	for _, tc := range []struct {
		retain bool
		want   string
	}{{true, "Retain"}, {false, "Delete"}} {
		p := project()
		p.FileSystem.Retain = tc.retain
		doc := render(t, p)
		fs := at(t, doc, "Resources", "FileSystem")
		if at(t, fs, "DeletionPolicy") != tc.want || at(t, fs, "UpdateReplacePolicy") != tc.want {
			t.Errorf("Retain=%v: DeletionPolicy %v, UpdateReplacePolicy %v, want %s for both", tc.retain,
				at(t, fs, "DeletionPolicy"), at(t, fs, "UpdateReplacePolicy"), tc.want)
		}
		// Logs are kept either way.
		lg := at(t, doc, "Resources", "WebLogGroup")
		if at(t, lg, "DeletionPolicy") != "Retain" || at(t, lg, "UpdateReplacePolicy") != "Retain" {
			t.Errorf("Retain=%v: log group policies %s", tc.retain, js(lg))
		}
	}
}

func TestOneMountTargetPerAZFromLiteralSubnets(t *testing.T) {
	p := project()
	p.Network = spec.Network{
		VPC: spec.Value{Literal: "vpc-0123456789abcdef0"},
		Subnets: []spec.Subnet{
			{ID: "subnet-0000000000000000a", AZ: "us-east-1a"},
			{ID: "subnet-0000000000000000b", AZ: "us-east-1a"},
			{ID: "subnet-0000000000000000c", AZ: "us-east-1b"},
			{ID: "subnet-0000000000000000d"}, // AZ unknown: its own AZ
		},
	}
	doc := render(t, p)
	mts := resourcesOfType(t, doc, "AWS::EFS::MountTarget")
	if js(mts) != `["MountTarget1","MountTarget2","MountTarget3"]` {
		t.Fatalf("mount targets = %v", mts)
	}
	for i, want := range []string{"subnet-0000000000000000a", "subnet-0000000000000000c", "subnet-0000000000000000d"} {
		id := fmt.Sprintf("MountTarget%d", i+1)
		if got := at(t, doc, "Resources", id, "Properties", "SubnetId"); got != want {
			t.Errorf("%s subnet = %v, want %s", id, got, want)
		}
		if got := js(at(t, doc, "Resources", id, "Properties", "SecurityGroups")); got != `[{"Ref":"FileSystemSecurityGroup"}]` {
			t.Errorf("%s security groups = %s", id, got)
		}
	}
	// The tasks run in every subnet, including the second one in us-east-1a.
	subnets := js(at(t, doc, "Resources", "WebService", "Properties", "NetworkConfiguration", "AwsvpcConfiguration", "Subnets"))
	if subnets != `["subnet-0000000000000000a","subnet-0000000000000000b","subnet-0000000000000000c","subnet-0000000000000000d"]` {
		t.Errorf("service subnets = %s", subnets)
	}
	if got := js(at(t, doc, "Resources", "WebService", "DependsOn")); got != `["MountTarget1","MountTarget2","MountTarget3","WebTaskRole"]` {
		t.Errorf("service DependsOn = %s", got)
	}
	if params := at(t, doc, "Parameters"); len(params.(map[string]any)) != 1 {
		t.Errorf("parameters with a literal network = %s, want ClusterArn only", js(params))
	}
}

func TestMountTargetsFromSubnetParameter(t *testing.T) {
	p := project()
	p.Network.SubnetCount = 3
	doc := render(t, p)
	mts := resourcesOfType(t, doc, "AWS::EFS::MountTarget")
	if len(mts) != 3 {
		t.Fatalf("mount targets = %v, want 3 for SubnetCount 3", mts)
	}
	for i := range 3 {
		got := js(at(t, doc, "Resources", fmt.Sprintf("MountTarget%d", i+1), "Properties", "SubnetId"))
		if want := fmt.Sprintf(`{"Fn::Select":[%d,{"Ref":"SubnetIds"}]}`, i); got != want {
			t.Errorf("MountTarget%d subnet = %s, want %s", i+1, got, want)
		}
	}
	desc := at(t, doc, "Parameters", "SubnetIds", "Description").(string)
	if want := "Exactly 3 subnets"; len(desc) < len(want) || desc[:len(want)] != want {
		t.Errorf("SubnetIds description %q does not state the count", desc)
	}
}

func TestExistingFileSystemAddsNoFileSystemResources(t *testing.T) {
	p := project()
	p.FileSystem = spec.FileSystem{ID: spec.Value{Parameter: "EFSFileSystemId"}, SecurityGroup: spec.Value{Import: "efs-security-group-id"}}
	doc := render(t, p)
	for _, typ := range []string{"AWS::EFS::FileSystem", "AWS::EFS::MountTarget"} {
		if ids := resourcesOfType(t, doc, typ); len(ids) != 0 {
			t.Errorf("%s resources for an existing file system: %v", typ, ids)
		}
	}
	if has(doc, "Resources", "FileSystemSecurityGroup") || has(doc, "Outputs", "FileSystemSecurityGroupId") {
		t.Error("file system security group made for an existing file system")
	}
	if got := js(at(t, doc, "Resources", "WebService", "DependsOn")); got != `["WebTaskRole"]` {
		t.Errorf("service DependsOn = %s, want the task role only", got)
	}
	if got := js(at(t, doc, "Resources", "WebEFSIngressRule", "Properties", "GroupId")); got != `{"Fn::ImportValue":"efs-security-group-id"}` {
		t.Errorf("ingress group = %s", got)
	}
	if got := js(at(t, doc, "Parameters", "EFSFileSystemId")); got != `{"AllowedPattern":"^fs-[0-9a-f]+$","Description":"ID of the existing EFS file system (fs-...)","Type":"String"}` {
		t.Errorf("EFSFileSystemId parameter = %s", got)
	}
	if got := js(at(t, doc, "Resources", "DataAccessPoint", "Properties", "FileSystemId")); got != `{"Ref":"EFSFileSystemId"}` {
		t.Errorf("access point file system = %s", got)
	}
}

func TestFileSystemARNFromEveryKindOfID(t *testing.T) {
	const pre = "arn:${AWS::Partition}:elasticfilesystem:${AWS::Region}:${AWS::AccountId}:file-system/"
	for _, tc := range []struct {
		id   spec.Value
		want string
	}{
		{spec.Value{Literal: "fs-0abc123def4567890"}, `{"Fn::Sub":"` + pre + `fs-0abc123def4567890"}`},
		{spec.Value{Parameter: "Efs"}, `{"Fn::Sub":"` + pre + `${Efs}"}`},
		{spec.Value{Import: "shared-efs-id"}, `{"Fn::Sub":["` + pre + `${FileSystemId}",{"FileSystemId":{"Fn::ImportValue":"shared-efs-id"}}]}`},
	} {
		p := project()
		p.FileSystem = spec.FileSystem{ID: tc.id, SecurityGroup: spec.Value{Literal: "sg-0123456789abcdef0"}}
		got := js(at(t, efsStatementsOf(t, render(t, p), "Web")[0], "Resource"))
		if got != tc.want {
			t.Errorf("id %+v: ARN %s, want %s", tc.id, got, tc.want)
		}
	}
}

func TestAccessPoint(t *testing.T) {
	p := project()
	p.Volumes[0] = spec.Volume{Name: "data", Path: "/srv/data", UID: 0, GID: 50, Permissions: "0750"}
	got := js(at(t, render(t, p), "Resources", "DataAccessPoint", "Properties"))
	want := `{"AccessPointTags":[{"Key":"Name","Value":"shop-dev-data"}],"FileSystemId":{"Ref":"FileSystem"},` +
		`"PosixUser":{"Gid":"50","Uid":"0"},"RootDirectory":{"CreationInfo":{"OwnerGid":"50","OwnerUid":"0","Permissions":"0750"},"Path":"/srv/data"}}`
	if got != want {
		t.Errorf("access point = %s\nwant %s", got, want)
	}
}
