package stacks

import (
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsefs"
	"github.com/aws/aws-cdk-go/awscdk/v2/awskms"
	"github.com/aws/jsii-runtime-go"

	efsfargate "github.com/efsfargate/efsfargate/constructs"
)

// fileSystem renders the plan's file system: a new one shared by every
// service, or the existing one with the security group its rules go to.
func (b *builder) fileSystem() {
	f := b.plan.FileSystem
	if !f.Managed {
		b.fsGroup = awsec2.SecurityGroup_FromSecurityGroupId(b.stack, jsii.String("FileSystemSecurityGroup"), b.value(f.SecurityGroup), nil)
		b.fs = awsefs.FileSystem_FromFileSystemAttributes(b.stack, jsii.String("FileSystem"), &awsefs.FileSystemAttributes{
			FileSystemId:  b.value(f.ID),
			SecurityGroup: b.fsGroup,
		})
		return
	}
	props := &efsfargate.SharedFileSystemProps{
		Vpc:                      b.net.vpc,
		VpcSubnets:               b.net.mountTargetSubnets,
		FileSystemName:           jsii.String(f.Name),
		SecurityGroupDescription: jsii.String(f.SecurityGroupDescription),
		Encrypted:                jsii.Bool(f.Encrypted),
		PerformanceMode:          performanceModes[f.PerformanceMode],
		ThroughputMode:           throughputModes[f.ThroughputMode],
		EnableAutomaticBackups:   jsii.Bool(f.BackupStatus == "ENABLED"),
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
	if f.ProvisionedThroughputMibps != 0 {
		props.ProvisionedThroughputPerSecond = awscdk.Size_Mebibytes(jsii.Number(f.ProvisionedThroughputMibps))
	}
	if strings.HasPrefix(f.KmsKeyID, "arn:") {
		props.KmsKey = awskms.Key_FromKeyArn(b.stack, jsii.String("FileSystemKey"), jsii.String(f.KmsKeyID))
	}
	fs := efsfargate.NewSharedFileSystem(b.stack, jsii.String(f.LogicalID), props)
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
		"generalPurpose": awsefs.PerformanceMode_GENERAL_PURPOSE,
		"maxIO":          awsefs.PerformanceMode_MAX_IO,
	}
	throughputModes = map[string]awsefs.ThroughputMode{
		"bursting":    awsefs.ThroughputMode_BURSTING,
		"elastic":     awsefs.ThroughputMode_ELASTIC,
		"provisioned": awsefs.ThroughputMode_PROVISIONED,
	}
)

// volumeAccessPoints renders the plan's access points, shared by every
// service that mounts their volume, or imports the ones the spec names.
func (b *builder) volumeAccessPoints() {
	for _, ap := range b.plan.AccessPoints {
		id := jsii.String(ap.LogicalID)
		if ap.Import != "" {
			b.accessPoints[ap.Volume] = awsefs.AccessPoint_FromAccessPointAttributes(b.stack, id, &awsefs.AccessPointAttributes{
				AccessPointId: awscdk.Fn_ImportValue(jsii.String(ap.Import)),
				FileSystem:    b.fs,
			})
			continue
		}
		if ap.ExistingID != "" {
			b.accessPoints[ap.Volume] = awsefs.AccessPoint_FromAccessPointAttributes(b.stack, id, &awsefs.AccessPointAttributes{
				AccessPointId: jsii.String(ap.ExistingID),
				FileSystem:    b.fs,
			})
			continue
		}
		uid, gid := jsii.String(ap.UIDString()), jsii.String(ap.GIDString())
		b.accessPoints[ap.Volume] = efsfargate.NewVolumeAccessPoint(b.stack, id, &efsfargate.VolumeAccessPointProps{
			FileSystem: b.fs,
			Path:       jsii.String(ap.Path),
			PosixUser:  &awsefs.PosixUser{Uid: uid, Gid: gid},
			CreateAcl:  &awsefs.Acl{OwnerUid: uid, OwnerGid: gid, Permissions: jsii.String(ap.Permissions)},
			Name:       jsii.String(ap.NameTag),
		})
	}
}
