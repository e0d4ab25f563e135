package doctor

import "strings"

// TaskDef is an ECS task definition from a template resource or a JSON file,
// read through one case-insensitive view of both spellings.
type TaskDef struct {
	Src  *Source
	T    *Template // nil for a JSON task definition
	Res  *Resource // nil for a JSON task definition
	Name string    // logical ID, or the family of a JSON task definition
	N    N         // the properties
	R    resolver

	Volumes    []*Volume
	Containers []*Container
	Services   []*Service
}

// Volume is one task volume.
type Volume struct {
	TD   *TaskDef
	N    N
	Name string
	EFS  N // the EFS volume configuration, absent for other volumes

	FileSystemID  Val
	RootDirectory Val
	Transit       Val
	IAM           Val
	AccessPointID Val
}

// Container is one container definition.
type Container struct {
	N      N
	Name   string
	Image  Val
	User   Val
	Mounts []*MountPoint
}

// MountPoint is one container mount point.
type MountPoint struct {
	C        *Container
	N        N
	Source   string
	Path     string
	ReadOnly bool
}

// Service is whatever starts tasks with a network configuration: an ECS
// service or task set, an EventBridge rule or Scheduler schedule ECS target
// in a template, or a --service file (a run-task input works too).
type Service struct {
	Src  *Source
	T    *Template // nil for a --service file
	Res  *Resource
	Name string
	N    N
	R    resolver

	TaskDefinition  Val
	LaunchType      string
	PlatformVersion N
	Subnets         N
	SecurityGroups  N
	TD              *TaskDef
}

func newTaskDef(src *Source, t *Template, res *Resource, name string, props N) *TaskDef {
	td := &TaskDef{Src: src, T: t, Res: res, Name: name, N: props, R: resolver{t}}
	for _, vn := range props.Get("Volumes").Items() {
		v := &Volume{TD: td, N: vn, Name: td.R.eval(vn.Get("Name")).Lit}
		if efs := vn.Get("EFSVolumeConfiguration"); efs.OK() {
			v.EFS = efs
			v.FileSystemID = td.R.eval(efs.Get("FilesystemId"))
			v.RootDirectory = td.R.eval(efs.Get("RootDirectory"))
			v.Transit = td.R.eval(efs.Get("TransitEncryption"))
			v.IAM = td.R.eval(efs.At("AuthorizationConfig", "IAM"))
			v.AccessPointID = td.R.eval(efs.At("AuthorizationConfig", "AccessPointId"))
			// The API's JSON often carries "" for an unset value.
			for _, f := range []*Val{&v.RootDirectory, &v.Transit, &v.IAM, &v.AccessPointID} {
				if f.LitOK && f.Lit == "" {
					f.Absent = true
				}
			}
		}
		td.Volumes = append(td.Volumes, v)
	}
	for _, cn := range props.Get("ContainerDefinitions").Items() {
		c := &Container{N: cn, Name: td.R.eval(cn.Get("Name")).Lit, Image: td.R.eval(cn.Get("Image")), User: td.R.eval(cn.Get("User"))}
		for _, mn := range cn.Get("MountPoints").Items() {
			ro := td.R.eval(mn.Get("ReadOnly"))
			c.Mounts = append(c.Mounts, &MountPoint{C: c, N: mn,
				Source:   td.R.eval(mn.Get("SourceVolume")).Lit,
				Path:     td.R.eval(mn.Get("ContainerPath")).Lit,
				ReadOnly: ro.LitOK && strings.EqualFold(ro.Lit, "true"),
			})
		}
		td.Containers = append(td.Containers, c)
	}
	return td
}

// efsVolumes returns the task's EFS volumes.
func (td *TaskDef) efsVolumes() []*Volume {
	var out []*Volume
	for _, v := range td.Volumes {
		if v.EFS.OK() {
			out = append(out, v)
		}
	}
	return out
}

// mountsOf returns the mount points that use volume name.
func (td *TaskDef) mountsOf(name string) []*MountPoint {
	var out []*MountPoint
	for _, c := range td.Containers {
		for _, m := range c.Mounts {
			if m.Source == name {
				out = append(out, m)
			}
		}
	}
	return out
}

// fargate reports whether the task definition asks for Fargate.
func (td *TaskDef) fargate() bool {
	for _, it := range td.N.Get("RequiresCompatibilities").Items() {
		if strings.EqualFold(td.R.eval(it).Lit, "FARGATE") {
			return true
		}
	}
	for _, s := range td.Services {
		if s.fargate() {
			return true
		}
	}
	return false
}

// family is the task definition family when known.
func (td *TaskDef) family() string { return td.R.eval(td.N.Get("Family")).Lit }

func newService(src *Source, t *Template, res *Resource, name string, props N) *Service {
	s := &Service{Src: src, T: t, Res: res, Name: name, N: props, R: resolver{t}}
	td := props.Get("TaskDefinition")
	if !td.OK() {
		td = props.Get("TaskDefinitionArn") // EventBridge and Scheduler ECS targets
	}
	s.TaskDefinition = s.R.eval(td)
	s.LaunchType = strings.ToUpper(s.R.eval(props.Get("LaunchType")).Lit)
	s.PlatformVersion = props.Get("PlatformVersion")
	vpc := props.At("NetworkConfiguration", "AwsvpcConfiguration")
	if !vpc.OK() {
		// A bare network configuration, or the awsvpcConfiguration itself.
		vpc = props.Get("AwsvpcConfiguration")
		if !vpc.OK() && props.Get("Subnets").OK() {
			vpc = props
		}
	}
	s.Subnets = vpc.Get("Subnets")
	s.SecurityGroups = vpc.Get("SecurityGroups")
	return s
}

// fargate reports whether the service runs on Fargate: launch type FARGATE
// or a FARGATE/FARGATE_SPOT capacity provider.
func (s *Service) fargate() bool {
	if s.LaunchType == "FARGATE" {
		return true
	}
	for _, it := range s.N.Get("CapacityProviderStrategy").Items() {
		if strings.HasPrefix(strings.ToUpper(s.R.eval(it.Get("CapacityProvider")).Lit), "FARGATE") {
			return true
		}
	}
	return false
}
