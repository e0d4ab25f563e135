package emitter

import (
	"github.com/awslabs/goformation/v7/cloudformation"
)

// outputs adds the outputs both forms share, each exported as
// <app>-<stage>-<name> for other stacks to import.
func (b *builder) outputs() error {
	// An imported file system id is already exported by its own stack;
	// re-exporting it would only chain the stacks (cfn-lint W6001).
	if b.p.FileSystem.ID.Import == "" {
		fsID, err := b.fileSystemIDValue()
		if err != nil {
			return err
		}
		if err := b.addOutput("FileSystemId", "ID of the EFS file system", fsID); err != nil {
			return err
		}
	}
	if b.p.FileSystem.Managed {
		sg := cloudformation.GetAtt(fileSystemSecurityGroup, "GroupId")
		if err := b.addOutput("FileSystemSecurityGroupId", "Security group of the EFS mount targets", sg); err != nil {
			return err
		}
	}
	for i := range b.p.Volumes {
		v := &b.p.Volumes[i]
		if v.ExistingAccessPointID != "" {
			continue
		}
		id := accessPointLogicalID(v)
		if err := b.addOutput(id+"Id", "ID of the EFS access point of volume "+v.Name, cloudformation.Ref(id)); err != nil {
			return err
		}
	}
	for _, s := range b.p.Services {
		id := ids{prefix: s.IDPrefix}
		sg := cloudformation.GetAtt(id.taskSecurityGroup(), "GroupId")
		if err := b.addOutput(id.taskSecurityGroup()+"Id", "Security group of the "+s.Name+" tasks", sg); err != nil {
			return err
		}
		name := cloudformation.GetAtt(id.service(), "Name")
		if err := b.addOutput(id.service()+"Name", "Name of the ECS service "+s.Name, name); err != nil {
			return err
		}
	}
	return nil
}
