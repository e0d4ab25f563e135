package plan

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/efsfargate/efsfargate/internal/spec"
)

// Stacks decides every stack of a project in deploy order: the one stack
// of Build, or with layout split a base stack <app>-<stage> holding the
// data and one stack <app>-<stage>-<service> per service importing from it.
func Stacks(p *spec.Project) ([]*Stack, error) {
	whole, err := Build(p)
	if err != nil {
		return nil, err
	}
	if !p.Split() {
		return []*Stack{whole}, nil
	}
	return split(p, whole)
}

// NamespaceIDOutput names the base stack's export of the namespace id.
const NamespaceIDOutput = "NamespaceId"

// stackNameRe is what CloudFormation accepts as a stack name.
var stackNameRe = regexp.MustCompile(`^[A-Za-z][-A-Za-z0-9]{0,127}$`)

// ServiceStackName is <app>-<stage>-<service>; an underscore, which stack
// names do not allow, becomes a hyphen.
func ServiceStackName(project, service string) string {
	return project + "-" + strings.ReplaceAll(service, "_", "-")
}

// BaseDescription and ServiceDescription describe the split layout's stacks.
func BaseDescription(app, stage string) string {
	return "efsfargate: app " + app + ", stage " + stage + ": the EFS file system and what the services share"
}

func ServiceDescription(app, stage, service string) string {
	return "efsfargate: app " + app + ", stage " + stage + ", service " + service + ": an ECS Fargate service with Amazon EFS volumes"
}

// split cuts the whole stack in two kinds: what lives as long as the data
// (the base) and what changes with each service.
func split(p *spec.Project, whole *Stack) ([]*Stack, error) {
	base := baseStack(p, whole)
	exported := map[OutputKind]map[string]string{}
	for _, o := range base.Outputs {
		if exported[o.Kind] == nil {
			exported[o.Kind] = map[string]string{}
		}
		exported[o.Kind][o.Of] = o.Export
	}
	if !base.hasResources() {
		// CloudFormation refuses a stack without resources.
		return nil, fmt.Errorf("plan: layout split: the base stack would be empty, since the file system and every access point already exist and no service calls another (use layout: single)")
	}
	out := []*Stack{base}
	// Each service stack exports its task group as the single stack does.
	groupExport := map[string]string{}
	for _, o := range whole.Outputs {
		if o.Kind == OutputTaskSecurityGroupID {
			groupExport[o.Of] = o.Export
		}
	}
	index := make(map[string]int, len(whole.Services))
	for i, svc := range whole.Services {
		index[svc.Name] = i
	}
	stacks := make([]*Stack, len(whole.Services))
	taken := map[string]string{}
	for i := range whole.Services {
		svc := whole.Services[i]
		name := ServiceStackName(whole.Name, svc.Name)
		if !stackNameRe.MatchString(name) {
			return nil, fmt.Errorf("plan: service %s: stack name %q is not a CloudFormation stack name (letters, digits and hyphens, at most 128; shorten the app, stage or service name)", svc.Name, name)
		}
		if other, dup := taken[name]; dup {
			return nil, fmt.Errorf("plan: services %s and %s would both deploy as stack %s (rename one)", other, svc.Name, name)
		}
		taken[name] = svc.Name
		s := serviceStack(p, whole, svc, exported)
		s.Name = name
		s.DependsOn = []string{base.Name}
		stacks[i] = s
	}
	// A connects_to rule goes to the later of its two stacks, so imports
	// between service stacks always point back in deploy order, even for
	// services that call each other.
	for j, server := range whole.Services {
		for _, rule := range server.Ingress {
			i, ok := index[rule.From]
			if !ok {
				return nil, fmt.Errorf("plan: service %s admits unknown service %s", server.Name, rule.From)
			}
			switch {
			case i == j:
				stacks[j].Services[0].Ingress = append(stacks[j].Services[0].Ingress, rule)
			case i < j:
				rule.FromImport = groupExport[rule.From]
				stacks[j].Services[0].Ingress = append(stacks[j].Services[0].Ingress, rule)
				stacks[j].dependOn(stacks[i].Name)
			default:
				rule.GroupImport = groupExport[server.Name]
				stacks[i].Services[0].Ingress = append(stacks[i].Services[0].Ingress, rule)
				stacks[i].dependOn(stacks[j].Name)
			}
		}
	}
	return append(out, stacks...), nil
}

