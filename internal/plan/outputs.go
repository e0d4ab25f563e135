package plan

import "github.com/efsfargate/efsfargate/internal/spec"

// OutputKind says which value an output exports.
type OutputKind int

const (
	OutputFileSystemID OutputKind = iota
	OutputFileSystemSecurityGroupID
	OutputAccessPointID       // Of is the volume
	OutputTaskSecurityGroupID // Of is the service
	OutputServiceName         // Of is the service
	OutputNamespaceID
	// The split layout's base stack passes the services' network and
	// cluster on, so service stacks take no parameters and run where the
	// base stack's mount targets are.
	OutputServicesVPCID
	OutputServicesSubnetIDs // a comma-joined list
	OutputServicesCluster
)

// Output is one stack output, exported as <app>-<stage>-<Name>.
type Output struct {
	Name        string
	Description string
	Kind        OutputKind
	Of          string
	Export      string
}

func outputs(p *spec.Project, s *Stack) []Output {
	var out []Output
	add := func(name, description string, kind OutputKind, of string) {
		out = append(out, newOutput(p.Name(), name, description, kind, of))
	}
	// An imported file system id is already exported by its own stack;
	// exporting it again would only chain the stacks (cfn-lint W6001).
	if p.FileSystem.ID.Import == "" {
		add("FileSystemId", "ID of the EFS file system", OutputFileSystemID, "")
	}
	if s.FileSystem.Managed {
		out = append(out, fileSystemGroupOutput(p.Name()))
	}
	for _, ap := range s.AccessPoints {
		if ap.ExistingID != "" {
			continue
		}
		add(ap.LogicalID+"Id", "ID of the EFS access point of volume "+ap.Volume, OutputAccessPointID, ap.Volume)
	}
	for _, svc := range s.Services {
		add(svc.IDs.TaskSecurityGroup()+"Id", "Security group of the "+svc.Name+" tasks", OutputTaskSecurityGroupID, svc.Name)
		add(svc.IDs.Service()+"Name", "Name of the ECS service "+svc.Name, OutputServiceName, svc.Name)
	}
	return out
}

// newOutput is output name of stack project, exported as <project>-<name>.
func newOutput(project, name, description string, kind OutputKind, of string) Output {
	return Output{Name: name, Description: description, Kind: kind, Of: of, Export: ExportName(project, name)}
}

// fileSystemGroupOutput exports the security group of the mount targets:
// the one the stack makes, or in a split layout's base stack the one its
// parameter gives, for the service stacks' 2049 rules.
func fileSystemGroupOutput(project string) Output {
	return newOutput(project, "FileSystemSecurityGroupId", "Security group of the EFS mount targets", OutputFileSystemSecurityGroupID, "")
}

// ExportName is <app>-<stage>-<output>: unique in an account and region as
// long as the stack name is.
func ExportName(project, output string) string { return project + "-" + output }
