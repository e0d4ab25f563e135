package emitter

import (
	"github.com/awslabs/goformation/v7/cloudformation"
	"github.com/awslabs/goformation/v7/cloudformation/ec2"

	"github.com/efsfargate/efsfargate/internal/plan"
)

// taskSecurityGroup adds <P>TaskSecurityGroup: no ingress, all outbound so
// tasks can pull images, send logs and reach EFS without VPC endpoints.
func (b *builder) taskSecurityGroup(s *plan.Service) error {
	vpc, err := b.vpcValue()
	if err != nil {
		return err
	}
	return b.addResource(s.IDs.TaskSecurityGroup(), &ec2.SecurityGroup{
		GroupDescription: s.SecurityGroupDescription,
		VpcId:            cloudformation.String(vpc),
		SecurityGroupEgress: []ec2.SecurityGroup_Egress{{
			CidrIp:      cloudformation.String("0.0.0.0/0"),
			Description: cloudformation.String("Allow all outbound traffic by default"),
			IpProtocol:  "-1",
		}},
	})
}

// efsIngressRule adds <P>EFSIngressRule, a separate resource so it also
// works on an existing file system's group.
func (b *builder) efsIngressRule(s *plan.Service) error {
	if s.NFS == nil {
		return nil
	}
	group, err := b.efsSecurityGroupValue()
	if err != nil {
		return err
	}
	return b.addResource(s.IDs.EFSIngressRule(), &ec2.SecurityGroupIngress{
		GroupId:               cloudformation.String(group),
		IpProtocol:            "tcp",
		FromPort:              cloudformation.Int(s.NFS.Port),
		ToPort:                cloudformation.Int(s.NFS.Port),
		SourceSecurityGroupId: cloudformation.String(cloudformation.GetAtt(s.IDs.TaskSecurityGroup(), "GroupId")),
		Description:           cloudformation.String(s.NFS.Description),
	})
}
