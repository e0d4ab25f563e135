package emitter

import (
	"github.com/awslabs/goformation/v7/cloudformation"
	"github.com/awslabs/goformation/v7/cloudformation/ec2"
	"github.com/awslabs/goformation/v7/cloudformation/servicediscovery"

	"github.com/efsfargate/efsfargate/internal/plan"
)

// namespace adds the private DNS namespace services find each other in.
func (b *builder) namespace() error {
	ns := b.s.Namespace
	if ns == nil || ns.Import != "" {
		return nil
	}
	vpc, err := b.vpcValue()
	if err != nil {
		return err
	}
	return b.addResource(ns.LogicalID, &servicediscovery.PrivateDnsNamespace{Name: ns.Name, Vpc: vpc})
}

// discoveryService adds <P>DiscoveryService: an A record per task, which
// ECS registers and removes as tasks start and stop.
func (b *builder) discoveryService(s *plan.Service) error {
	d := s.Discovery
	if d == nil {
		return nil
	}
	return b.addResource(d.LogicalID, &servicediscovery.Service{
		Name:        cloudformation.String(d.Name),
		NamespaceId: cloudformation.String(b.namespaceIDValue()),
		DnsConfig: &servicediscovery.Service_DnsConfig{
			DnsRecords:    []servicediscovery.Service_DnsRecord{{TTL: float64(d.TTL), Type: "A"}},
			NamespaceId:   cloudformation.String(b.namespaceIDValue()),
			RoutingPolicy: cloudformation.String("MULTIVALUE"),
		},
		HealthCheckCustomConfig: &servicediscovery.Service_HealthCheckCustomConfig{FailureThreshold: cloudformation.Float64(1)},
	})
}

// serviceIngressRules admit each caller's tasks on this service's port.
func (b *builder) serviceIngressRules(s *plan.Service) error {
	for _, in := range s.Ingress {
		if err := b.addResource(in.LogicalID, &ec2.SecurityGroupIngress{
			GroupId:               cloudformation.String(groupValue(s.IDs.TaskSecurityGroup(), in.GroupImport)),
			IpProtocol:            "tcp",
			FromPort:              cloudformation.Int(in.Port),
			ToPort:                cloudformation.Int(in.Port),
			SourceSecurityGroupId: cloudformation.String(groupValue(in.FromIDs.TaskSecurityGroup(), in.FromImport)),
			Description:           cloudformation.String(in.Description),
		}); err != nil {
			return err
		}
	}
	return nil
}

// namespaceIDValue is the namespace made here or imported from the base
// stack.
func (b *builder) namespaceIDValue() string {
	if ns := b.s.Namespace; ns.Import != "" {
		return cloudformation.ImportValue(ns.Import)
	}
	return cloudformation.GetAtt(b.s.Namespace.LogicalID, "Id")
}

// groupValue is a task security group of this stack, or another stack's
// by its export.
func groupValue(logicalID, imported string) string {
	if imported != "" {
		return cloudformation.ImportValue(imported)
	}
	return cloudformation.GetAtt(logicalID, "GroupId")
}
