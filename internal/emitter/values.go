package emitter

import (
	"fmt"

	"github.com/awslabs/goformation/v7/cloudformation"

	"github.com/efsfargate/efsfargate/internal/plan"
	"github.com/efsfargate/efsfargate/internal/spec"
)

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
	fs := b.s.FileSystem
	if fs.Managed {
		return cloudformation.Ref(fs.LogicalID), nil
	}
	return value(fs.ID, "file_system.id")
}

// efsSecurityGroupValue is the group the NFS ingress rules are added to.
func (b *builder) efsSecurityGroupValue() (string, error) {
	fs := b.s.FileSystem
	if fs.Managed {
		return cloudformation.Ref(fs.SecurityGroupID), nil
	}
	return value(fs.SecurityGroup, "file_system.security_group of an existing file system")
}

// fileSystemARN is the plan's ARN pattern over the id as the template has
// it: the logical ID, a literal, a parameter or an import bound to a
// variable (Fn::Sub cannot name an import inline).
func (b *builder) fileSystemARN() (string, error) {
	fs := b.s.FileSystem
	switch {
	case fs.Managed:
		return cloudformation.Sub(plan.FileSystemARNPattern("${" + fs.LogicalID + "}")), nil
	case fs.ID.Literal != "":
		return cloudformation.Sub(plan.FileSystemARNPattern(fs.ID.Literal)), nil
	case fs.ID.Parameter != "":
		return cloudformation.Sub(plan.FileSystemARNPattern("${" + fs.ID.Parameter + "}")), nil
	case fs.ID.Import != "":
		return cloudformation.SubVars(plan.FileSystemARNPattern("${FileSystemId}"), map[string]interface{}{
			"FileSystemId": cloudformation.ImportValue(fs.ID.Import),
		}), nil
	}
	return "", fmt.Errorf("file_system.id is not set")
}

// accessPointIDValue is what a task definition volume names.
func accessPointIDValue(ap *plan.AccessPoint) string {
	if ap.ExistingID != "" {
		return ap.ExistingID
	}
	if ap.Import != "" {
		return cloudformation.ImportValue(ap.Import)
	}
	return cloudformation.Ref(ap.LogicalID)
}

// accessPointARN is what the task role's condition names.
func accessPointARN(ap *plan.AccessPoint) string {
	if ap.ExistingID != "" {
		return cloudformation.Sub(plan.AccessPointARNPattern(ap.ExistingID))
	}
	if ap.Import != "" {
		return cloudformation.SubVars(plan.AccessPointARNPattern("${AccessPointId}"), map[string]interface{}{
			"AccessPointId": cloudformation.ImportValue(ap.Import),
		})
	}
	return cloudformation.GetAtt(ap.LogicalID, "Arn")
}

// accessPoint returns the plan's access point of a volume.
func (b *builder) accessPoint(volume string) (*plan.AccessPoint, error) {
	ap := b.s.AccessPoint(volume)
	if ap == nil {
		return nil, fmt.Errorf("volume %q has no access point in the plan", volume)
	}
	return ap, nil
}
