package emitter

import (
	"fmt"
	"strconv"

	"github.com/awslabs/goformation/v7/cloudformation"
	"github.com/awslabs/goformation/v7/cloudformation/ecs"

	"github.com/efsfargate/efsfargate/internal/plan"
	"github.com/efsfargate/efsfargate/internal/spec"
)

// taskDefinition adds <P>TaskDefinition: one Fargate container with the
// service's EFS volumes mounted through their access points.
func (b *builder) taskDefinition(s *plan.Service) error {
	volumes, err := b.taskVolumes(s)
	if err != nil {
		return err
	}
	container, err := b.container(s)
	if err != nil {
		return err
	}
	return b.addResource(s.IDs.TaskDefinition(), &ecs.TaskDefinition{
		Family:                  cloudformation.String(s.Family),
		Cpu:                     cloudformation.String(strconv.Itoa(s.CPU)),
		Memory:                  cloudformation.String(strconv.Itoa(s.Memory)),
		NetworkMode:             cloudformation.String("awsvpc"),
		RequiresCompatibilities: []string{"FARGATE"},
		ExecutionRoleArn:        cloudformation.String(cloudformation.GetAtt(s.IDs.ExecutionRole(), "Arn")),
		TaskRoleArn:             cloudformation.String(cloudformation.GetAtt(s.IDs.TaskRole(), "Arn")),
		Volumes:                 volumes,
		ContainerDefinitions:    []ecs.TaskDefinition_ContainerDefinition{container},
	})
}

// taskVolumes renders the plan's volumes. RootDirectory stays unset
// because the access point sets the directory.
func (b *builder) taskVolumes(s *plan.Service) ([]ecs.TaskDefinition_Volume, error) {
	fsID, err := b.fileSystemIDValue()
	if err != nil {
		return nil, err
	}
	out := make([]ecs.TaskDefinition_Volume, 0, len(s.Volumes)+len(s.Scratch))
	for _, v := range s.Volumes {
		ap, err := b.accessPoint(v.Name)
		if err != nil {
			return nil, err
		}
		out = append(out, ecs.TaskDefinition_Volume{
			Name: cloudformation.String(v.Name),
			EFSVolumeConfiguration: &ecs.TaskDefinition_EFSVolumeConfiguration{
				FilesystemId:      fsID,
				TransitEncryption: cloudformation.String(v.TransitEncryption),
				AuthorizationConfig: &ecs.TaskDefinition_AuthorizationConfig{
					AccessPointId: cloudformation.String(accessPointIDValue(ap)),
					IAM:           cloudformation.String(v.IAM),
				},
			},
		})
	}
	for _, v := range s.Scratch {
		// No configuration: task storage, gone when the task stops.
		out = append(out, ecs.TaskDefinition_Volume{Name: cloudformation.String(v.Name)})
	}
	return out, nil
}

func (b *builder) container(s *plan.Service) (ecs.TaskDefinition_ContainerDefinition, error) {
	if s.Image == "" {
		return ecs.TaskDefinition_ContainerDefinition{}, fmt.Errorf("no image")
	}
	c := ecs.TaskDefinition_ContainerDefinition{
		Name:      s.ContainerName,
		Image:     s.Image,
		Essential: cloudformation.Bool(true),
		Command:   s.Command,
		LogConfiguration: &ecs.TaskDefinition_LogConfiguration{
			LogDriver: "awslogs",
			Options: map[string]string{
				"awslogs-group":         cloudformation.Ref(s.IDs.LogGroup()),
				"awslogs-region":        cloudformation.Ref("AWS::Region"),
				"awslogs-stream-prefix": s.LogStreamPrefix,
			},
		},
		HealthCheck: healthCheck(s.HealthCheck),
	}
	if s.Port > 0 {
		c.PortMappings = []ecs.TaskDefinition_PortMapping{{
			ContainerPort: cloudformation.Int(s.Port),
			Protocol:      cloudformation.String("tcp"),
		}}
	}
	for _, m := range s.MountPoints {
		c.MountPoints = append(c.MountPoints, ecs.TaskDefinition_MountPoint{
			SourceVolume:  cloudformation.String(m.Volume),
			ContainerPath: cloudformation.String(m.Path),
			ReadOnly:      cloudformation.Bool(m.ReadOnly),
		})
	}
	for _, v := range s.Scratch {
		c.MountPoints = append(c.MountPoints, ecs.TaskDefinition_MountPoint{
			SourceVolume:  cloudformation.String(v.Name),
			ContainerPath: cloudformation.String(v.Path),
			ReadOnly:      cloudformation.Bool(false),
		})
	}
	if s.User != "" {
		c.User = cloudformation.String(s.User)
	}
	if s.ReadOnlyRootFilesystem {
		c.ReadonlyRootFilesystem = cloudformation.Bool(true)
	}
	for _, sec := range s.Secrets {
		c.Secrets = append(c.Secrets, ecs.TaskDefinition_Secret{Name: sec.Name, ValueFrom: sec.ValueFrom})
	}
	for _, e := range s.Environment {
		c.Environment = append(c.Environment, ecs.TaskDefinition_KeyValuePair{
			Name:  cloudformation.String(e.Name),
			Value: cloudformation.String(e.Value),
		})
	}
	return c, nil
}

// healthCheck leaves zero values out so ECS applies its defaults.
func healthCheck(h *spec.HealthCheck) *ecs.TaskDefinition_HealthCheck {
	if h == nil {
		return nil
	}
	out := &ecs.TaskDefinition_HealthCheck{Command: h.Command}
	for _, f := range []struct {
		v   int
		dst **int
	}{
		{h.Interval, &out.Interval},
		{h.Timeout, &out.Timeout},
		{h.Retries, &out.Retries},
		{h.StartPeriod, &out.StartPeriod},
	} {
		if f.v != 0 {
			*f.dst = cloudformation.Int(f.v)
		}
	}
	return out
}
