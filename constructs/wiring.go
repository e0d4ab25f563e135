package efsfargate

import (
	"fmt"
	"strconv"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsecs"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsefs"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/efsfargate/efsfargate/internal/cdkplan"
	"github.com/efsfargate/efsfargate/internal/images"
	"github.com/efsfargate/efsfargate/internal/plan"
)

// EfsWiringProps configures AddEfsVolumes: the EFS half of a service built
// some other way (aws-ecs-patterns, an existing task definition).
type EfsWiringProps struct {
	// TaskDefinition that gets the volumes; its task role gets the EFS
	// grants. Required.
	TaskDefinition awsecs.TaskDefinition
	// Container that gets the mount points. Required.
	Container awsecs.ContainerDefinition
	// Service running TaskDefinition. When given, TCP 2049 on the file
	// system's security groups admits each of its security groups and it
	// waits for the mount targets. Default: none; call
	// EfsWiring.AttachService once the service exists.
	Service awsecs.BaseService
	// FileSystem the volumes live on. Required.
	FileSystem awsefs.IFileSystem
	// Volumes mounted into Container (see EfsVolume). Required.
	Volumes *[]*EfsVolume
	// User the container runs as, "uid:gid", when it is not the image's:
	// a writable volume's new access point then acts as that user.
	// Default: the image's user.
	User *string
	// Name of the service in the NFS rule's description. Default: the
	// container name.
	Name *string
}

// EfsWiring is what AddEfsVolumes added.
type EfsWiring struct {
	scope      constructs.Construct
	fileSystem awsefs.IFileSystem
	name       string
	// AccessPoints by volume name, given or new.
	AccessPoints map[string]awsefs.IAccessPoint
}

// AddEfsVolumes adds EFS volumes to a task definition and container built
// elsewhere: an access point for each volume that names none (as a child
// of scope), the task-definition volumes with transit encryption and IAM
// authorization, the mount points, the task role's grants scoped to those
// access points (ClientWrite only for writable mounts) and, with Service,
// the TCP 2049 rule. NewEfsFargateService wires its volumes with it.
// Invalid props panic with the scope's path.
func AddEfsVolumes(scope constructs.Construct, props *EfsWiringProps) *EfsWiring {
	if err := props.validate(); err != nil {
		panic(fmt.Errorf("%s: %w", *scope.Node().Path(), err))
	}
	name := ""
	if props.Name != nil {
		name = *props.Name
	} else {
		name = *props.Container.ContainerName()
	}
	w := &EfsWiring{scope: scope, fileSystem: props.FileSystem, name: name, AccessPoints: map[string]awsefs.IAccessPoint{}}
	w.addVolumes(props)
	if props.Service != nil {
		w.AttachService(props.Service)
	}
	return w
}

func (p *EfsWiringProps) validate() error {
	if p == nil {
		return fmt.Errorf("TaskDefinition, Container, FileSystem and Volumes are required")
	}
	var errs []error
	for _, f := range []struct {
		name  string
		unset bool
	}{{"TaskDefinition", p.TaskDefinition == nil}, {"Container", p.Container == nil}, {"FileSystem", p.FileSystem == nil}, {"Volumes", p.Volumes == nil || len(*p.Volumes) == 0}} {
		if f.unset {
			errs = append(errs, fmt.Errorf("%s is required", f.name))
		}
	}
	if p.Volumes != nil {
		errs = append(errs, checkVolumes(*p.Volumes, p.FileSystem)...)
	}
	return joinErrors(errs)
}

// AttachService lets the service's tasks reach the file system: TCP 2049
// from each of its security groups, and no task starts before the mount
// targets exist (it would fail to mount).
func (w *EfsWiring) AttachService(service awsecs.BaseService) {
	service.Node().AddDependency(w.fileSystem.MountTargetsAvailable())
	w.allowNFS(*service.Connections().SecurityGroups())
}

// allowNFS opens TCP 2049 on the file system's security groups to the
// tasks' groups only. It is Connections.AllowTo without the egress half:
// task groups usually allow all outbound, and CDK warns about the rule it
// would ignore. remoteRule places the rule in the tasks' stack when the
// file system lives in another one, avoiding a dependency cycle.
func (w *EfsWiring) allowNFS(tasks []awsec2.ISecurityGroup) {
	rule := plan.NFSIngress(w.name)
	for _, group := range *w.fileSystem.Connections().SecurityGroups() {
		for _, peer := range tasks {
			before := childCount(group) + childCount(peer)
			group.AddIngressRule(peer, awsec2.Port_Tcp(jsii.Number(float64(rule.Port))), jsii.String(rule.Description), jsii.Bool(true))
			if childCount(group)+childCount(peer) == before && !*awscdk.Resource_IsOwnedResource(group) {
				// An import with Mutable false drops the rule without a word.
				awscdk.Annotations_Of(w.scope).AddWarningV2(jsii.String("efsfargate:immutableFileSystemSecurityGroup"), jsii.String(fmt.Sprintf(
					"%s: the file system's security group %s was imported with Mutable false, so no TCP %d rule from the tasks was added and mounts will time out (import it mutable, or add the rule where the group is managed)",
					*w.scope.Node().Path(), *group.Node().Path(), rule.Port)))
			}
		}
	}
}

