package efsfargate

import (
	"fmt"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsefs"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awskms"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/efsfargate/efsfargate/internal/cdkplan"
	"github.com/efsfargate/efsfargate/internal/plan"
)

// SharedFileSystemProps configures NewSharedFileSystem.
type SharedFileSystemProps struct {
	// Vpc the mount targets are placed in. Required.
	Vpc awsec2.IVpc
	// VpcSubnets that get a mount target. EFS allows one mount target per
	// Availability Zone, so the selection must hold at most one subnet per
	// AZ or set OnePerAz. With OnePerAz, explicit Subnets are reduced to the
	// first of each AZ too (CDK itself ignores OnePerAz beside Subnets);
	// subnets imported without an AZ count as distinct AZs.
	//
	// Default: {OnePerAz: true} over the VPC's private subnets (or its
	// default subnet type when it has none).
	VpcSubnets *awsec2.SubnetSelection
	// FileSystemName is the Name tag. Default: the construct path.
	FileSystemName *string
	// SecurityGroupDescription of the mount targets' security group.
	// Default: "EFS mount targets of <FileSystemName or id>".
	SecurityGroupDescription *string
	// Encrypted at rest. Default: true.
	Encrypted *bool
	// KmsKey encrypts the data at rest. Default: the AWS-managed EFS key.
	KmsKey awskms.IKey
	// PerformanceMode. Default: GENERAL_PURPOSE, written explicitly.
	PerformanceMode awsefs.PerformanceMode
	// ThroughputMode. Default: BURSTING, written explicitly.
	ThroughputMode awsefs.ThroughputMode
	// ProvisionedThroughputPerSecond, required with ThroughputMode
	// PROVISIONED and refused otherwise. Default: none.
	ProvisionedThroughputPerSecond awscdk.Size
	// LifecyclePolicy moves files to Infrequent Access. Default: never.
	LifecyclePolicy awsefs.LifecyclePolicy
	// TransitionToArchivePolicy moves files to Archive. Default: never.
	TransitionToArchivePolicy awsefs.LifecyclePolicy
	// OutOfInfrequentAccessPolicy moves files back to Standard. Default: never.
	OutOfInfrequentAccessPolicy awsefs.OutOfInfrequentAccessPolicy
	// EnableAutomaticBackups turns on daily AWS Backup. Default: true. The
	// backup policy is written either way (ENABLED or DISABLED).
	EnableAutomaticBackups *bool
	// RemovalPolicy of the file system. Default: RETAIN (both the deletion
	// and the update-replace policy), because deleting it deletes the data.
	RemovalPolicy awscdk.RemovalPolicy
}

// NewSharedFileSystem makes an EFS file system, encrypted by default, for one or more
// EfsFargateService constructs: a file-system policy that only denies
// non-TLS access (clients are authorized by their task role and IAM
// authorization, never anonymously), a security group with no ingress and
// no egress (each service opens TCP 2049 from its own tasks), one mount
// target per Availability Zone, backups on and RETAIN.
//
// The security group is created beside the file system as <id>SecurityGroup
// and stays there: under the file system it would get aws-efs's Name tag
// and new logical IDs for itself and every NFS rule on it (the rules of
// other stacks embed its unique ID), so deployed stacks would replace
// them, and a replaced rule collides with the one still in place.
func NewSharedFileSystem(scope constructs.Construct, id *string, props *SharedFileSystemProps) awsefs.FileSystem {
	path := childPath(scope, id)
	if props == nil || props.Vpc == nil {
		panic(fmt.Errorf("%s: Vpc is required", path))
	}
	if err := props.check(); err != nil {
		panic(fmt.Errorf("%s: %w", path, err))
	}
	name := props.FileSystemName
	description := props.SecurityGroupDescription
	if description == nil {
		label := *id
		if name != nil {
			label = *name
		}
		description = jsii.String(plan.FileSystemSecurityGroupDescription(label))
	}
	sg := awsec2.NewSecurityGroup(scope, jsii.String(*id+"SecurityGroup"), &awsec2.SecurityGroupProps{
		Vpc:         props.Vpc,
		Description: description,
		// Mount targets never open connections.
		AllowAllOutbound: jsii.Bool(false),
	})
	subnets := props.VpcSubnets
	if subnets == nil {
		subnets = &awsec2.SubnetSelection{OnePerAz: jsii.Bool(true)}
	}
	subnets = onePerAZ(subnets)
	perf := props.PerformanceMode
	if perf == "" {
		perf = awsefs.PerformanceMode_GENERAL_PURPOSE
	}
	throughput := props.ThroughputMode
	if throughput == "" {
		throughput = awsefs.ThroughputMode_BURSTING
	}
	removal := props.RemovalPolicy
	if removal == "" {
		removal = awscdk.RemovalPolicy_RETAIN
	}
	backups := props.EnableAutomaticBackups
	if backups == nil {
		backups = jsii.Bool(true)
	}
	encrypted := props.Encrypted
	if encrypted == nil {
		encrypted = jsii.Bool(true)
	}
	fsProps := &awsefs.FileSystemProps{
		Vpc:                            props.Vpc,
		VpcSubnets:                     subnets,
		SecurityGroup:                  sg,
		FileSystemName:                 name,
		Encrypted:                      encrypted,
		PerformanceMode:                perf,
		ThroughputMode:                 throughput,
		ProvisionedThroughputPerSecond: props.ProvisionedThroughputPerSecond,
		LifecyclePolicy:                props.LifecyclePolicy,
		TransitionToArchivePolicy:      props.TransitionToArchivePolicy,
		OutOfInfrequentAccessPolicy:    props.OutOfInfrequentAccessPolicy,
		EnableAutomaticBackups:         backups,
		RemovalPolicy:                  removal,
		FileSystemPolicy:               DenyInsecureTransportPolicy(),
		// CDK adds a statement allowing ClientWrite and ClientRootAccess to
		// AWS:* unless this is true. "true" here only means "add nothing":
		// the policy above has no Allow, so every client still needs its own
		// IAM permission (see the task role statements).
		AllowAnonymousAccess: jsii.Bool(true),
	}
	if props.KmsKey != nil {
		fsProps.KmsKey = props.KmsKey
	}
	fs := awsefs.NewFileSystem(scope, id, fsProps)
	if !*backups {
		// CDK leaves the policy out when backups are off; say it.
		cfn := fs.Node().DefaultChild().(awsefs.CfnFileSystem)
		cfn.SetBackupPolicy(&awsefs.CfnFileSystem_BackupPolicyProperty{Status: jsii.String(plan.BackupStatus(false))})
	}
	return fs
}

