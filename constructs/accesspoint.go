package efsfargate

import (
	"fmt"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsefs"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/efsfargate/efsfargate/internal/ecsrules"
	"github.com/efsfargate/efsfargate/internal/plan"
)

// VolumeAccessPointProps configures NewVolumeAccessPoint.
type VolumeAccessPointProps struct {
	// FileSystem the access point opens. Required.
	FileSystem awsefs.IFileSystem
	// Path of the access point's root directory. Required, absolute.
	Path *string
	// PosixUser every file operation runs as. Default: uid 1000, gid 1000.
	PosixUser *awsefs.PosixUser
	// CreateAcl creates Path when it is missing (without it, mounts of a
	// missing path fail). Default: owned by PosixUser's uid and gid, mode 755.
	CreateAcl *awsefs.Acl
	// Name tag. Default: none.
	Name *string
}

// NewVolumeAccessPoint makes the access point of one volume. Several
// services that mount the same data share it (pass it as EfsVolume.AccessPoint).
func NewVolumeAccessPoint(scope constructs.Construct, id *string, props *VolumeAccessPointProps) awsefs.AccessPoint {
	if props == nil || props.FileSystem == nil {
		panic(fmt.Errorf("%s: FileSystem is required", childPath(scope, id)))
	}
	if props.Path == nil {
		panic(fmt.Errorf("%s: Path is required (give the access point's root directory, e.g. /data)", childPath(scope, id)))
	}
	if err := ecsrules.CheckAccessPointPath(*props.Path); err != nil {
		panic(fmt.Errorf("%s: Path: %w", childPath(scope, id), err))
	}
	defaults := plan.NewAccessPoint(*id, plan.AccessPointOptions{Path: *props.Path})
	user := props.PosixUser
	if user == nil {
		user = &awsefs.PosixUser{Uid: jsii.String(defaults.UIDString()), Gid: jsii.String(defaults.GIDString())}
	}
	acl := props.CreateAcl
	if acl == nil {
		acl = &awsefs.Acl{OwnerUid: user.Uid, OwnerGid: user.Gid, Permissions: jsii.String(defaults.Permissions)}
	}
	ap := awsefs.NewAccessPoint(scope, id, &awsefs.AccessPointProps{
		FileSystem: props.FileSystem,
		Path:       props.Path,
		PosixUser:  user,
		CreateAcl:  acl,
	})
	if props.Name != nil {
		awscdk.Tags_Of(ap).Add(jsii.String("Name"), props.Name, nil)
	}
	return ap
}
