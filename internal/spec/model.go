package spec

import "github.com/efsfargate/efsfargate/internal/names"

// The validated model: what Load returns once a spec file has been read,
// checked and completed with defaults. The emitter and the CDK stacks read
// only this model, never the raw file, so both forms see the same defaults.

// Project is one validated spec with every default filled in.
type Project struct {
	// App and Stage name things: the managed file system's Name tag,
	// task definition families, export names.
	App   string
	Stage string

	FileSystem FileSystem
	Network    Network
	// Cluster is an existing cluster name or ARN, a parameter (default
	// parameter "ClusterArn") or an import.
	Cluster Value
	// ClusterDefault is true when the file names no cluster: the emitter
	// then takes a ClusterArn parameter, the CDK stack makes a cluster.
	ClusterDefault bool
	// LogRetentionDays applies to every service's log group.
	LogRetentionDays int
	// Layout is LayoutSingle (one stack) or LayoutSplit (a base stack and
	// one stack per service).
	Layout string

	// Services in the order they appear in the file.
	Services []Service
	// Volumes are project-wide: the same name in two services is the same
	// data (one access point), in the order first seen.
	Volumes []Volume

	// Warnings are problems that do not stop the stack from deploying.
	Warnings []*FieldError
	// volumeIndex finds Volumes by name in constant time; it is a hint,
	// checked on use, so a Project built or changed by hand still works.
	volumeIndex map[string]int
}

// Value is a string that is either a literal, a template parameter or an
// import of another stack's export. Exactly one of the three is set, except
// for optional values, which may be entirely empty.
type Value struct {
	Literal   string
	Parameter string
	Import    string
}

// IsZero reports whether no form of the value was given.
func (v Value) IsZero() bool { return v.Literal == "" && v.Parameter == "" && v.Import == "" }

// FileSystem is the project's one EFS file system.
type FileSystem struct {
	// Managed is true when efsfargate creates the file system (no id given).
	Managed bool
	// ID of an existing file system (Managed false): a literal fs-… id,
	// a parameter or an import.
	ID Value
	// SecurityGroup of an existing file system's mount targets; efsfargate
	// adds the TCP 2049 ingress rules to it. Empty when Managed.
	SecurityGroup Value

	// Options below apply to a managed file system only.
	Name                       string // Name tag, default "<app>-<stage>-efs"
	PerformanceMode            string // "generalPurpose" (default) or "maxIO"
	ThroughputMode             string // "bursting" (default), "elastic" or "provisioned"
	ProvisionedThroughputMibps float64
	Encrypted                  bool   // default true
	KmsKeyID                   string // optional KMS key id or ARN
	Lifecycle                  Lifecycle
	Backup                     bool // default true
	// Retain is true unless removal: destroy (DeletionPolicy and
	// UpdateReplacePolicy both Retain).
	Retain bool
}

// Lifecycle holds EFS lifecycle transitions, each empty when not set.
// Values are CloudFormation's: AFTER_30_DAYS, AFTER_1_ACCESS, …
type Lifecycle struct {
	TransitionToIA      string
	TransitionToArchive string
	TransitionToPrimary string
}

// Network is where the tasks run.
type Network struct {
	// VPC is a literal vpc-… id or a parameter (default parameter "VpcId").
	VPC Value
	// SubnetsParameter names a List<AWS::EC2::Subnet::Id> parameter
	// (default "SubnetIds") when Subnets is empty.
	SubnetsParameter string
	// SubnetCount is how many subnets (one per AZ) the parameter holds; it
	// fixes the number of mount targets. Default 2.
	SubnetCount int
	// Subnets are literal subnets when given in the file.
	Subnets []Subnet
	// AssignPublicIP gives tasks a public IP (default false).
	AssignPublicIP bool
	// Default is true when the file has no network section: the emitter
	// then takes VpcId and SubnetIds parameters, the CDK stack makes a VPC.
	Default bool
}

// Subnet is a literal subnet id with its Availability Zone when known.
type Subnet struct {
	ID string
	AZ string // empty when the file did not say
}

// MountTargetSubnets returns the subnets that get a mount target: exactly one
// per Availability Zone. Subnets without a known AZ are taken as distinct AZs
// (the documented rule for literal subnets). Empty when subnets come from a
// parameter; use SubnetCount then.
func (n Network) MountTargetSubnets() []Subnet {
	var out []Subnet
	seen := map[string]bool{}
	for _, s := range n.Subnets {
		if s.AZ != "" {
			if seen[s.AZ] {
				continue
			}
			seen[s.AZ] = true
		}
		out = append(out, s)
	}
	return out
}

