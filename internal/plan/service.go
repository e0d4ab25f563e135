package plan

import (
	"fmt"

	"github.com/efsfargate/efsfargate/internal/images"
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
	// service's tasks; nil for a service without volumes, which needs
	// neither the rule nor the mount targets.
	NFS *Ingress

	DesiredCount    int
	PlatformVersion string
	Deployment      Deployment

	// User is the container's "uid:gid", "" for the image's own.
	User                   string
	ReadOnlyRootFilesystem bool
	// Scratch are task-local writable volumes (not EFS).
	Scratch []ScratchVolume
	Secrets []Secret
	// Ingress admits the services that call this one.
	Ingress []ServiceIngress
	// Discovery registers the service in the stack's namespace; nil when
	// no service calls it.
	Discovery *Discovery
}

// ScratchVolume is a task-local volume mounted writable at Path.
type ScratchVolume struct {
	Name, Path string
}

// Secret is an environment variable ECS reads at task start.
type Secret struct {
	Name, ValueFrom string
}

// ServiceIngress admits TCP Port on a service's tasks from a client's.
type ServiceIngress struct {
	LogicalID   string
	From        string // client service name
	FromIDs     names.Service
	Port        int
	Description string
	// In a split layout the rule lives in the later of the two service
	// stacks, so stacks import only from earlier ones; GroupImport (the
	// server's group) or FromImport (the client's) is then the export
	// name of the group the other stack makes.
	GroupImport, FromImport string
}

// Discovery is a service's DNS name in the stack's namespace.
type Discovery struct {
	LogicalID string
	Name      string
	// DNSName is what clients use: <service>.<namespace>.
	DNSName string
	TTL     int
}

// Namespace is the private DNS namespace of the stack's services.
type Namespace struct {
	LogicalID string
	Name      string
	// Import is the export name of the namespace id when another stack of
	// the project makes it (a split layout's service stack).
	Import string
}

// NamespaceName is <app>-<stage>.local.
func NamespaceName(project string) string { return project + ".local" }

// DiscoveryTTL is how long clients cache a service's addresses, in seconds
// (CDK's default for Cloud Map services).
const DiscoveryTTL = 60

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

// Deployment strategies, in Copilot's words.
const (
	Rolling  = spec.Rolling
	Recreate = spec.Recreate
)

// DeploymentFor decides how a service's tasks are replaced, rolling back a
// deployment whose tasks keep failing. rolling starts the new task before
// stopping the old one, never dropping below the desired count; recreate
// stops the old task first, so a single-writer store never sees two.
func DeploymentFor(strategy string) Deployment {
	if strategy == Recreate {
		return Deployment{MinimumHealthyPercent: 0, MaximumPercent: 100, CircuitBreaker: true, Rollback: true}
	}
	return Deployment{MinimumHealthyPercent: 100, MaximumPercent: 200, CircuitBreaker: true, Rollback: true}
}

// DefaultStrategy is recreate for a known single-writer image with a
// writable volume, rolling otherwise.
func DefaultStrategy(image string, writable bool) string {
	if images.SingleWriterStore(image, writable) {
		return Recreate
	}
	return Rolling
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
// logs and, for a private ECR image, pull it and, with secrets, read them.
func ExecutionRolePolicies(repo *spec.ECRRepository, secrets []spec.Secret, kmsKey string) []Policy {
	out := []Policy{{Name: PolicyWriteLogs, Statements: LogStatements()}}
	if repo != nil {
		out = append(out, Policy{Name: "pull-image", Statements: ImagePullStatements(repo.ArnSub())})
	}
	if st := SecretStatements(secrets, kmsKey); len(st) > 0 {
		out = append(out, Policy{Name: "read-secrets", Statements: st})
	}
	return out
}

// SecretStatements let ECS read exactly the task's secrets: GetSecretValue
// on each Secrets Manager secret, GetParameters on each SSM parameter,
// and Decrypt with the customer key they are encrypted with, if any.
func SecretStatements(secrets []spec.Secret, kmsKey string) []Statement {
	var sm, ssm []Ref
	seen := map[string]bool{}
	for _, s := range secrets {
		if seen[s.Resource] {
			continue
		}
		seen[s.Resource] = true
		if s.SSM {
			ssm = append(ssm, Pattern(s.Resource))
		} else {
			sm = append(sm, Pattern(s.Resource))
		}
	}
	var out []Statement
	if len(sm) > 0 {
		out = append(out, Statement{Effect: "Allow", Actions: []string{"secretsmanager:GetSecretValue"}, Resources: sm})
	}
	if len(ssm) > 0 {
		out = append(out, Statement{Effect: "Allow", Actions: []string{"ssm:GetParameters"}, Resources: ssm})
	}
	if kmsKey != "" && len(out) > 0 {
		out = append(out, Statement{Effect: "Allow", Actions: []string{"kms:Decrypt"}, Resources: []Ref{Pattern(kmsKey)}})
	}
	return out
}

// ScratchVolumes names the task-local volumes scratch-1, scratch-2 …
func ScratchVolumes(paths []string) []ScratchVolume {
	out := make([]ScratchVolume, len(paths))
	for i, p := range paths {
		out[i] = ScratchVolume{Name: fmt.Sprintf("scratch-%d", i+1), Path: p}
	}
	return out
}

// ServiceIngressRule admits a client's tasks on a server's port.
func ServiceIngressRule(server, client names.Service, clientName string, port int) ServiceIngress {
	return ServiceIngress{
		LogicalID:   server.IngressFrom(client),
		From:        clientName,
		FromIDs:     client,
		Port:        port,
		Description: fmt.Sprintf("TCP %d from %s tasks", port, clientName),
	}
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
	secrets := make([]Secret, len(s.Secrets))
	for i, sec := range s.Secrets {
		secrets[i] = Secret{Name: sec.Name, ValueFrom: sec.ValueFrom}
	}
	var nfs *Ingress
	if len(s.Mounts) > 0 {
		rule := NFSIngress(s.Name)
		nfs = &rule
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
		ExecutionRole:            ExecutionRolePolicies(s.ImageRepository, s.Secrets, s.SecretsKmsKey),
		ImageRepository:          s.ImageRepository,
		SecurityGroupDescription: TaskSecurityGroupDescription(s.Name, p.App+" "+p.Stage),
		NFS:                      nfs,
		DesiredCount:             s.DesiredCount,
		PlatformVersion:          s.PlatformVersion,
		Deployment:               DeploymentFor(s.Deployment),
		User:                     s.User,
		ReadOnlyRootFilesystem:   s.ReadOnlyRootFilesystem,
		Scratch:                  ScratchVolumes(s.Scratch),
		Secrets:                  secrets,
	}, nil
}
