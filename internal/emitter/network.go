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

// taskSubnetList is the list the tasks run in when it is one value: the
// Ref of the subnet-list parameter, or the split of another stack's
// comma-joined export; "" for literal subnets.
func (b *builder) taskSubnetList() string {
	n := b.s.Network
	switch {
	case n.SubnetsParameter != "":
		return cloudformation.Ref(n.SubnetsParameter)
	case n.SubnetsImport != "":
		return cloudformation.Split(",", cloudformation.ImportValue(n.SubnetsImport))
	}
	return ""
}