func (s *Stack) dependOn(name string) {
	for _, d := range s.DependsOn {
		if d == name {
			return
		}
	}
	s.DependsOn = append(s.DependsOn, name)
}

// hasResources reports whether the base stack makes anything.
func (s *Stack) hasResources() bool {
	if s.FileSystem.Managed || s.Namespace != nil {
		return true
	}
	for _, ap := range s.AccessPoints {
		if ap.ExistingID == "" {
			return true
		}
	}
	return false
}

func baseStack(p *spec.Project, whole *Stack) *Stack {
	base := &Stack{
		Name:         whole.Name,
		Description:  BaseDescription(p.App, p.Stage),
		Network:      whole.Network,
		Cluster:      whole.Cluster,
		FileSystem:   whole.FileSystem,
		AccessPoints: whole.AccessPoints,
		Namespace:    whole.Namespace,
		Base:         true,
	}
	base.indexAccessPoints()
	for _, o := range whole.Outputs {
		switch o.Kind {
		case OutputFileSystemID, OutputFileSystemSecurityGroupID, OutputAccessPointID:
			base.Outputs = append(base.Outputs, o)
		}
	}
	if base.Namespace != nil {
		base.Outputs = append(base.Outputs, newOutput(whole.Name, NamespaceIDOutput, "ID of the service-discovery namespace "+base.Namespace.Name, OutputNamespaceID, ""))
	}
	fs := whole.FileSystem
	// What the stack's parameters give (or the CDK form makes) is passed
	// on once, so a service stack takes no parameters and its tasks run
	// in the subnets the mount targets were made for.
	passOn := func(name, description string, kind OutputKind, from string) {
		if from != "" {
			base.Outputs = append(base.Outputs, newOutput(whole.Name, name, description, kind, ""))
		}
	}
	if !fs.Managed && fs.SecurityGroup.Parameter != "" {
		base.Outputs = append(base.Outputs, fileSystemGroupOutput(whole.Name))
	}
	passOn(ServicesVPCOutput, "VPC of the services' tasks", OutputServicesVPCID, whole.Network.VPC.Parameter)
	passOn(ServicesSubnetsOutput, "Subnets of the services' tasks, comma-separated", OutputServicesSubnetIDs, whole.Network.SubnetsParameter)
	passOn(ServicesClusterOutput, "ECS cluster of the services", OutputServicesCluster, whole.Cluster.Value.Parameter)
	newAccessPoints := false
	for _, ap := range whole.AccessPoints {
		newAccessPoints = newAccessPoints || ap.ExistingID == ""
	}
	exportsID := false
	for _, o := range base.Outputs {
		exportsID = exportsID || o.Kind == OutputFileSystemID
	}
	base.Parameters = keep(whole.Parameters,
		whole.Network.VPC.Parameter,
		whole.Network.SubnetsParameter,
		whole.Cluster.Value.Parameter,
		use(fs.ID.Parameter, !fs.Managed && (exportsID || newAccessPoints)),
		fs.SecurityGroup.Parameter,
	)
	for i, prm := range base.Parameters {
		if prm.Name == whole.Network.VPC.Parameter {
			base.Parameters[i].Description = baseVPCDescription(fs.Managed, whole.Namespace != nil)
		}
	}
	return base
}

// Outputs by which the base stack passes the services' network and cluster
// on to the service stacks.
const (
	ServicesVPCOutput     = "ServicesVpcId"
	ServicesSubnetsOutput = "ServicesSubnetIds"
	ServicesClusterOutput = "ServicesCluster"
)

