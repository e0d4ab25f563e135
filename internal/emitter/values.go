package emitter

import (
	"fmt"

	"github.com/awslabs/goformation/v7/cloudformation"

	"github.com/efsfargate/efsfargate/internal/spec"
)

// Logical IDs of the managed file system's resources.
const (
	fileSystemID            = "FileSystem"
	fileSystemSecurityGroup = "FileSystemSecurityGroup"
)

// arnPrefix starts every EFS ARN; the partition, region and account come
// from pseudo parameters so the template deploys anywhere.
const arnPrefix = "arn:${AWS::Partition}:elasticfilesystem:${AWS::Region}:${AWS::AccountId}:"

// value renders a literal, a parameter Ref or an import. what names the
// value in the error when none of the three is set.
func value(v spec.Value, what string) (string, error) {
	switch {
	case v.Literal != "":
		return v.Literal, nil
	case v.Parameter != "":
		return cloudformation.Ref(v.Parameter), nil
	case v.Import != "":
		return cloudformation.ImportValue(v.Import), nil
	}
	return "", fmt.Errorf("%s is not set", what)
}

// fileSystemIDValue is the file system id as the template sees it.
func (b *builder) fileSystemIDValue() (string, error) {
	if b.p.FileSystem.Managed {
		return cloudformation.Ref(fileSystemID), nil
	}
	return value(b.p.FileSystem.ID, "file_system.id")
}

// efsSecurityGroupValue is the group the NFS ingress rules are added to.
func (b *builder) efsSecurityGroupValue() (string, error) {
	if b.p.FileSystem.Managed {
		return cloudformation.Ref(fileSystemSecurityGroup), nil
	}
	return value(b.p.FileSystem.SecurityGroup, "file_system.security_group of an existing file system")
}

// fileSystemARN is always built from the id: Fn::GetAtt FileSystem.Arn
// crashes moto, and an existing file system has no attribute to read.
func (b *builder) fileSystemARN() (string, error) {
	const pattern = arnPrefix + "file-system/"
	fs := b.p.FileSystem
	switch {
	case fs.Managed:
		return cloudformation.Sub(pattern + "${" + fileSystemID + "}"), nil
	case fs.ID.Literal != "":
		return cloudformation.Sub(pattern + fs.ID.Literal), nil
	case fs.ID.Parameter != "":
		return cloudformation.Sub(pattern + "${" + fs.ID.Parameter + "}"), nil
	case fs.ID.Import != "":
		// Fn::Sub cannot name an import inline; bind it to a variable.
		return cloudformation.SubVars(pattern+"${FileSystemId}", map[string]interface{}{
			"FileSystemId": cloudformation.ImportValue(fs.ID.Import),
		}), nil
	}
	return "", fmt.Errorf("file_system.id is not set")
}

// accessPointLogicalID is <V>AccessPoint.
func accessPointLogicalID(v *spec.Volume) string {
	return spec.LogicalName(v.Name) + "AccessPoint"
}

// accessPointIDValue is what a task definition volume names.
func accessPointIDValue(v *spec.Volume) string {
	if v.ExistingAccessPointID != "" {
		return v.ExistingAccessPointID
	}
	return cloudformation.Ref(accessPointLogicalID(v))
}

// accessPointARN is what the task role's condition names.
func accessPointARN(v *spec.Volume) string {
	if v.ExistingAccessPointID != "" {
		return cloudformation.Sub(arnPrefix + "access-point/" + v.ExistingAccessPointID)
	}
	return cloudformation.GetAtt(accessPointLogicalID(v), "Arn")
}
