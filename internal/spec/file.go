package spec

// The spec file as written. These types decide which keys exist (unknown
// keys are errors) and carry the documentation and defaults that the JSON
// Schema publishes: the `desc`, `default` and `enum` tags are the one place
// where defaults are written down (defaults.go reads them for the resolver). Pointers mark optional fields so a
// default can be told apart from an explicit zero.

// File is the top level of efsfargate.yml.
type File struct {
	App              string          `yaml:"app" desc:"Application name; with stage it names the stack, the file system, task families and export names. Letters, digits and hyphens, starting with a letter." required:"true" example:"myapp"`
	Stage            *string         `yaml:"stage" desc:"Stage or environment name (dev, stage, prod …). Letters, digits and hyphens." default:"dev"`
	LogRetentionDays *int            `yaml:"log_retention_days" desc:"Days CloudWatch Logs keeps each service's logs (one of CloudWatch's allowed values)." default:"30"`
	FileSystem       *FileSystemFile `yaml:"file_system" desc:"The project's one EFS file system. Absent: efsfargate creates and manages it. With id: an existing one."`
	Network          *NetworkFile    `yaml:"network" desc:"Where the tasks run. Absent: the template takes VpcId and SubnetIds parameters; the CDK stack creates a VPC."`
	Cluster          *ValueFile      `yaml:"cluster" desc:"An existing ECS cluster: name, ARN, {parameter: Name} or {import: ExportName}. Absent: a ClusterArn parameter (template) or a new cluster (CDK)." default:"{parameter: ClusterArn}"`
	Layout           *string         `yaml:"layout" desc:"single: one stack. split: a base stack <app>-<stage> with the file system, its mount targets and access points, and one stack <app>-<stage>-<service> per service importing from it; services then deploy and roll back alone, and a spec may pass one stack's quotas." default:"single" enum:"single,split"`
	Services         Services        `yaml:"services" desc:"The Fargate services, by name. Names: a letter, then letters, digits, hyphens or underscores." required:"true" example:"{web: {image: nginx:latest}}"`
}

// FileSystemFile is the file_system section.
type FileSystemFile struct {
	ID                         *ValueFile     `yaml:"id" desc:"An existing file system: fs-… id, {parameter: Name} or {import: ExportName}. Absent: a managed file system."`
	SecurityGroup              *ValueFile     `yaml:"security_group" desc:"Security group of the existing file system's mount targets (sg-…, parameter or import); efsfargate adds the TCP 2049 rule from the tasks. Required with id."`
	Name                       *string        `yaml:"name" desc:"Name tag of the managed file system: up to 256 letters, digits, spaces and _ . : / = + - @." default:"<app>-<stage>-efs"`
	PerformanceMode            *string        `yaml:"performance_mode" desc:"EFS performance mode." default:"generalPurpose" enum:"generalPurpose,maxIO"`
	ThroughputMode             *string        `yaml:"throughput_mode" desc:"EFS throughput mode." default:"bursting" enum:"bursting,elastic,provisioned"`
	ProvisionedThroughputMibps *float64       `yaml:"provisioned_throughput_mibps" desc:"MiB/s (1 to 3414), required with throughput_mode: provisioned and only then."`
	Encrypted                  *bool          `yaml:"encrypted" desc:"Encryption at rest." default:"true"`
	KmsKeyID                   *string        `yaml:"kms_key_id" desc:"KMS key for encryption at rest: key id, key ARN, alias/<name> or alias ARN. Default: the AWS-managed key for EFS."`
	Lifecycle                  *LifecycleFile `yaml:"lifecycle" desc:"Storage class transitions. Default: none."`
	Backup                     *bool          `yaml:"backup" desc:"Daily AWS Backup of the file system." default:"true"`
	Removal                    *string        `yaml:"removal" desc:"What happens to the file system when the stack is deleted or the resource replaced." default:"retain" enum:"retain,destroy"`
}

