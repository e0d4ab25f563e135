package plan

import (
	"github.com/efsfargate/efsfargate/internal/names"
	"github.com/efsfargate/efsfargate/internal/spec"
)

// FileSystem is the stack's one file system: made by the stack (Managed)
// or an existing one whose security group gets the NFS rules.
type FileSystem struct {
	Managed bool
	// ID and SecurityGroup of an existing file system.
	ID            spec.Value
	SecurityGroup spec.Value

	// The rest applies to a managed file system.
	LogicalID                  string
	SecurityGroupID            string // logical ID of the mount targets' group
	SecurityGroupDescription   string
	Name                       string // Name tag
	Encrypted                  bool
	KmsKeyID                   string
	PerformanceMode            string
	ThroughputMode             string
	ProvisionedThroughputMibps float64 // only with ThroughputMode "provisioned"
	Lifecycle                  spec.Lifecycle
	// BackupStatus is written either way: ENABLED or DISABLED.
	BackupStatus string
	// Retain keeps the file system, and its data, when the stack is
	// deleted or the resource replaced.
	Retain bool
	Policy []Statement
	// MountTargets, one per Availability Zone the tasks use.
	MountTargets []MountTarget
}

// MountTarget places one mount target.
type MountTarget struct {
	LogicalID string
	Subnet    SubnetRef
}

// SubnetRef is a literal subnet id or element Index of a subnet-list
// parameter.
type SubnetRef struct {
	ID        string
	Parameter string
	Index     int
}

// BackupStatus is EFS's word for automatic backups on or off.
func BackupStatus(on bool) string {
	if on {
		return "ENABLED"
	}
	return "DISABLED"
}

// FileSystemSecurityGroupDescription describes the mount targets' group.
func FileSystemSecurityGroupDescription(label string) string {
	return "EFS mount targets of " + label
}

func fileSystem(p *spec.Project, net Network) FileSystem {
	f := p.FileSystem
	if !f.Managed {
		return FileSystem{ID: f.ID, SecurityGroup: f.SecurityGroup}
	}
	out := FileSystem{
		Managed:                  true,
		LogicalID:                names.FileSystem,
		SecurityGroupID:          names.FileSystemSecurityGroup,
		SecurityGroupDescription: FileSystemSecurityGroupDescription(p.App + " " + p.Stage),
		Name:                     f.Name,
		Encrypted:                f.Encrypted,
		KmsKeyID:                 f.KmsKeyID,
		PerformanceMode:          f.PerformanceMode,
		ThroughputMode:           f.ThroughputMode,
		Lifecycle:                f.Lifecycle,
		BackupStatus:             BackupStatus(f.Backup),
		Retain:                   f.Retain,
		Policy:                   FileSystemPolicy(),
	}
	if f.ThroughputMode == "provisioned" {
		out.ProvisionedThroughputMibps = f.ProvisionedThroughputMibps
	}
	for i, s := range net.MountTargetSubnets {
		out.MountTargets = append(out.MountTargets, MountTarget{LogicalID: names.MountTarget(i), Subnet: s})
	}
	return out
}

// OnePerAZ returns the indexes of the subnets that get a mount target:
// the first subnet of each Availability Zone, since EFS allows one mount
// target per AZ. A subnet whose AZ is unknown ("") counts as its own AZ.
func OnePerAZ(azs []string) []int {
	var out []int
	seen := map[string]bool{}
	for i, az := range azs {
		if az != "" {
			if seen[az] {
				continue
			}
			seen[az] = true
		}
		out = append(out, i)
	}
	return out
}
