package efsfargate

import (
	"fmt"
	"maps"
	"slices"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsecs"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsefs"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/efsfargate/efsfargate/internal/plan"
)

// EfsFargateService is a Fargate service whose container mounts EFS volumes.
type EfsFargateService interface {
	constructs.Construct
	// Service is the Fargate service.
	Service() awsecs.FargateService
	// TaskDefinition of the service.
	TaskDefinition() awsecs.FargateTaskDefinition
	// Container is the service's one container.
	Container() awsecs.ContainerDefinition
	// FileSystem the volumes live on (new, shared or imported).
	FileSystem() awsefs.IFileSystem
	// AccessPoints by volume name.
	AccessPoints() map[string]awsefs.IAccessPoint
	// SecurityGroup of the tasks: the new one, or the first of SecurityGroups.
	SecurityGroup() awsec2.ISecurityGroup
	// TaskRole holds the EFS client permissions (the given TaskRole or a new one).
	TaskRole() awsiam.IRole
	// ExecutionRole lets ECS write the container's logs and read its secrets.
	ExecutionRole() awsiam.IRole
	// LogGroup of the container.
	LogGroup() awslogs.ILogGroup
	// Connections of the tasks' security group, as on aws-ecs-patterns
	// services: svc.Connections().AllowFrom(other, port, description).
	Connections() awsec2.Connections
}

type efsFargateService struct {
	constructs.Construct
	service       awsecs.FargateService
	taskDef       awsecs.FargateTaskDefinition
	container     awsecs.ContainerDefinition
	fileSystem    awsefs.IFileSystem
	accessPoints  map[string]awsefs.IAccessPoint
	securityGroup awsec2.ISecurityGroup
	logGroup      awslogs.ILogGroup
}

func (s *efsFargateService) Service() awsecs.FargateService               { return s.service }
func (s *efsFargateService) TaskDefinition() awsecs.FargateTaskDefinition { return s.taskDef }
func (s *efsFargateService) Container() awsecs.ContainerDefinition        { return s.container }
func (s *efsFargateService) FileSystem() awsefs.IFileSystem               { return s.fileSystem }
func (s *efsFargateService) SecurityGroup() awsec2.ISecurityGroup         { return s.securityGroup }
func (s *efsFargateService) TaskRole() awsiam.IRole                       { return s.taskDef.TaskRole() }
func (s *efsFargateService) ExecutionRole() awsiam.IRole                  { return s.taskDef.ExecutionRole() }
func (s *efsFargateService) LogGroup() awslogs.ILogGroup                  { return s.logGroup }
func (s *efsFargateService) Connections() awsec2.Connections              { return s.service.Connections() }

func (s *efsFargateService) AccessPoints() map[string]awsefs.IAccessPoint {
	out := make(map[string]awsefs.IAccessPoint, len(s.accessPoints))
	for k, v := range s.accessPoints {
		out[k] = v
	}
	return out
}

