package emitter

import (
	"fmt"

	"github.com/awslabs/goformation/v7/cloudformation"
	"github.com/awslabs/goformation/v7/cloudformation/ecs"

	"github.com/efsfargate/efsfargate/internal/names"
	"github.com/efsfargate/efsfargate/internal/plan"
)

// services adds every service's resources in file order.
func (b *builder) services() error {
	if err := b.namespace(); err != nil {
		return err
	}
	for i := range b.s.Services {
		s := &b.s.Services[i]
		steps := []func(*plan.Service) error{
			b.taskSecurityGroup,
			b.efsIngressRule,
			b.serviceIngressRules,
			b.discoveryService,
			b.logGroup,
			b.taskRole,
			b.executionRole,
			b.taskDefinition,
			b.ecsService,
		}
		for _, step := range steps {
			if err := step(s); err != nil {
				return fmt.Errorf("service %s: %w", s.Name, err)
			}
		}
	}
	return nil
}

// serviceIDs returns the logical IDs of the service named name.
func (b *builder) serviceIDs(name string) names.Service {
	if b.ids == nil {
		b.ids = make(map[string]names.Service, len(b.s.Services))
		for _, s := range b.s.Services {
			b.ids[s.Name] = s.IDs
		}
	}
	return b.ids[name]
}

// ecsService adds <P>Service. It depends on the mount targets (tasks would
// otherwise start before they exist and fail to mount) and on the task role,
// whose inline policy grants the mount.
func (b *builder) ecsService(s *plan.Service) error {
	cluster, err := b.clusterValue()
	if err != nil {
		return err
	}
	dependsOn := make([]string, 0, len(b.s.FileSystem.MountTargets)+1)
	if len(s.Volumes) > 0 {
		for _, mt := range b.s.FileSystem.MountTargets {
			dependsOn = append(dependsOn, mt.LogicalID)
		}
	}
	dependsOn = append(dependsOn, s.IDs.TaskRole())
	d := s.Deployment
	svc := &ecs.Service{
		Cluster:         cloudformation.String(cluster),
		TaskDefinition:  cloudformation.String(cloudformation.Ref(s.IDs.TaskDefinition())),
		DesiredCount:    cloudformation.Int(s.DesiredCount),
		LaunchType:      cloudformation.String("FARGATE"),
		PlatformVersion: cloudformation.String(s.PlatformVersion),
		NetworkConfiguration: &ecs.Service_NetworkConfiguration{
			AwsvpcConfiguration: &ecs.Service_AwsVpcConfiguration{
				AssignPublicIp: cloudformation.String(plan.AssignPublicIP(b.s.Network.AssignPublicIP)),
				SecurityGroups: []string{cloudformation.GetAtt(s.IDs.TaskSecurityGroup(), "GroupId")},
			},
		},
		DeploymentConfiguration: &ecs.Service_DeploymentConfiguration{
			DeploymentCircuitBreaker: &ecs.Service_DeploymentCircuitBreaker{Enable: d.CircuitBreaker, Rollback: d.Rollback},
			MaximumPercent:           cloudformation.Int(d.MaximumPercent),
			MinimumHealthyPercent:    cloudformation.Int(d.MinimumHealthyPercent),
		},
		AWSCloudFormationDependsOn: dependsOn,
	}
	if d := s.Discovery; d != nil {
		svc.ServiceRegistries = []ecs.Service_ServiceRegistry{{RegistryArn: cloudformation.String(cloudformation.GetAtt(d.LogicalID, "Arn"))}}
	}
	list := b.taskSubnetList()
	if list == "" {
		svc.NetworkConfiguration.AwsvpcConfiguration.Subnets = b.literalSubnets()
		return b.addResource(s.IDs.Service(), svc)
	}
	return b.addResource(s.IDs.Service(), &serviceWithSubnetList{Service: svc, Subnets: list})
}
