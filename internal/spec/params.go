package spec

import "github.com/efsfargate/efsfargate/internal/names"

// Template parameters share one namespace with resources in CloudFormation
// (Ref resolves either), and one name has one type. Both are checked here,
// where the field paths are known, rather than when the template is built.

type paramUse struct{ name, typ, path string }

func (r *resolver) parameterUses() []paramUse {
	p := r.p
	var uses []paramUse
	add := func(v Value, typ, path string) {
		if v.Parameter != "" {
			uses = append(uses, paramUse{v.Parameter, typ, path})
		}
	}
	add(p.Network.VPC, "AWS::EC2::VPC::Id", "network.vpc")
	add(Value{Parameter: p.Network.SubnetsParameter}, "List<AWS::EC2::Subnet::Id>", "network.subnets")
	add(p.Cluster, "String", "cluster")
	if !p.FileSystem.Managed {
		add(p.FileSystem.ID, "String", "file_system.id")
		add(p.FileSystem.SecurityGroup, "AWS::EC2::SecurityGroup::Id", "file_system.security_group")
	}
	return uses
}

// resourceIDs lists the logical IDs of the stack's resources, from
// internal/names, with what each one is.
func (r *resolver) resourceIDs() map[string]string {
	p := r.p
	ids := map[string]string{}
	if p.FileSystem.Managed {
		ids[names.FileSystem] = "the file system"
		ids[names.FileSystemSecurityGroup] = "the file system's security group"
		n := len(p.Network.MountTargetSubnets())
		if len(p.Network.Subnets) == 0 {
			n = p.Network.SubnetCount
		}
		for i := range n {
			ids[names.MountTarget(i)] = "a mount target"
		}
	}
	for _, v := range p.Volumes {
		if v.ExistingAccessPointID == "" {
			ids[names.AccessPoint(v.Name)] = "the access point of volume " + v.Name
		}
	}
	prefixes := map[string]string{}
	for _, s := range p.Services {
		prefixes[s.Name] = s.IDPrefix
		for _, suffix := range names.Suffixes {
			ids[s.IDPrefix+suffix] = "a resource of service " + s.Name
		}
	}
	for _, s := range p.Services {
		for _, c := range s.ConnectsTo {
			if prefix, ok := prefixes[c]; ok {
				ids[names.Service{Prefix: prefix}.IngressFrom(names.Service{Prefix: s.IDPrefix})] = "the rule from " + s.Name + " to " + c
				ids[names.Namespace] = "the service-discovery namespace"
			}
		}
	}
	return ids
}

func (r *resolver) checkParameters() {
	uses := r.parameterUses()
	if len(uses) == 0 {
		return
	}
	ids := r.resourceIDs()
	first := map[string]paramUse{}
	for _, u := range uses {
		at := u.path
		if _, ok := r.d.pos[join(u.path, "parameter")]; ok {
			at = join(u.path, "parameter")
		}
		if what, clash := ids[u.name]; clash {
			r.fail(at, "rename the parameter, e.g. "+u.name+"Param", "parameter %q has the logical ID of %s", u.name, what)
		}
		if f, seen := first[u.name]; seen && f.typ != u.typ {
			where := f.path
			if _, given := r.d.pos[f.path]; !given {
				where = f.path + " (by default)"
			}
			r.fail(at, "use another parameter name here", "parameter %q has type %s at %s and would have type %s here", u.name, f.typ, where, u.typ)
		} else if !seen {
			first[u.name] = u
		}
	}
}