// NewEfsFargateService builds the service, its task definition, roles, log
// group and security group, the access points it needs and, unless
// props.FileSystem is given, its file system. Invalid props panic.
func NewEfsFargateService(scope constructs.Construct, id *string, props *EfsFargateServiceProps) EfsFargateService {
	if props == nil {
		props = &EfsFargateServiceProps{}
	}
	if err := props.validate(); err != nil {
		panic(fmt.Errorf("%s: %w", childPath(scope, id), err))
	}
	// A jsii subclass of Construct, so CDK takes it wherever it takes a
	// construct (Tags.of, Aspects.of, a scope, a dependency).
	s := &efsFargateService{accessPoints: map[string]awsefs.IAccessPoint{}}
	constructs.NewConstruct_Override(s, scope, id)
	var this constructs.Construct = s

	name := *id
	if props.Name != nil {
		name = *props.Name
	}
	vpc := props.Vpc
	if vpc == nil {
		vpc = props.Cluster.Vpc()
	}
	subnets := props.TaskSubnets
	if subnets == nil {
		subnets = &awsec2.SubnetSelection{}
		if props.AssignPublicIp != nil && *props.AssignPublicIp {
			subnets.SubnetType = awsec2.SubnetType_PUBLIC
		}
	}

	s.fileSystem = props.FileSystem
	hasVolumes := props.Volumes != nil && len(*props.Volumes) > 0
	if s.fileSystem == nil && hasVolumes {
		fp := SharedFileSystemProps{}
		if props.FileSystemProps != nil {
			fp = *props.FileSystemProps
		}
		if fp.Vpc == nil {
			fp.Vpc = vpc
		}
		if fp.VpcSubnets == nil {
			// One mount target per AZ the tasks can run in.
			perAz := *subnets
			perAz.OnePerAz = jsii.Bool(true)
			fp.VpcSubnets = &perAz
		}
		s.fileSystem = NewSharedFileSystem(this, jsii.String("FileSystem"), &fp)
	}

	if groups := props.SecurityGroups; groups != nil {
		s.securityGroup = (*groups)[0]
	} else {
		sgDescription := props.SecurityGroupDescription
		if sgDescription == nil {
			sgDescription = jsii.String(plan.TaskSecurityGroupDescription(name, ""))
		}
		s.securityGroup = awsec2.NewSecurityGroup(this, jsii.String("TaskSecurityGroup"), &awsec2.SecurityGroupProps{
			Vpc:              vpc,
			Description:      sgDescription,
			AllowAllOutbound: jsii.Bool(true),
		})
	}

	retention := props.LogRetention
	if retention == "" {
		retention = awslogs.RetentionDays_ONE_MONTH
	}
	logGroup := awslogs.NewLogGroup(this, jsii.String("LogGroup"), &awslogs.LogGroupProps{Retention: retention})
	s.logGroup = logGroup

	s.taskDef = awsecs.NewFargateTaskDefinition(this, jsii.String("TaskDefinition"), &awsecs.FargateTaskDefinitionProps{
		Family:          props.Family,
		Cpu:             jsii.Number(num(props.Cpu, defaultCPU)),
		MemoryLimitMiB:  jsii.Number(num(props.MemoryLimitMiB, defaultMemory)),
		TaskRole:        props.TaskRole,
		ExecutionRole:   props.ExecutionRole,
		RuntimePlatform: props.RuntimePlatform,
	})
	s.addContainer(name, props, logGroup)
	var wiring *EfsWiring
	if hasVolumes {
		wiring = AddEfsVolumes(this, &EfsWiringProps{
			TaskDefinition: s.taskDef,
			Container:      s.container,
			FileSystem:     s.fileSystem,
			Volumes:        props.Volumes,
			User:           props.User,
			Name:           jsii.String(name),
		})
		s.accessPoints = wiring.AccessPoints
	}
	// Task-local scratch volumes come after the EFS ones, in both forms.
	s.addScratch(props)

	platform := props.PlatformVersion
	if platform == "" {
		platform = awsecs.FargatePlatformVersion_LATEST
	}
	desired := props.DesiredCount
	if desired == nil {
		desired = jsii.Number(1)
	}
	d := plan.DeploymentFor(plan.DefaultStrategy(imageName(s.container), writable(props.Volumes)))
	breaker := props.CircuitBreaker
	if breaker == nil {
		breaker = &awsecs.DeploymentCircuitBreaker{Enable: jsii.Bool(d.CircuitBreaker), Rollback: jsii.Bool(d.Rollback)}
	}
	minHealthy, maxHealthy := props.MinHealthyPercent, props.MaxHealthyPercent
	if minHealthy == nil {
		minHealthy = jsii.Number(float64(d.MinimumHealthyPercent))
	}
	if maxHealthy == nil {
		maxHealthy = jsii.Number(float64(d.MaximumPercent))
	}
	groups := &[]awsec2.ISecurityGroup{s.securityGroup}
	if props.SecurityGroups != nil {
		groups = props.SecurityGroups
	}
	s.service = awsecs.NewFargateService(this, jsii.String("Service"), &awsecs.FargateServiceProps{
		Cluster:                    props.Cluster,
		TaskDefinition:             s.taskDef,
		DesiredCount:               desired,
		PlatformVersion:            platform,
		VpcSubnets:                 subnets,
		AssignPublicIp:             jsii.Bool(props.AssignPublicIp != nil && *props.AssignPublicIp),
		SecurityGroups:             groups,
		CircuitBreaker:             breaker,
		MinHealthyPercent:          minHealthy,
		MaxHealthyPercent:          maxHealthy,
		CloudMapOptions:            props.CloudMapOptions,
		ServiceName:                props.ServiceName,
		EnableExecuteCommand:       props.EnableExecuteCommand,
		PropagateTags:              props.PropagateTags,
		CapacityProviderStrategies: props.CapacityProviderStrategies,
	})
	if wiring != nil {
		wiring.AttachService(s.service)
	}
	return s
}

