package plan

import (
	"errors"
	"fmt"

	"github.com/efsfargate/efsfargate/internal/names"
	"github.com/efsfargate/efsfargate/internal/spec"
)

// Stack is everything one efsfargate stack holds, decided.
type Stack struct {
	Name        string
	Description string
	Parameters  []Parameter
	Network     Network
	Cluster     Cluster
	FileSystem  FileSystem
	// AccessPoints, one per project volume in the order first seen.
	AccessPoints []AccessPoint
	Services     []Service
	Outputs      []Output
	// Namespace lets services find the ones they call; nil when no
	// service calls another.
	Namespace *Namespace
	// DependsOn names the stacks this one imports from, all earlier in
	// deploy order; empty in the single layout.
	DependsOn []string
	// Base is true for the split layout's base stack, which holds the data.
	Base bool

	accessPointIndex map[string]int
}

// Build decides the stack of a validated project.
func Build(p *spec.Project) (*Stack, error) {
	if p == nil {
		return nil, errors.New("plan: no project")
	}
	if len(p.Services) == 0 {
		return nil, errors.New("plan: project has no services")
	}
	s := &Stack{Name: p.Name(), Description: p.Description()}
	var params []Parameter
	var err error
	s.Network, params = network(p)
	s.Parameters = append(s.Parameters, params...)
	s.Cluster, params = cluster(p)
	s.Parameters = append(s.Parameters, params...)
	s.Parameters = append(s.Parameters, fileSystemParameters(p.FileSystem)...)
	if s.Parameters, err = uniqueParameters(s.Parameters); err != nil {
		return nil, err
	}
	s.FileSystem = fileSystem(p, s.Network)
	if s.FileSystem.Managed && len(s.FileSystem.MountTargets) == 0 {
		return nil, errors.New("plan: a managed file system needs at least one subnet for its mount targets")
	}
	for _, v := range p.Volumes {
		if names.LogicalName(v.Name) == "" {
			return nil, fmt.Errorf("plan: volume %q has no letters or digits to name its resources", v.Name)
		}
	}
	s.AccessPoints = accessPoints(p)
	s.accessPointIndex = make(map[string]int, len(s.AccessPoints))
	for i, ap := range s.AccessPoints {
		s.accessPointIndex[ap.Volume] = i
	}
	for i := range p.Services {
		svc, err := service(p, &p.Services[i])
		if err != nil {
			return nil, fmt.Errorf("plan: %w", err)
		}
		s.Services = append(s.Services, svc)
	}
	connect(p, s)
	s.Outputs = outputs(p, s)
	return s, nil
}

// uniqueParameters declares a parameter named twice once, and refuses one
// name used for two kinds of value.
func uniqueParameters(params []Parameter) ([]Parameter, error) {
	var out []Parameter
	types := map[string]string{}
	for _, p := range params {
		if t, ok := types[p.Name]; ok {
			if t != p.Type {
				return nil, fmt.Errorf("plan: parameter %s is used both as %s and as %s", p.Name, t, p.Type)
			}
			continue
		}
		types[p.Name] = p.Type
		out = append(out, p)
	}
	return out, nil
}

// Parameter returns the parameter named name, or false.
func (s *Stack) Parameter(name string) (Parameter, bool) {
	for _, p := range s.Parameters {
		if p.Name == name {
			return p, true
		}
	}
	return Parameter{}, false
}

// AccessPoint returns the access point of a volume, or nil.
func (s *Stack) AccessPoint(volume string) *AccessPoint {
	i, ok := s.accessPointIndex[volume]
	if !ok {
		return nil
	}
	return &s.AccessPoints[i]
}

// connect opens each called service's port to its callers' tasks only and
// gives it a name in the stack's namespace: <service>.<app>-<stage>.local.
func connect(p *spec.Project, s *Stack) {
	index := map[string]int{}
	for i, svc := range s.Services {
		index[svc.Name] = i
	}
	for i, client := range p.Services {
		for _, name := range client.ConnectsTo {
			j, ok := index[name]
			if !ok {
				continue
			}
			server := &s.Services[j]
			server.Ingress = append(server.Ingress, ServiceIngressRule(server.IDs, s.Services[i].IDs, client.Name, server.Port))
			if s.Namespace == nil {
				s.Namespace = &Namespace{LogicalID: names.Namespace, Name: NamespaceName(p.Name())}
			}
			if server.Discovery == nil {
				server.Discovery = &Discovery{
					LogicalID: server.IDs.DiscoveryService(),
					Name:      server.Name,
					DNSName:   server.Name + "." + s.Namespace.Name,
					TTL:       DiscoveryTTL,
				}
			}
		}
	}
}
