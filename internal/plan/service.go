package plan

import (
	"fmt"

	"github.com/efsfargate/efsfargate/internal/names"
	"github.com/efsfargate/efsfargate/internal/spec"
)

// NFSPort is where EFS mount targets listen.
const NFSPort = 2049

// EFS volume settings every mount gets: IAM authorization with the task
// role, which ECS allows only over TLS.
const (
	TransitEncryption = "ENABLED"
	IAMAuthorization  = "ENABLED"
)

// Service is one Fargate service and everything it owns.
type Service struct {
	Name string
	IDs  names.Service
	// ConstructID is the CDK construct id: the logical-ID prefix, or the
	// name in CamelCase when the prefix is empty (the reference stack).
	ConstructID string

	Family        string
	CPU, Memory   int
	ContainerName string
	Image         string
	Port          int
	Environment   []spec.EnvVar
	Command       []string
	HealthCheck   *spec.HealthCheck
	// LogStreamPrefix of the awslogs driver.
	LogStreamPrefix  string
	LogRetentionDays int

	// Volumes are the task definition's volumes, one per distinct volume
	// in mount order; MountPoints every mount.
	Volumes     []Volume
	MountPoints []MountPoint

	TaskRole []Statement
	// ExecutionRole is what ECS needs to start the task, by purpose.
	ExecutionRole []Policy
	// ImageRepository is the private ECR repository the execution role may
	// pull from, nil for other registries.
	ImageRepository *spec.ECRRepository

	SecurityGroupDescription string
	// NFS is the ingress rule on the file system's group from this
	// service's tasks.
	NFS Ingress

	DesiredCount    int
	PlatformVersion string
	Deployment      Deployment
}

// Volume is a task-definition EFS volume mounted through an access point.
type Volume struct {
	Name              string // also the access point's volume
	TransitEncryption string
	IAM               string
}

// MountPoint mounts Volume at Path.
type MountPoint struct {
	Volume     string
	Path       string
	ReadOnly   bool
	RootAccess bool
}

// Ingress admits TCP Port from a service's task security group.
type Ingress struct {
	Port        int
	Description string
}

// Deployment is how ECS replaces tasks.
type Deployment struct {
	MinimumHealthyPercent int
	MaximumPercent        int
	CircuitBreaker        bool
	Rollback              bool
}

// DeploymentFor decides how a service's tasks are replaced: start the new
// task before stopping the old one, never dropping below the desired count,
// and roll back a deployment whose tasks keep failing.
func DeploymentFor() Deployment {
	return Deployment{MinimumHealthyPercent: 100, MaximumPercent: 200, CircuitBreaker: true, Rollback: true}
}

// NFSIngress is the TCP 2049 rule a service's tasks need on the file
// system's security group.
func NFSIngress(service string) Ingress {
	return Ingress{Port: NFSPort, Description: fmt.Sprintf("NFS from %s tasks", service)}
}

// TaskSecurityGroupDescription describes a service's task group; where
// may be empty (the construct without a spec) or "<app> <stage>".
func TaskSecurityGroupDescription(service, where string) string {
	if where == "" {
		return "Fargate tasks of service " + service
	}
	return "Fargate tasks of service " + service + " in " + where
}

// EFSVolumes declares each mounted volume once, in mount order.
func EFSVolumes(mounts []Mount) []Volume {
	var out []Volume
	seen := map[string]bool{}
	for _, m := range mounts {
		if seen[m.Volume] {
			continue
		}
		seen[m.Volume] = true
		out = append(out, Volume{Name: m.Volume, TransitEncryption: TransitEncryption, IAM: IAMAuthorization})
	}
	return out
}

// Policy is a named group of statements: the raw form writes each as an
// inline policy of that name, the CDK form merges them into the role's
// default policy.
type Policy struct {
	Name       string
	Statements []Statement
}

// PolicyWriteLogs names the execution role's log statements; CDK's awslogs
// driver grants exactly these by itself.
const PolicyWriteLogs = "write-logs"

// ExecutionRolePolicies are what ECS needs to start the task: write its
// logs and, for a private ECR image, pull it.
func ExecutionRolePolicies(repo *spec.ECRRepository) []Policy {
	out := []Policy{{Name: PolicyWriteLogs, Statements: LogStatements()}}
	if repo != nil {
		out = append(out, Policy{Name: "pull-image", Statements: ImagePullStatements(repo.ArnSub())})
	}
	return out
}

func service(p *spec.Project, s *spec.Service) (Service, error) {
	mounts := make([]Mount, len(s.Mounts))
	points := make([]MountPoint, len(s.Mounts))
	for i, m := range s.Mounts {
		if p.Volume(m.Volume) == nil {
			return Service{}, fmt.Errorf("service %s: mount %s names volume %q, which the project does not define", s.Name, m.Path, m.Volume)
		}
		mounts[i] = Mount{Volume: m.Volume, ReadOnly: m.ReadOnly, RootAccess: m.RootAccess}
		points[i] = MountPoint{Volume: m.Volume, Path: m.Path, ReadOnly: m.ReadOnly, RootAccess: m.RootAccess}
	}
	constructID := s.IDPrefix
	if constructID == "" {
		constructID = names.LogicalName(s.Name)
	}
	return Service{
		Name:                     s.Name,
		IDs:                      names.Service{Prefix: s.IDPrefix},
		ConstructID:              constructID,
		Family:                   s.Family,
		CPU:                      s.CPU,
		Memory:                   s.Memory,
		ContainerName:            s.ContainerName,
		Image:                    s.Image,
		Port:                     s.Port,
		Environment:              s.Environment,
		Command:                  s.Command,
		HealthCheck:              s.HealthCheck,
		LogStreamPrefix:          s.Name,
		LogRetentionDays:         p.LogRetentionDays,
		Volumes:                  EFSVolumes(mounts),
		MountPoints:              points,
		TaskRole:                 TaskRoleStatements(mounts),
		ExecutionRole:            ExecutionRolePolicies(s.ImageRepository),
		ImageRepository:          s.ImageRepository,
		SecurityGroupDescription: TaskSecurityGroupDescription(s.Name, p.App+" "+p.Stage),
		NFS:                      NFSIngress(s.Name),
		DesiredCount:             s.DesiredCount,
		PlatformVersion:          s.PlatformVersion,
		Deployment:               DeploymentFor(),
	}, nil
}
