package emitter

import (
	"fmt"

	"github.com/awslabs/goformation/v7/cloudformation"
	"github.com/awslabs/goformation/v7/cloudformation/ecs"

	"github.com/efsfargate/efsfargate/internal/spec"
)

// ids are the logical IDs of one service's resources: <P>TaskRole and so on.
type ids struct {
	prefix string
}

func (i ids) taskSecurityGroup() string { return i.prefix + "TaskSecurityGroup" }
func (i ids) efsIngressRule() string    { return i.prefix + "EFSIngressRule" }
func (i ids) logGroup() string          { return i.prefix + "LogGroup" }
func (i ids) taskRole() string          { return i.prefix + "TaskRole" }
func (i ids) executionRole() string     { return i.prefix + "ExecutionRole" }
func (i ids) taskDefinition() string    { return i.prefix + "TaskDefinition" }
func (i ids) service() string           { return i.prefix + "Service" }

// services adds every service's resources in file order.
func (b *builder) services() error {
	for i := range b.p.Services {
		s := &b.p.Services[i]
		if err := b.service(s); err != nil {
			return fmt.Errorf("service %s: %w", s.Name, err)
		}
	}
	return nil
}

func (b *builder) service(s *spec.Service) error {
	id := ids{prefix: s.IDPrefix}
	for _, m := range s.Mounts {
		if b.p.Volume(m.Volume) == nil {
			return fmt.Errorf("mount %s names volume %q, which the project does not define", m.Path, m.Volume)
		}
	}
	steps := []func(*spec.Service, ids) error{
		b.taskSecurityGroup,
		b.efsIngressRule,
		b.logGroup,
		b.taskRole,
		b.executionRole,
		b.taskDefinition,
		b.ecsService,
	}
	for _, step := range steps {
		if err := step(s, id); err != nil {
			return err
		}
	}
	return nil
}

// ecsService adds <P>Service. It depends on the mount targets (tasks would
// otherwise start before they exist and fail to mount) and on the task role,
// whose inline policy grants the mount.
func (b *builder) ecsService(s *spec.Service, id ids) error {
	cluster, err := b.clusterValue()
	if err != nil {
		return err
	}
	assignPublicIP := "DISABLED"
	if b.p.Network.AssignPublicIP {
		assignPublicIP = "ENABLED"
	}
	svc := &ecs.Service{
		Cluster:         cloudformation.String(cluster),
		TaskDefinition:  cloudformation.String(cloudformation.Ref(id.taskDefinition())),
		DesiredCount:    cloudformation.Int(s.DesiredCount),
		LaunchType:      cloudformation.String("FARGATE"),
		PlatformVersion: cloudformation.String(s.PlatformVersion),
		NetworkConfiguration: &ecs.Service_NetworkConfiguration{
			AwsvpcConfiguration: &ecs.Service_AwsVpcConfiguration{
				AssignPublicIp: cloudformation.String(assignPublicIP),
				SecurityGroups: []string{cloudformation.GetAtt(id.taskSecurityGroup(), "GroupId")},
			},
		},
		DeploymentConfiguration: &ecs.Service_DeploymentConfiguration{
			DeploymentCircuitBreaker: &ecs.Service_DeploymentCircuitBreaker{Enable: true, Rollback: true},
			MaximumPercent:           cloudformation.Int(200),
			MinimumHealthyPercent:    cloudformation.Int(100),
		},
		AWSCloudFormationDependsOn: append(append([]string(nil), b.mountTargets...), id.taskRole()),
	}
	param := b.subnetsParameter()
	if param == "" {
		svc.NetworkConfiguration.AwsvpcConfiguration.Subnets = b.literalSubnets()
		return b.addResource(id.service(), svc)
	}
	return b.addResource(id.service(), &serviceWithSubnetList{Service: svc, Subnets: cloudformation.Ref(param)})
}
