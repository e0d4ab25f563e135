package emitter

import (
	"fmt"

	"github.com/awslabs/goformation/v7/cloudformation"

	"github.com/efsfargate/efsfargate/internal/plan"
)

// outputs adds the plan's outputs with their exports.
func (b *builder) outputs() error {
	for _, o := range b.s.Outputs {
		if !validLogicalID(o.Name) {
			return fmt.Errorf("output name %q is not alphanumeric", o.Name)
		}
		if _, dup := b.t.Outputs[o.Name]; dup {
			return fmt.Errorf("two outputs would share the name %s", o.Name)
		}
		v, err := b.outputValue(o)
		if err != nil {
			return err
		}
		b.t.Outputs[o.Name] = cloudformation.Output{
			Value:       v,
			Description: cloudformation.String(o.Description),
			Export:      &cloudformation.Export{Name: o.Export},
		}
	}
	return nil
}

func (b *builder) outputValue(o plan.Output) (string, error) {
	switch o.Kind {
	case plan.OutputFileSystemID:
		return b.fileSystemIDValue()
	case plan.OutputFileSystemSecurityGroupID:
		if !b.s.FileSystem.Managed {
			return b.efsSecurityGroupValue()
		}
		return cloudformation.GetAtt(b.s.FileSystem.SecurityGroupID, "GroupId"), nil
	case plan.OutputAccessPointID:
		ap, err := b.accessPoint(o.Of)
		if err != nil {
			return "", err
		}
		return cloudformation.Ref(ap.LogicalID), nil
	case plan.OutputTaskSecurityGroupID:
		return cloudformation.GetAtt(b.serviceIDs(o.Of).TaskSecurityGroup(), "GroupId"), nil
	case plan.OutputNamespaceID:
		return cloudformation.GetAtt(b.s.Namespace.LogicalID, "Id"), nil
	case plan.OutputServicesVPCID:
		return b.vpcValue()
	case plan.OutputServicesSubnetIDs:
		if list := b.taskSubnetList(); list != "" {
			return cloudformation.Join(",", list), nil
		}
		return cloudformation.Join(",", b.literalSubnets()), nil
	case plan.OutputServicesCluster:
		return b.clusterValue()
	case plan.OutputServiceName:
		return cloudformation.GetAtt(b.serviceIDs(o.Of).Service(), "Name"), nil
	}
	return "", fmt.Errorf("output %s: unknown kind %d", o.Name, o.Kind)
}