// LifecycleFile is file_system.lifecycle.
type LifecycleFile struct {
	TransitionToIA      *string `yaml:"transition_to_ia" desc:"Move files not accessed for this long to Infrequent Access." enum:"AFTER_1_DAY,AFTER_7_DAYS,AFTER_14_DAYS,AFTER_30_DAYS,AFTER_60_DAYS,AFTER_90_DAYS,AFTER_180_DAYS,AFTER_270_DAYS,AFTER_365_DAYS"`
	TransitionToArchive *string `yaml:"transition_to_archive" desc:"Move files not accessed for this long to Archive (needs throughput_mode: elastic)." enum:"AFTER_1_DAY,AFTER_7_DAYS,AFTER_14_DAYS,AFTER_30_DAYS,AFTER_60_DAYS,AFTER_90_DAYS,AFTER_180_DAYS,AFTER_270_DAYS,AFTER_365_DAYS"`
	TransitionToPrimary *string `yaml:"transition_to_primary" desc:"Move files back to Standard on first access." enum:"AFTER_1_ACCESS"`
}

// NetworkFile is the network section.
type NetworkFile struct {
	VPC            *ValueFile   `yaml:"vpc" desc:"VPC id (vpc-…) or {parameter: Name}. Give it together with subnets." default:"{parameter: VpcId}"`
	Subnets        *SubnetsFile `yaml:"subnets" desc:"The tasks' subnets, one per Availability Zone: a list of subnet-… ids or {id, az}, or {parameter: Name} for a List<AWS::EC2::Subnet::Id> parameter. One mount target is made per AZ." default:"{parameter: SubnetIds}"`
	SubnetCount    *int         `yaml:"subnet_count" desc:"How many subnets (distinct AZs) the subnets parameter holds; fixes the number of mount targets." default:"2"`
	AssignPublicIP *bool        `yaml:"assign_public_ip" desc:"Give tasks a public IP (needed in public subnets without a NAT gateway)." default:"false"`
}

// ServiceFile is one entry of services.
type ServiceFile struct {
	Image           string            `yaml:"image" desc:"Container image, e.g. nginx:latest or an ECR URI: up to 255 letters, digits and - _ . : / # @." required:"true" example:"nginx:latest"`
	CPU             *int              `yaml:"cpu" desc:"Fargate CPU units." default:"256" enum:"256,512,1024,2048,4096,8192,16384"`
	Memory          *int              `yaml:"memory" desc:"MiB; must be valid for cpu on Fargate." default:"512"`
	Port            *int              `yaml:"port" desc:"Container port (1-65535). Default: none."`
	DesiredCount    *int              `yaml:"desired_count" desc:"Number of tasks (0 to 5000, ECS's limit per service)." default:"1"`
	PlatformVersion *string           `yaml:"platform_version" desc:"Fargate platform version: LATEST or 1.4.0 and later (EFS needs 1.4.0+)." default:"LATEST"`
	Environment     map[string]string `yaml:"environment" desc:"Environment variables."`
	Command         []string          `yaml:"command" desc:"Command overriding the image's CMD."`
	HealthCheck     *HealthCheckFile  `yaml:"health_check" desc:"Container health check."`
	Volumes         []VolumeEntry     `yaml:"volumes" desc:"EFS volumes to mount: \"<volume-name>:<container-path>\", \"<volume-name>:<container-path>:ro\", or the long form."`
	IDPrefix        *string           `yaml:"id_prefix" desc:"Prefix of this service's CloudFormation logical IDs; \"\" keeps bare IDs (TaskDefinition, Service …)." default:"the service name in CamelCase"`
	ContainerName   *string           `yaml:"container_name" desc:"Name of the container." default:"the service name"`
	Family          *string           `yaml:"family" desc:"Task definition family." default:"<app>-<stage>-<service>"`

	User                   *string           `yaml:"user" desc:"Run the container as \"uid:gid\" (ECS User). Also the default owner of the access points it writes: an entrypoint that does not start as root skips its chown."`
	Deployment             *string           `yaml:"deployment" desc:"rolling: start the new task before stopping the old (100/200). recreate: stop the old task first (0/100), for a store that allows one writer." default:"recreate for a known single-writer image (databases, jenkins, grafana …) with a writable volume, else rolling" enum:"rolling,recreate"`
	MultipleWriters        *bool             `yaml:"multiple_writers" desc:"The image coordinates several processes on one data directory: allow desired_count above 1 and rolling deploys for an image known as a single writer." default:"false"`
	Secrets                map[string]string `yaml:"secrets" desc:"Environment variables read at task start from Secrets Manager (secret ARN, optionally :json-key:version-stage:version-id) or SSM Parameter Store (parameter name or ARN). The execution role may read exactly these."`
	SecretsKmsKey          *string           `yaml:"secrets_kms_key" desc:"ARN of the customer-managed KMS key the secrets are encrypted with; the execution role may decrypt with it. Default: the AWS-managed keys."`
	ConnectsTo             []string          `yaml:"connects_to" desc:"Services this one calls. Each must have a port; its tasks then admit TCP on that port from this service's tasks only, and it is reachable as <service>.<app>-<stage>.local."`
	ReadOnlyRootFilesystem *bool             `yaml:"read_only_root_filesystem" desc:"Mount the container's root file system read-only; give writable paths in scratch." default:"false"`
	Scratch                []string          `yaml:"scratch" desc:"Writable task-local paths (not on EFS, gone when the task stops), e.g. /tmp, for a read-only root file system."`
}

