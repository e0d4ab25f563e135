package stacks

import (
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsefs"
	"github.com/aws/aws-cdk-go/awscdk/v2/awskms"
	"github.com/aws/jsii-runtime-go"

	efsfargate "github.com/efsfargate/efsfargate/constructs"
	"github.com/efsfargate/efsfargate/internal/spec"
)

// fileSystem makes the one managed file system every service shares, or
// imports the existing one with the security group its rules go to.
func (b *builder) fileSystem() {
	f := b.p.FileSystem
	if !f.Managed {
		id := b.value(f.ID, "String", "ID of the existing EFS file system (fs-...)", "^fs-[0-9a-f]+$")
		group := b.value(f.SecurityGroup, "AWS::EC2::SecurityGroup::Id",
			"Security group of the file system's mount targets; NFS (TCP 2049) from the tasks is allowed on it", "")
		b.fs = awsefs.FileSystem_FromFileSystemAttributes(b.stack, jsii.String("FileSystem"), &awsefs.FileSystemAttributes{
			FileSystemId:  id,
			SecurityGroup: awsec2.SecurityGroup_FromSecurityGroupId(b.stack, jsii.String("FileSystemSecurityGroup"), group, nil),
		})
		return
	}
	name := f.Name
	if name == "" {
		name = Name(b.p) + "-efs"
	}
	props := &efsfargate.SharedFileSystemProps{
		Vpc:                      b.net.vpc,
		VpcSubnets:               b.net.mountTargetSubnets,
		FileSystemName:           jsii.String(name),
		SecurityGroupDescription: jsii.String("EFS mount targets of " + b.p.App + " " + b.p.Stage),
		Encrypted:                jsii.Bool(f.Encrypted),
		PerformanceMode:          performanceModes[f.PerformanceMode],
		ThroughputMode:           throughputModes[f.ThroughputMode],
		EnableAutomaticBackups:   jsii.Bool(f.Backup),
		RemovalPolicy:            awscdk.RemovalPolicy_DESTROY,
	}
	// The spec already checked these are CloudFormation's (and CDK's) values.
	if l := f.Lifecycle.TransitionToIA; l != "" {
		props.LifecyclePolicy = awsefs.LifecyclePolicy(l)
	}
	if l := f.Lifecycle.TransitionToArchive; l != "" {
		props.TransitionToArchivePolicy = awsefs.LifecyclePolicy(l)
	}
	if l := f.Lifecycle.TransitionToPrimary; l != "" {
		props.OutOfInfrequentAccessPolicy = awsefs.OutOfInfrequentAccessPolicy(l)
	}
	if f.Retain {
		props.RemovalPolicy = awscdk.RemovalPolicy_RETAIN
	}
	if f.ThroughputMode == "provisioned" {
		props.ProvisionedThroughputPerSecond = awscdk.Size_Mebibytes(jsii.Number(f.ProvisionedThroughputMibps))
	}
	if strings.HasPrefix(f.KmsKeyID, "arn:") {
		props.KmsKey = awskms.Key_FromKeyArn(b.stack, jsii.String("FileSystemKey"), jsii.String(f.KmsKeyID))
	}
	fs := efsfargate.NewSharedFileSystem(b.stack, jsii.String("FileSystem"), props)
	if f.KmsKeyID != "" && props.KmsKey == nil {
		// A bare key id: CDK's key import needs an ARN, CloudFormation takes either.
		fs.Node().DefaultChild().(awsefs.CfnFileSystem).SetKmsKeyId(jsii.String(f.KmsKeyID))
	}
	b.fs = fs
	b.fsGroup = (*fs.Connections().SecurityGroups())[0]
}

// CloudFormation's spelling (the spec's) to CDK's enums.
var (
	performanceModes = map[string]awsefs.PerformanceMode{
		"":               awsefs.PerformanceMode_GENERAL_PURPOSE,
		"generalPurpose": awsefs.PerformanceMode_GENERAL_PURPOSE,
		"maxIO":          awsefs.PerformanceMode_MAX_IO,
	}
	throughputModes = map[string]awsefs.ThroughputMode{
		"":            awsefs.ThroughputMode_BURSTING,
		"bursting":    awsefs.ThroughputMode_BURSTING,
		"elastic":     awsefs.ThroughputMode_ELASTIC,
		"provisioned": awsefs.ThroughputMode_PROVISIONED,
	}
)

// volumeAccessPoints makes one access point per project volume, shared by
// every service that mounts it, or imports the one the spec names.
func (b *builder) volumeAccessPoints() {
	for i := range b.p.Volumes {
		v := &b.p.Volumes[i]
		id := jsii.String(spec.LogicalName(v.Name) + "AccessPoint")
		if v.ExistingAccessPointID != "" {
			b.accessPoints[v.Name] = awsefs.AccessPoint_FromAccessPointAttributes(b.stack, id, &awsefs.AccessPointAttributes{
				AccessPointId: jsii.String(v.ExistingAccessPointID),
				FileSystem:    b.fs,
			})
			continue
		}
		path := v.Path
		if path == "" {
			path = "/" + v.Name
		}
		perms := v.Permissions
		if perms == "" {
			perms = efsfargate.DefaultPermissions
		}
		b.accessPoints[v.Name] = efsfargate.NewVolumeAccessPoint(b.stack, id, &efsfargate.VolumeAccessPointProps{
			FileSystem: b.fs,
			Path:       jsii.String(path),
			PosixUser:  &awsefs.PosixUser{Uid: itoa(v.UID), Gid: itoa(v.GID)},
			CreateAcl:  &awsefs.Acl{OwnerUid: itoa(v.UID), OwnerGid: itoa(v.GID), Permissions: jsii.String(perms)},
			Name:       jsii.String(Name(b.p) + "-" + v.Name),
		})
	}
}