// Service is one Fargate service with one container.
type Service struct {
	// Name as written in the file (services.<name>).
	Name string
	// IDPrefix starts every logical ID of this service's resources
	// (TaskDefinition, Service, TaskRole …). Default: Name in CamelCase.
	// The reference spec sets it empty to keep the guide's logical IDs.
	IDPrefix string
	// ContainerName, default Name.
	ContainerName string
	// Family of the task definition, default "<app>-<stage>-<name>".
	Family string

	Image string
	// ImageRepository is set when Image is in a private Amazon ECR
	// repository: the execution role then may pull from it.
	ImageRepository *ECRRepository
	CPU             int // Fargate CPU units, default 256
	Memory          int // MiB, default 512
	Port            int // container port, 0 for none
	DesiredCount    int // default 1
	// PlatformVersion is "LATEST" (default) or a version ≥ 1.4.0.
	PlatformVersion string
	Environment     []EnvVar // sorted by name
	Command         []string
	HealthCheck     *HealthCheck

	Mounts []Mount

	// User is the container's "uid:gid", "" for the image's own.
	User string
	// Deployment is "rolling" (100/200) or "recreate" (0/100).
	Deployment string
	// MultipleWriters: the spec says the image coordinates several writers.
	MultipleWriters bool
	Secrets         []Secret // sorted by name
	// SecretsKmsKey is the ARN of the key the secrets are encrypted with,
	// as a Fn::Sub pattern (partition from the pseudo parameter).
	SecretsKmsKey string
	// ConnectsTo names the services this one calls, in the file's order.
	ConnectsTo             []string
	ReadOnlyRootFilesystem bool
	// Scratch are task-local writable paths.
	Scratch []string
}

// Secret is an environment variable ECS reads at task start.
type Secret struct {
	Name string
	// ValueFrom is written as given: a secret ARN (with its JSON key
	// suffix) or a parameter name or ARN.
	ValueFrom string
	// SSM is true for Parameter Store, false for Secrets Manager.
	SSM bool
	// Resource is the ARN the execution role may read, as a Fn::Sub
	// pattern (pseudo parameters only).
	Resource string
}

// ECRRepository is a private Amazon ECR repository, from an image URI like
// 123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1.0.
type ECRRepository struct {
	Account string
	Region  string
	Name    string
}

// EnvVar is one environment variable.
type EnvVar struct{ Name, Value string }

// HealthCheck is the container health check; zero values mean ECS defaults.
type HealthCheck struct {
	Command     []string
	Interval    int // seconds
	Timeout     int
	Retries     int
	StartPeriod int
}

// Mount is a volume mounted into a service's container.
type Mount struct {
	Volume   string // name of a Project.Volumes entry
	Path     string // absolute container path
	ReadOnly bool
	// RootAccess grants elasticfilesystem:ClientRootAccess (default false).
	RootAccess bool
}

// Volume is a named piece of the file system, reached through one access
// point shared by every service that mounts it.
type Volume struct {
	Name string
	// ExistingAccessPointID is set when the file names an existing access
	// point (fsap-…); then none is created and the fields below are unused.
	ExistingAccessPointID string
	// Path is the access point's root directory, default "/<name>".
	Path string
	// UID and GID are the POSIX user every file operation runs as, and the
	// owner of the root directory when EFS creates it. Default 1000/1000.
	UID int
	GID int
	// Permissions of the created root directory, octal, default "755".
	Permissions string
}

// LogicalName turns a name like "web-app" into a logical-ID fragment like
// "WebApp"; internal/names decides the rule for every form.
func LogicalName(name string) string { return names.LogicalName(name) }

// The layouts of a project's stacks.
const (
	LayoutSingle = "single"
	LayoutSplit  = "split"
)

// Split reports whether the project deploys as a base stack and one stack
// per service.
func (p *Project) Split() bool { return p != nil && p.Layout == LayoutSplit }

// Name is "<app>-<stage>": the stack name, and the start of export names,
// task families and Name tags.
func (p *Project) Name() string { return p.App + "-" + p.Stage }

// Description is the description of the project's stack in both forms.
func (p *Project) Description() string {
	return "efsfargate: app " + p.App + ", stage " + p.Stage + ": ECS Fargate services with Amazon EFS volumes"
}

// Volume returns the project volume with that name, or nil.
func (p *Project) Volume(name string) *Volume {
	if i, ok := p.volumeIndex[name]; ok && i < len(p.Volumes) && p.Volumes[i].Name == name {
		return &p.Volumes[i]
	}
	for i := range p.Volumes {
		if p.Volumes[i].Name == name {
			return &p.Volumes[i]
		}
	}
	return nil
}