// baseVPCDescription says what the base stack places in the VPC.
func baseVPCDescription(mountTargets, namespace bool) string {
	uses := []string{"the services' tasks"}
	if namespace {
		uses = append(uses, "their DNS namespace")
	}
	if mountTargets {
		uses = append(uses, "the EFS mount targets")
	}
	last := len(uses) - 1
	if last == 0 {
		return "VPC of " + uses[0]
	}
	return "VPC of " + strings.Join(uses[:last], ", ") + " and " + uses[last]
}

// serviceStack holds one service; exported maps what the base stack
// exports, by kind and subject, to its export name.
func serviceStack(p *spec.Project, whole *Stack, svc Service, exported map[OutputKind]map[string]string) *Stack {
	svc.Ingress = nil // placed by split
	s := &Stack{
		Description: ServiceDescription(p.App, p.Stage, svc.Name),
		Network:     whole.Network,
		Cluster:     whole.Cluster,
		Services:    []Service{svc},
	}
	// The network and cluster are the base stack's: imported where it
	// passes them on, as written otherwise (literal ids, imports).
	s.Network.Default, s.Network.MountTargetSubnets = false, nil
	if e := exported[OutputServicesVPCID][""]; e != "" {
		s.Network.VPC = spec.Value{Import: e}
	}
	if e := exported[OutputServicesSubnetIDs][""]; e != "" {
		s.Network.SubnetsParameter, s.Network.SubnetsImport = "", e
	}
	if e := exported[OutputServicesCluster][""]; e != "" {
		s.Cluster = Cluster{Value: spec.Value{Import: e}}
	}
	fs := whole.FileSystem
	s.FileSystem = FileSystem{ID: fs.ID, SecurityGroup: fs.SecurityGroup}
	if e := exported[OutputFileSystemID][""]; e != "" {
		s.FileSystem.ID = spec.Value{Import: e}
	}
	if e := exported[OutputFileSystemSecurityGroupID][""]; e != "" {
		s.FileSystem.SecurityGroup = spec.Value{Import: e}
	}
	for _, v := range svc.Volumes {
		ap := *whole.AccessPoint(v.Name)
		if e := exported[OutputAccessPointID][ap.Volume]; e != "" {
			ap = AccessPoint{Volume: ap.Volume, LogicalID: ap.LogicalID, Import: e}
		}
		s.AccessPoints = append(s.AccessPoints, ap)
	}
	s.indexAccessPoints()
	if svc.Discovery != nil {
		ns := *whole.Namespace
		ns.Import = exported[OutputNamespaceID][""]
		s.Namespace = &ns
	}
	for _, o := range whole.Outputs {
		if (o.Kind == OutputTaskSecurityGroupID || o.Kind == OutputServiceName) && o.Of == svc.Name {
			s.Outputs = append(s.Outputs, o)
		}
	}
	s.Parameters = keep(whole.Parameters,
		s.Network.VPC.Parameter,
		s.Network.SubnetsParameter,
		s.Cluster.Value.Parameter,
		use(s.FileSystem.ID.Parameter, len(svc.Volumes) > 0),
		use(s.FileSystem.SecurityGroup.Parameter, svc.NFS != nil),
	)
	return s
}

func (s *Stack) indexAccessPoints() {
	s.accessPointIndex = make(map[string]int, len(s.AccessPoints))
	for i, ap := range s.AccessPoints {
		s.accessPointIndex[ap.Volume] = i
	}
}

// use names a parameter a stack refers to when used is true.
func use(name string, used bool) string {
	if used {
		return name
	}
	return ""
}

// keep returns the parameters named, in the whole stack's order.
func keep(params []Parameter, names ...string) []Parameter {
	var out []Parameter
	for _, p := range params {
		for _, n := range names {
			if n != "" && n == p.Name {
				out = append(out, p)
				break
			}
		}
	}
	return out
}
