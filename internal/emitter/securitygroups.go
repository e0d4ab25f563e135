package emitter

import (
	"fmt"

	"github.com/awslabs/goformation/v7/cloudformation"
	"github.com/awslabs/goformation/v7/cloudformation/ec2"

	"github.com/efsfargate/efsfargate/internal/spec"
)

// nfsPort is where EFS mount targets listen.
const nfsPort = 2049

// taskSecurityGroup adds <P>TaskSecurityGroup: no ingress (nothing in the
// contract serves traffic into the tasks), all outbound so tasks can pull
// images and reach EFS.
func (b *builder) taskSecurityGroup(s *spec.Service, id ids) error {
	vpc, err := b.vpcValue()
	if err != nil {
		return err
	}
	return b.addResource(id.taskSecurityGroup(), &ec2.SecurityGroup{
		GroupDescription: fmt.Sprintf("Fargate tasks of service %s in %s %s", s.Name, b.p.App, b.p.Stage),
		VpcId:            cloudformation.String(vpc),
		SecurityGroupEgress: []ec2.SecurityGroup_Egress{{
			CidrIp:      cloudformation.String("0.0.0.0/0"),
			Description: cloudformation.String("Allow all outbound traffic by default"),
			IpProtocol:  "-1",
		}},
	})
}

// efsIngressRule adds <P>EFSIngressRule: NFS from this service's tasks only,
// as a separate resource so it also works on an existing file system's group.
func (b *builder) efsIngressRule(s *spec.Service, id ids) error {
	group, err := b.efsSecurityGroupValue()
	if err != nil {
		return err
	}
	return b.addResource(id.efsIngressRule(), &ec2.SecurityGroupIngress{
		GroupId:               cloudformation.String(group),
		IpProtocol:            "tcp",
		FromPort:              cloudformation.Int(nfsPort),
		ToPort:                cloudformation.Int(nfsPort),
		SourceSecurityGroupId: cloudformation.String(cloudformation.GetAtt(id.taskSecurityGroup(), "GroupId")),
		Description:           cloudformation.String(fmt.Sprintf("NFS from %s tasks", s.Name)),
	})
}
