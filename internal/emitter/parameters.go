package emitter

import (
	"fmt"

	"github.com/awslabs/goformation/v7/cloudformation"
)

// parameters declares every template parameter the project refers to, and
// only those (an unused parameter is a cfn-lint warning and a deploy-time
// question nobody needs to answer).
func (b *builder) parameters() error {
	fs := b.p.FileSystem
	if name := b.vpcParameter(); name != "" {
		desc := "VPC of the task security groups"
		if fs.Managed {
			desc = "VPC of the task security groups and the EFS mount targets"
		}
		if err := b.addParameter(name, "AWS::EC2::VPC::Id", desc, ""); err != nil {
			return err
		}
	}
	if name := b.subnetsParameter(); name != "" {
		desc := "Subnets of the Fargate tasks, in Availability Zones where the file system has a mount target"
		if fs.Managed {
			desc = fmt.Sprintf("Exactly %d subnets of the Fargate tasks, in distinct Availability Zones (one EFS mount target is made per subnet)", b.subnetCount())
		}
		if err := b.addParameter(name, "List<AWS::EC2::Subnet::Id>", desc, ""); err != nil {
			return err
		}
	}
	if name := b.clusterParameter(); name != "" {
		if err := b.addParameter(name, "String", "Name or ARN of the ECS cluster that runs the services", ""); err != nil {
			return err
		}
	}
	if fs.Managed {
		return nil
	}
	if name := fs.ID.Parameter; name != "" {
		if err := b.addParameter(name, "String", "ID of the existing EFS file system (fs-...)", "^fs-[0-9a-f]+$"); err != nil {
			return err
		}
	}
	if name := fs.SecurityGroup.Parameter; name != "" {
		desc := "Security group of the file system's mount targets; NFS (TCP 2049) from the tasks is allowed on it"
		if err := b.addParameter(name, "AWS::EC2::SecurityGroup::Id", desc, ""); err != nil {
			return err
		}
	}
	return nil
}

// addParameter refuses one name used for two different kinds of value.
func (b *builder) addParameter(name, typ, description, pattern string) error {
	if !validLogicalID(name) {
		return fmt.Errorf("parameter name %q is not alphanumeric", name)
	}
	if old, ok := b.t.Parameters[name]; ok {
		if old.Type != typ {
			return fmt.Errorf("parameter %s is used both as %s and as %s", name, old.Type, typ)
		}
		return nil
	}
	p := cloudformation.Parameter{Type: typ, Description: cloudformation.String(description)}
	if pattern != "" {
		p.AllowedPattern = cloudformation.String(pattern)
	}
	b.t.Parameters[name] = p
	return nil
}
