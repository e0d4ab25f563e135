package emitter

import (
	"github.com/awslabs/goformation/v7/cloudformation"
	"github.com/awslabs/goformation/v7/cloudformation/efs"
)

// accessPoints adds the plan's new access points; existing and imported
// ones add nothing.
func (b *builder) accessPoints() error {
	fsID, err := b.fileSystemIDValue()
	if err != nil {
		return err
	}
	for _, ap := range b.s.AccessPoints {
		if ap.ExistingID != "" || ap.Import != "" {
			continue
		}
		uid, gid := ap.UIDString(), ap.GIDString()
		r := &efs.AccessPoint{
			FileSystemId: fsID,
			PosixUser:    &efs.AccessPoint_PosixUser{Uid: uid, Gid: gid},
			RootDirectory: &efs.AccessPoint_RootDirectory{
				Path: cloudformation.String(ap.Path),
				CreationInfo: &efs.AccessPoint_CreationInfo{
					OwnerUid:    uid,
					OwnerGid:    gid,
					Permissions: ap.Permissions,
				},
			},
			AccessPointTags: []efs.AccessPoint_AccessPointTag{{
				Key:   cloudformation.String("Name"),
				Value: cloudformation.String(ap.NameTag),
			}},
		}
		if err := b.addResource(ap.LogicalID, r); err != nil {
			return err
		}
	}
	return nil
}
