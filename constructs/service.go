package efsfargate

import (
	"fmt"
	"sort"
	"strconv"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsecs"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsefs"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/efsfargate/efsfargate/internal/cdkplan"
	"github.com/efsfargate/efsfargate/internal/images"
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
	// SecurityGroup of the tasks.
	SecurityGroup() awsec2.ISecurityGroup
	// TaskRole holds the EFS client permissions.
	TaskRole() awsiam.IRole
	// ExecutionRole lets ECS write the container's logs.
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

	sgDescription := props.SecurityGroupDescription
	if sgDescription == nil {
		sgDescription = jsii.String(plan.TaskSecurityGroupDescription(name, ""))
	}
	s.securityGroup = awsec2.NewSecurityGroup(this, jsii.String("TaskSecurityGroup"), &awsec2.SecurityGroupProps{
		Vpc:              vpc,
		Description:      sgDescription,
		AllowAllOutbound: jsii.Bool(true),
	})

	retention := props.LogRetention
	if retention == "" {
		retention = awslogs.RetentionDays_ONE_MONTH
	}
	logGroup := awslogs.NewLogGroup(this, jsii.String("LogGroup"), &awslogs.LogGroupProps{Retention: retention})
	s.logGroup = logGroup

	s.taskDef = awsecs.NewFargateTaskDefinition(this, jsii.String("TaskDefinition"), &awsecs.FargateTaskDefinitionProps{
		Family:         props.Family,
		Cpu:            jsii.Number(num(props.Cpu, defaultCPU)),
		MemoryLimitMiB: jsii.Number(num(props.MemoryLimitMiB, defaultMemory)),
	})
	s.addContainer(name, props, logGroup)
	s.addVolumes(props)

	platform := props.PlatformVersion
	if platform == "" {
		platform = awsecs.FargatePlatformVersion_LATEST
	}
	desired := props.DesiredCount
	if desired == nil {
		desired = jsii.Number(1)
	}
	d := plan.DeploymentFor(plan.DefaultStrategy(imageName(s.container), s.writable(props)))
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
	s.service = awsecs.NewFargateService(this, jsii.String("Service"), &awsecs.FargateServiceProps{
		Cluster:           props.Cluster,
		TaskDefinition:    s.taskDef,
		DesiredCount:      desired,
		PlatformVersion:   platform,
		VpcSubnets:        subnets,
		AssignPublicIp:    jsii.Bool(props.AssignPublicIp != nil && *props.AssignPublicIp),
		SecurityGroups:    &[]awsec2.ISecurityGroup{s.securityGroup},
		CircuitBreaker:    breaker,
		MinHealthyPercent: minHealthy,
		MaxHealthyPercent: maxHealthy,
		CloudMapOptions:   props.CloudMapOptions,
	})
	if hasVolumes {
		// Tasks started before the mount targets exist fail to mount.
		s.service.Node().AddDependency(s.fileSystem.MountTargetsAvailable())
		s.allowNFS(name)
	}
	return s
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

// writable reports whether any volume is mounted read-write.
func (s *efsFargateService) writable(props *EfsFargateServiceProps) bool {
	if props.Volumes == nil {
		return false
	}
	for _, v := range *props.Volumes {
		if v.ReadOnly == nil || !*v.ReadOnly {
			return true
		}
	}
	return false
}

// allowNFS opens TCP 2049 on the file system's security groups to this
// service's tasks only. It is Connections.AllowTo without the egress half:
// the tasks' group already allows all outbound, and CDK warns about the
// rule it would ignore. remoteRule places the rule in the tasks' stack when
// the file system lives in another one, avoiding a dependency cycle.
func (s *efsFargateService) allowNFS(name string) {
	rule := plan.NFSIngress(name)
	for _, group := range *s.fileSystem.Connections().SecurityGroups() {
		group.AddIngressRule(s.securityGroup, awsec2.Port_Tcp(jsii.Number(float64(rule.Port))), jsii.String(rule.Description), jsii.Bool(true))
	}
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
	if props.Environment != nil {
		// A Go map has no order; adding one by one in name order keeps the
		// template deterministic.
		env := *props.Environment
		names := make([]string, 0, len(env))
		for k := range env {
			names = append(names, k)
		}
		sort.Strings(names)
		for _, k := range names {
			s.container.AddEnvironment(jsii.String(k), env[k])
		}
	}
	if props.Secrets != nil {
		secrets := *props.Secrets
		names := make([]string, 0, len(secrets))
		for k := range secrets {
			names = append(names, k)
		}
		sort.Strings(names)
		for _, k := range names {
			s.container.AddSecret(jsii.String(k), secrets[k])
		}
	}
}

// addVolumes adds the plan's task-definition volumes (a new access point
// for each that names none), the mount points, and the task role's EFS
// statements.
func (s *efsFargateService) addVolumes(props *EfsFargateServiceProps) {
	// Task-local scratch volumes come after the EFS ones, in both forms.
	defer s.addScratch(props)
	if props.Volumes == nil {
		return
	}
	mounts := make([]plan.Mount, 0, len(*props.Volumes))
	first := map[string]*EfsVolume{}
	points := make([]*awsecs.MountPoint, 0, len(*props.Volumes))
	for _, v := range *props.Volumes {
		name := *v.Name
		if first[name] == nil {
			first[name] = v
		}
		m := plan.Mount{Volume: name, ReadOnly: v.ReadOnly != nil && *v.ReadOnly, RootAccess: v.RootAccess != nil && *v.RootAccess}
		mounts = append(mounts, m)
		points = append(points, &awsecs.MountPoint{
			SourceVolume:  jsii.String(name),
			ContainerPath: v.ContainerPath,
			ReadOnly:      jsii.Bool(m.ReadOnly),
		})
	}
	writable := map[string]string{} // volume → a writable container path
	for _, v := range *props.Volumes {
		if _, seen := writable[*v.Name]; !seen && (v.ReadOnly == nil || !*v.ReadOnly) {
			writable[*v.Name] = *v.ContainerPath
		}
	}
	image, user := imageName(s.container), ""
	if props.User != nil {
		user = *props.User
	}
	for _, vol := range plan.EFSVolumes(mounts) {
		v := first[vol.Name]
		ap := v.AccessPoint
		if ap == nil {
			o := plan.AccessPointOptions{}
			if v.Path != nil {
				o.Path = *v.Path
			}
			posix := v.PosixUser
			if _, w := writable[vol.Name]; w && posix == nil {
				// Written as the image's (or the container's) user, so an
				// entrypoint that chowns its data directory finds it its own.
				if uid, gid, ok := images.Owner(image, user); ok {
					o.UID, o.GID = &uid, &gid
				}
			}
			defaults := plan.NewAccessPoint(vol.Name, o)
			if posix == nil {
				posix = &awsefs.PosixUser{Uid: jsii.String(defaults.UIDString()), Gid: jsii.String(defaults.GIDString())}
			}
			if path, w := writable[vol.Name]; w {
				s.checkOwner(image, user, posix, vol.Name, path)
			}
			ap = NewVolumeAccessPoint(s, jsii.String(defaults.LogicalID), &VolumeAccessPointProps{
				FileSystem: s.fileSystem,
				Path:       jsii.String(defaults.Path),
				PosixUser:  posix,
				CreateAcl:  v.CreateAcl,
			})
		}
		s.accessPoints[vol.Name] = ap
		s.taskDef.AddVolume(&awsecs.Volume{
			Name: jsii.String(vol.Name),
			EfsVolumeConfiguration: &awsecs.EfsVolumeConfiguration{
				FileSystemId:      s.fileSystem.FileSystemId(),
				TransitEncryption: jsii.String(vol.TransitEncryption),
				AuthorizationConfig: &awsecs.AuthorizationConfig{
					AccessPointId: ap.AccessPointId(),
					Iam:           jsii.String(vol.IAM),
				},
			},
		})
	}
	s.container.AddMountPoints(points...)
	for _, st := range cdkplan.Statements(plan.TaskRoleStatements(mounts), s.resolve) {
		s.taskDef.AddToTaskRolePolicy(st)
	}
}

// resolve renders plan references with this service's resources.
func (s *efsFargateService) resolve(r plan.Ref) *string {
	switch r.Kind {
	case plan.RefFileSystemARN:
		return FileSystemArn(s.fileSystem)
	case plan.RefAccessPointARN:
		return AccessPointArn(s.accessPoints[r.Name])
	case plan.RefLogGroupARN:
		return s.logGroup.LogGroupArn()
	}
	return cdkplan.BaseRef(r)
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

// checkOwner refuses an access point user that a known image's entrypoint
// cannot chown its data directory to (an error annotation: synth fails
// with it, as aws-cdk-lib reports what it finds once the tree is built),
// and warns when the image only writes files another user will own.
func (s *efsFargateService) checkOwner(image, user string, posix *awsefs.PosixUser, volume, path string) {
	uid, err1 := strconv.Atoi(*posix.Uid)
	gid, err2 := strconv.Atoi(*posix.Gid)
	if err1 != nil || err2 != nil {
		return // a token: not known here
	}
	err, fatal := images.CheckOwner(image, user, uid, gid, volume, path)
	switch {
	case err == nil:
	case fatal:
		awscdk.Annotations_Of(s).AddError(jsii.String(err.Error()))
	default:
		awscdk.Annotations_Of(s).AddWarningV2(jsii.String("efsfargate:accessPointUser"), jsii.String(err.Error()))
	}
}