// HealthCheckFile is services.<name>.health_check.
type HealthCheckFile struct {
	Command     []string `yaml:"command" desc:"e.g. [CMD-SHELL, curl -f http://localhost/ || exit 1]" required:"true"`
	Interval    *int     `yaml:"interval" desc:"Seconds between checks (5-300)." default:"30"`
	Timeout     *int     `yaml:"timeout" desc:"Seconds before a check fails (2-120)." default:"5"`
	Retries     *int     `yaml:"retries" desc:"Failures before unhealthy (1-10)." default:"3"`
	StartPeriod *int     `yaml:"start_period" desc:"Grace seconds after start (0-300)." default:"0"`
}

// VolumeLong is the long form of a volumes entry.
type VolumeLong struct {
	Name              string           `yaml:"name" desc:"Volume name; the same name in several services is the same data." required:"true"`
	Path              string           `yaml:"path" desc:"Absolute path in the container." required:"true"`
	ReadOnly          *bool            `yaml:"read_only" desc:"Mount read-only; the task role then gets no ClientWrite." default:"false"`
	RootAccess        *bool            `yaml:"root_access" desc:"Grant elasticfilesystem:ClientRootAccess." default:"false"`
	AccessPoint       *AccessPointFile `yaml:"access_point" desc:"The access point through which the volume is mounted."`
	TransitEncryption *bool            `yaml:"transit_encryption" desc:"TLS between task and EFS. Must stay on: IAM authorization requires it." default:"true"`
	IAMAuthorization  *bool            `yaml:"iam_authorization" desc:"Authorize mounts with the task role. Must stay on: the file-system policy allows no anonymous client." default:"true"`
	RootDirectory     *string          `yaml:"root_directory" desc:"Must be /: the access point sets the directory (use access_point.path)." default:"/"`
}

// AccessPointFile is volumes[].access_point.
type AccessPointFile struct {
	ID          *string `yaml:"id" desc:"An existing access point (fsap-…) on an existing file system; nothing else may be set then."`
	Path        *string `yaml:"path" desc:"Root directory of the access point, created with uid/gid/permissions if missing: up to 100 characters and four levels, no component starting with a dot." default:"/<volume-name>"`
	UID         *int    `yaml:"uid" desc:"POSIX user id of every file operation; give with gid. Without it: the user of a known image that writes the volume (postgres, mongo … 999), else the default." default:"1000"`
	GID         *int    `yaml:"gid" desc:"POSIX group id; give with uid. Without it: the group of a known image that writes the volume, else the default." default:"1000"`
	Permissions *string `yaml:"permissions" desc:"Octal mode of the created root directory, e.g. \"755\"." default:"755"`
}
