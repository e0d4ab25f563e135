package plan

import (
	"fmt"

	"github.com/efsfargate/efsfargate/internal/spec"
)

// Default parameter names when the spec has no network or cluster section.
const (
	DefaultVPCParameter     = "VpcId"
	DefaultSubnetsParameter = "SubnetIds"
	DefaultClusterParameter = "ClusterArn"
)

// Parameter is one template parameter.
type Parameter struct {
	Name, Type, Description, Pattern string
}

// Network is where the tasks and the mount targets go.
type Network struct {
	// Default is true when the spec has no network section: the raw form
	// takes VpcId and SubnetIds parameters, the CDK form makes a VPC.
	Default bool
	VPC     spec.Value
	// SubnetsParameter names the List<AWS::EC2::Subnet::Id> parameter the
	// tasks run in, or "" for literal subnets.
	SubnetsParameter string
	// SubnetsImport names an export holding the tasks' subnets as one
	// comma-joined string (a split layout's service stack), or "".
	SubnetsImport string
	// Subnets are the literal subnets the tasks run in.
	Subnets []spec.Subnet
	// MountTargetSubnets are one per Availability Zone.
	MountTargetSubnets []SubnetRef
	AssignPublicIP     bool
}

// AssignPublicIP is ECS's word for a task's public IP.
func AssignPublicIP(on bool) string {
	if on {
		return "ENABLED"
	}
	return "DISABLED"
}

func network(p *spec.Project) (Network, []Parameter) {
	n := p.Network
	out := Network{Default: n.Default, VPC: n.VPC, AssignPublicIP: n.AssignPublicIP, Subnets: n.Subnets}
	var params []Parameter
	if out.VPC.IsZero() {
		out.VPC.Parameter = DefaultVPCParameter
	}
	if name := out.VPC.Parameter; name != "" {
		desc := "VPC of the task security groups"
		if p.FileSystem.Managed {
			desc = "VPC of the task security groups and the EFS mount targets"
		}
		params = append(params, Parameter{Name: name, Type: "AWS::EC2::VPC::Id", Description: desc})
	}
	if len(n.Subnets) > 0 {
		azs := make([]string, len(n.Subnets))
		for i, s := range n.Subnets {
			azs[i] = s.AZ
		}
		for _, i := range OnePerAZ(azs) {
			out.MountTargetSubnets = append(out.MountTargetSubnets, SubnetRef{ID: n.Subnets[i].ID})
		}
		return out, params
	}
	out.SubnetsParameter = n.SubnetsParameter
	if out.SubnetsParameter == "" {
		out.SubnetsParameter = DefaultSubnetsParameter
	}
	count := n.SubnetCount
	desc := "Subnets of the Fargate tasks, in Availability Zones where the file system has a mount target"
	if p.FileSystem.Managed {
		desc = fmt.Sprintf("Exactly %d subnets of the Fargate tasks, in distinct Availability Zones (one EFS mount target is made per subnet)", count)
	}
	params = append(params, Parameter{Name: out.SubnetsParameter, Type: "List<AWS::EC2::Subnet::Id>", Description: desc})
	// The parameter holds one subnet per AZ: mount target i goes to
	// element i.
	for i := 0; i < count; i++ {
		out.MountTargetSubnets = append(out.MountTargetSubnets, SubnetRef{Parameter: out.SubnetsParameter, Index: i})
	}
	return out, params
}

// Cluster is the ECS cluster the services run in.
type Cluster struct {
	// Default is true when the spec names none: the raw form takes a
	// ClusterArn parameter, the CDK form makes a cluster.
	Default bool
	Value   spec.Value
}

func cluster(p *spec.Project) (Cluster, []Parameter) {
	c := Cluster{Default: p.ClusterDefault, Value: p.Cluster}
	if c.Value.IsZero() {
		c.Value.Parameter = DefaultClusterParameter
	}
	if c.Value.Parameter == "" {
		return c, nil
	}
	return c, []Parameter{{Name: c.Value.Parameter, Type: "String", Description: "Name or ARN of the ECS cluster that runs the services"}}
}

func fileSystemParameters(fs spec.FileSystem) []Parameter {
	if fs.Managed {
		return nil
	}
	var out []Parameter
	if name := fs.ID.Parameter; name != "" {
		out = append(out, Parameter{Name: name, Type: "String", Description: "ID of the existing EFS file system (fs-...)", Pattern: "^fs-[0-9a-f]+$"})
	}
	if name := fs.SecurityGroup.Parameter; name != "" {
		out = append(out, Parameter{Name: name, Type: "AWS::EC2::SecurityGroup::Id",
			Description: "Security group of the file system's mount targets; NFS (TCP 2049) from the tasks is allowed on it"})
	}
	return out
}