// writable reports whether any volume is mounted read-write.
func writable(vols *[]*EfsVolume) bool {
	if vols == nil {
		return false
	}
	for _, v := range *vols {
		if v.ReadOnly == nil || !*v.ReadOnly {
			return true
		}
	}
	return false
}

// imageName is the container's image as written, "" when it is a token
// (an image CDK builds or an ECR repository of this app).
func imageName(c awsecs.ContainerDefinition) string {
	name := c.ImageName()
	if name == nil || *awscdk.Token_IsUnresolved(name) {
		return ""
	}
	return *name
}

func (s *efsFargateService) addContainer(name string, props *EfsFargateServiceProps, logGroup awslogs.ILogGroup) {
	containerName := name
	if props.ContainerName != nil {
		containerName = *props.ContainerName
	}
	opts := &awsecs.ContainerDefinitionOptions{
		Image:         props.Image,
		ContainerName: jsii.String(containerName),
		Essential:     jsii.Bool(true),
		Command:       props.Command,
		HealthCheck:   props.HealthCheck,
		User:          props.User,
		Logging: awsecs.LogDriver_AwsLogs(&awsecs.AwsLogDriverProps{
			LogGroup:     logGroup,
			StreamPrefix: jsii.String(name),
		}),
	}
	if props.ReadonlyRootFilesystem != nil && *props.ReadonlyRootFilesystem {
		opts.ReadonlyRootFilesystem = jsii.Bool(true)
	}
	if props.ContainerPort != nil {
		opts.PortMappings = &[]*awsecs.PortMapping{{ContainerPort: props.ContainerPort, Protocol: awsecs.Protocol_TCP}}
	}
	s.container = s.taskDef.AddContainer(jsii.String(containerName), opts)
	// A Go map has no order; adding one by one in name order keeps the
	// template deterministic.
	if props.Environment != nil {
		for _, k := range slices.Sorted(maps.Keys(*props.Environment)) {
			s.container.AddEnvironment(jsii.String(k), (*props.Environment)[k])
		}
	}
	if props.Secrets != nil {
		for _, k := range slices.Sorted(maps.Keys(*props.Secrets)) {
			s.container.AddSecret(jsii.String(k), (*props.Secrets)[k])
		}
	}
}

// addScratch adds the task-local writable volumes.
func (s *efsFargateService) addScratch(props *EfsFargateServiceProps) {
	if props.ScratchPaths == nil {
		return
	}
	paths := make([]string, len(*props.ScratchPaths))
	for i, p := range *props.ScratchPaths {
		paths[i] = *p
	}
	for _, v := range plan.ScratchVolumes(paths) {
		s.taskDef.AddVolume(&awsecs.Volume{Name: jsii.String(v.Name)})
		s.container.AddMountPoints(&awsecs.MountPoint{SourceVolume: jsii.String(v.Name), ContainerPath: jsii.String(v.Path), ReadOnly: jsii.Bool(false)})
	}
}