func childCount(c constructs.IConstruct) int { return len(*c.Node().Children()) }

// addVolumes adds the plan's task-definition volumes (a new access point
// for each that names none), the mount points, and the task role's EFS
// statements.
func (w *EfsWiring) addVolumes(props *EfsWiringProps) {
	vols := *props.Volumes
	mounts := make([]plan.Mount, 0, len(vols))
	first := map[string]*EfsVolume{}
	points := make([]*awsecs.MountPoint, 0, len(vols))
	writable := map[string]string{} // volume → its first writable container path
	for _, v := range vols {
		name := *v.Name
		if first[name] == nil {
			first[name] = v
		}
		m := plan.Mount{Volume: name, ReadOnly: v.ReadOnly != nil && *v.ReadOnly, RootAccess: v.RootAccess != nil && *v.RootAccess}
		if _, seen := writable[name]; !seen && !m.ReadOnly {
			writable[name] = *v.ContainerPath
		}
		mounts = append(mounts, m)
		points = append(points, &awsecs.MountPoint{
			SourceVolume:  jsii.String(name),
			ContainerPath: v.ContainerPath,
			ReadOnly:      jsii.Bool(m.ReadOnly),
		})
	}
	image, user := imageName(props.Container), ""
	if props.User != nil {
		user = *props.User
	}
	for _, vol := range plan.EFSVolumes(mounts) {
		v := first[vol.Name]
		ap := v.AccessPoint
		if ap == nil {
			ap = w.newAccessPoint(v, vol.Name, image, user, writable)
		}
		w.AccessPoints[vol.Name] = ap
		props.TaskDefinition.AddVolume(&awsecs.Volume{
			Name: jsii.String(vol.Name),
			EfsVolumeConfiguration: &awsecs.EfsVolumeConfiguration{
				FileSystemId:      w.fileSystem.FileSystemId(),
				TransitEncryption: jsii.String(vol.TransitEncryption),
				AuthorizationConfig: &awsecs.AuthorizationConfig{
					AccessPointId: ap.AccessPointId(),
					Iam:           jsii.String(vol.IAM),
				},
			},
		})
	}
	props.Container.AddMountPoints(points...)
	for _, st := range cdkplan.Statements(plan.TaskRoleStatements(mounts), w.resolve) {
		props.TaskDefinition.AddToTaskRolePolicy(st)
	}
}

// newAccessPoint makes the access point of a volume that names none, with
// the plan's defaults and, for a writable volume, the image's user.
func (w *EfsWiring) newAccessPoint(v *EfsVolume, volume, image, user string, writable map[string]string) awsefs.IAccessPoint {
	o := plan.AccessPointOptions{}
	if v.Path != nil {
		o.Path = *v.Path
	}
	posix := v.PosixUser
	if _, w := writable[volume]; w && posix == nil {
		// Written as the image's (or the container's) user, so an
		// entrypoint that chowns its data directory finds it its own.
		if uid, gid, ok := images.Owner(image, user); ok {
			o.UID, o.GID = &uid, &gid
		}
	}
	defaults := plan.NewAccessPoint(volume, o)
	if posix == nil {
		posix = &awsefs.PosixUser{Uid: jsii.String(defaults.UIDString()), Gid: jsii.String(defaults.GIDString())}
	}
	if path, ok := writable[volume]; ok {
		w.checkOwner(image, user, posix, volume, path)
	}
	return NewVolumeAccessPoint(w.scope, jsii.String(defaults.LogicalID), &VolumeAccessPointProps{
		FileSystem: w.fileSystem,
		Path:       jsii.String(defaults.Path),
		PosixUser:  posix,
		CreateAcl:  v.CreateAcl,
	})
}

// resolve renders plan references with this wiring's resources.
func (w *EfsWiring) resolve(r plan.Ref) *string {
	switch r.Kind {
	case plan.RefFileSystemARN:
		return FileSystemArn(w.fileSystem)
	case plan.RefAccessPointARN:
		return AccessPointArn(w.AccessPoints[r.Name])
	}
	return cdkplan.BaseRef(r)
}

// checkOwner refuses an access point user that a known image's entrypoint
// cannot chown its data directory to (an error annotation: synth fails
// with it, as aws-cdk-lib reports what it finds once the tree is built),
// and warns when the image only writes files another user will own.
func (w *EfsWiring) checkOwner(image, user string, posix *awsefs.PosixUser, volume, path string) {
	uid, err1 := strconv.Atoi(*posix.Uid)
	gid, err2 := strconv.Atoi(*posix.Gid)
	if err1 != nil || err2 != nil {
		return // a token: not known here
	}
	err, fatal := images.CheckOwner(image, user, uid, gid, volume, path)
	switch {
	case err == nil:
	case fatal:
		awscdk.Annotations_Of(w.scope).AddError(jsii.String(err.Error()))
	default:
		awscdk.Annotations_Of(w.scope).AddWarningV2(jsii.String("efsfargate:accessPointUser"), jsii.String(err.Error()))
	}
}
