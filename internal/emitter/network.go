package emitter

import (
	"fmt"

	"github.com/awslabs/goformation/v7/cloudformation"
)

// Default parameter names when the file has no network or cluster section.
const (
	defaultVPCParameter     = "VpcId"
	defaultSubnetsParameter = "SubnetIds"
	defaultClusterParameter = "ClusterArn"
)

// vpcParameter names the VPC parameter, or "" for a literal or imported VPC.
func (b *builder) vpcParameter() string {
	n := b.p.Network
	if n.VPC.Parameter != "" {
		return n.VPC.Parameter
	}
	if n.VPC.IsZero() {
		return defaultVPCParameter
	}
	return ""
}

func (b *builder) vpcValue() (string, error) {
	if name := b.vpcParameter(); name != "" {
		return cloudformation.Ref(name), nil
	}
	return value(b.p.Network.VPC, "network.vpc")
}

// subnetsParameter names the subnet list parameter, or "" for literal subnets.
func (b *builder) subnetsParameter() string {
	n := b.p.Network
	if len(n.Subnets) > 0 {
		return ""
	}
	if n.SubnetsParameter != "" {
		return n.SubnetsParameter
	}
	return defaultSubnetsParameter
}

// subnetCount is how many subnets the parameter must hold.
func (b *builder) subnetCount() int {
	if c := b.p.Network.SubnetCount; c > 0 {
		return c
	}
	return 2
}

// mountTargetSubnets returns one subnet value per Availability Zone.
func (b *builder) mountTargetSubnets() ([]string, error) {
	if param := b.subnetsParameter(); param != "" {
		out := make([]string, b.subnetCount())
		for i := range out {
			out[i] = cloudformation.Select(i, cloudformation.Ref(param))
		}
		return out, nil
	}
	var out []string
	for _, s := range b.p.Network.MountTargetSubnets() {
		if s.ID == "" {
			return nil, fmt.Errorf("a literal subnet has no id")
		}
		out = append(out, s.ID)
	}
	return out, nil
}

// literalSubnets returns every literal subnet id the services run in.
func (b *builder) literalSubnets() []string {
	out := make([]string, len(b.p.Network.Subnets))
	for i, s := range b.p.Network.Subnets {
		out[i] = s.ID
	}
	return out
}

func (b *builder) clusterParameter() string {
	if b.p.Cluster.Parameter != "" {
		return b.p.Cluster.Parameter
	}
	if b.p.Cluster.IsZero() {
		return defaultClusterParameter
	}
	return ""
}

func (b *builder) clusterValue() (string, error) {
	if name := b.clusterParameter(); name != "" {
		return cloudformation.Ref(name), nil
	}
	return value(b.p.Cluster, "cluster")
}
