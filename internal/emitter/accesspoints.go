package emitter

import (
	"fmt"
	"strconv"

	"github.com/awslabs/goformation/v7/cloudformation"
	"github.com/awslabs/goformation/v7/cloudformation/efs"

	"github.com/efsfargate/efsfargate/internal/spec"
)

// accessPoints adds one access point per project volume, shared by every
// service that mounts the volume, unless the file names an existing one.
func (b *builder) accessPoints() error {
	fsID, err := b.fileSystemIDValue()
	if err != nil {
		return err
	}
	for i := range b.p.Volumes {
		v := &b.p.Volumes[i]
		if spec.LogicalName(v.Name) == "" {
			return fmt.Errorf("volume %q has no letters or digits to name its resources", v.Name)
		}
		if v.ExistingAccessPointID != "" {
			continue
		}
		uid, gid := strconv.Itoa(v.UID), strconv.Itoa(v.GID)
		ap := &efs.AccessPoint{
			FileSystemId: fsID,
			// Every file operation runs as this user, whatever the
			// container's own user is.
			PosixUser: &efs.AccessPoint_PosixUser{Uid: uid, Gid: gid},
			RootDirectory: &efs.AccessPoint_RootDirectory{
				Path: cloudformation.String(v.Path),
				// Without CreationInfo a missing directory makes every
				// mount fail.
				CreationInfo: &efs.AccessPoint_CreationInfo{
					OwnerUid:    uid,
					OwnerGid:    gid,
					Permissions: v.Permissions,
				},
			},
			AccessPointTags: []efs.AccessPoint_AccessPointTag{{
				Key:   cloudformation.String("Name"),
				Value: cloudformation.String(b.p.Name() + "-" + v.Name),
			}},
		}
		if err := b.addResource(accessPointLogicalID(v), ap); err != nil {
			return err
		}
	}
	return nil
}
