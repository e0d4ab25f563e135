package emitter

import (
	"github.com/awslabs/goformation/v7/cloudformation"
)

func (b *builder) vpcValue() (string, error) {
	return value(b.s.Network.VPC, "network.vpc")
}

func (b *builder) clusterValue() (string, error) {
	return value(b.s.Cluster.Value, "cluster")
}

// literalSubnets returns every literal subnet id the services run in.
func (b *builder) literalSubnets() []string {
	out := make([]string, len(b.s.Network.Subnets))
	for i, s := range b.s.Network.Subnets {
		out[i] = s.ID
	}
	return out
}

// taskSubnetList is the Ref of the subnet-list parameter, "" for literal
// subnets.
func (b *builder) taskSubnetList() string {
	if p := b.s.Network.SubnetsParameter; p != "" {
		return cloudformation.Ref(p)
	}
	return ""
}