// DenyInsecureTransportPolicy is the file-system policy efsfargate sets: one
// statement denying every client action without TLS, and no Allow.
func DenyInsecureTransportPolicy() awsiam.PolicyDocument {
	statements := cdkplan.Statements(plan.FileSystemPolicy(), cdkplan.BaseRef)
	return awsiam.NewPolicyDocument(&awsiam.PolicyDocumentProps{Statements: &statements})
}

// FileSystemArn renders the ARN of fs from its id with Fn::Sub. Fn::GetAtt
// Arn would work on AWS but crashes some local emulators, and CDK's own
// Fn::Join rendering draws a cfn-lint note (I1022).
func FileSystemArn(fs awsefs.IFileSystem) *string {
	return arnFromID(plan.FileSystemARNPattern, fs.FileSystemId())
}

// AccessPointArn is Fn::GetAtt Arn of an access point made in this app, and
// the ARN built from the id (Fn::Sub) for an imported one.
func AccessPointArn(ap awsefs.IAccessPoint) *string {
	if cfn, ok := ap.Node().DefaultChild().(awsefs.CfnAccessPoint); ok && cfn != nil {
		return cfn.AttrArn()
	}
	return arnFromID(plan.AccessPointARNPattern, ap.AccessPointId())
}

// arnFromID renders the plan's ARN pattern over a literal id, or over a
// token bound to a Fn::Sub variable.
func arnFromID(pattern func(string) string, id *string) *string {
	if !*awscdk.Token_IsUnresolved(id) {
		return awscdk.Fn_Sub(jsii.String(pattern(*id)), nil)
	}
	return awscdk.Fn_Sub(jsii.String(pattern("${Id}")), &map[string]*string{"Id": id})
}

// onePerAZ applies OnePerAz to an explicit subnet list, which CDK's subnet
// selection leaves untouched, with the plan's rule.
func onePerAZ(sel *awsec2.SubnetSelection) *awsec2.SubnetSelection {
	if sel.Subnets == nil || sel.OnePerAz == nil || !*sel.OnePerAz {
		return sel
	}
	subnets := *sel.Subnets
	azs := make([]string, len(subnets))
	for i, s := range subnets {
		azs[i], _ = availabilityZone(s)
	}
	kept := []awsec2.ISubnet{}
	for _, i := range plan.OnePerAZ(azs) {
		kept = append(kept, subnets[i])
	}
	out := *sel
	out.Subnets = &kept
	out.OnePerAz = nil
	return &out
}

// availabilityZone reads a subnet's AZ; an imported subnet without one
// throws in CDK, which is reported here as unknown.
func availabilityZone(s awsec2.ISubnet) (az string, ok bool) {
	defer func() {
		if recover() != nil {
			az, ok = "", false
		}
	}()
	return *s.AvailabilityZone(), true
}
