package doctor

import "sort"

// Template is a CloudFormation template's parameters, mappings and
// resources, as written (YAML short forms already in long form).
type Template struct {
	Src       *Source
	Params    map[string]*Param
	Resources map[string]*Resource
	IDs       []string // logical IDs, sorted
	Mappings  N

	w   *World // the run this template is part of; nil while nested stacks load
	tag string // qualifies this template's placeholders in other templates

	byType   map[string][]*Resource
	policies map[string][]*Resource // by "id:"+role ID or "name:"+role name
	roles    map[string]*Resource   // by RoleName
}

// Param is one template parameter.
type Param struct {
	Name    string
	Type    string
	Default N
	Given   *Val // passed by a parent stack
}

// Resource is one template resource.
type Resource struct {
	ID    string
	Type  string
	N     N // the resource entry (Type, Properties, DeletionPolicy …)
	Props N
	T     *Template
}

func newTemplate(src *Source) *Template {
	t := &Template{Src: src, Params: map[string]*Param{}, Resources: map[string]*Resource{}}
	r := src.Root
	for _, p := range r.Get("Parameters").Pairs() {
		t.Params[p.Key] = &Param{Name: p.Key, Type: p.Value.Get("Type").Str(), Default: p.Value.Get("Default")}
		if g, ok := src.Given[p.Key]; ok && !g.Absent {
			t.Params[p.Key].Given = &g
		}
	}
	for _, p := range r.Get("Resources").Pairs() {
		t.Resources[p.Key] = &Resource{ID: p.Key, Type: p.Value.Get("Type").Str(), N: p.Value, Props: p.Value.Get("Properties"), T: t}
		t.IDs = append(t.IDs, p.Key)
	}
	sort.Strings(t.IDs)
	t.Mappings = r.Get("Mappings")
	t.byType = map[string][]*Resource{}
	for _, id := range t.IDs {
		res := t.Resources[id]
		t.byType[res.Type] = append(t.byType[res.Type], res)
	}
	return t
}

// ByType returns the resources of one type in logical-ID order.
func (t *Template) ByType(typ string) []*Resource { return t.byType[typ] }

// attachedPolicies returns the AWS::IAM::Policy and ManagedPolicy
// resources that list role in Roles, by Ref or by its RoleName; the index
// is built once per template.
func (t *Template) attachedPolicies(role *Resource, roleName Val) []*Resource {
	if t.policies == nil {
		t.policies = map[string][]*Resource{}
		r := resolver{t}
		for _, typ := range []string{typePolicy, typeManagedPolicy} {
			for _, pr := range t.ByType(typ) {
				seen := map[string]bool{}
				for _, it := range pr.Props.Get("Roles").Items() {
					v := r.eval(it)
					key := ""
					if id, ok := resRef(v); ok {
						key = "id:" + id
					} else if v.LitOK {
						key = "name:" + v.Lit
					}
					if key != "" && !seen[key] {
						seen[key] = true
						t.policies[key] = append(t.policies[key], pr)
					}
				}
			}
		}
	}
	out := t.policies["id:"+role.ID]
	if roleName.LitOK {
		have := map[*Resource]bool{}
		for _, pr := range out {
			have[pr] = true
		}
		for _, pr := range t.policies["name:"+roleName.Lit] {
			if !have[pr] {
				out = append(out, pr)
			}
		}
	}
	return out
}

// roleNamed returns the role whose RoleName is name.
func (t *Template) roleNamed(name string) *Resource {
	if t.roles == nil {
		t.roles = map[string]*Resource{}
		for _, r := range t.ByType(typeRole) {
			if rn := (resolver{t}).eval(r.Props.Get("RoleName")); rn.LitOK {
				if _, dup := t.roles[rn.Lit]; !dup {
					t.roles[rn.Lit] = r
				}
			}
		}
	}
	return t.roles[name]
}

// typeOf returns the type of resource id, "" when there is none.
func (t *Template) typeOf(id string) string {
	if t == nil {
		return ""
	}
	if r := t.Resources[id]; r != nil {
		return r.Type
	}
	return ""
}

// Resource types the doctor reads.
const (
	typeTaskDef       = "AWS::ECS::TaskDefinition"
	typeService       = "AWS::ECS::Service"
	typeFileSystem    = "AWS::EFS::FileSystem"
	typeMountTarget   = "AWS::EFS::MountTarget"
	typeAccessPoint   = "AWS::EFS::AccessPoint"
	typeRole          = "AWS::IAM::Role"
	typePolicy        = "AWS::IAM::Policy"
	typeManagedPolicy = "AWS::IAM::ManagedPolicy"
	typeSecurityGroup = "AWS::EC2::SecurityGroup"
	typeIngress       = "AWS::EC2::SecurityGroupIngress"
	typeEgress        = "AWS::EC2::SecurityGroupEgress"
	typeSubnet        = "AWS::EC2::Subnet"
	typeTaskSet       = "AWS::ECS::TaskSet"
	typeEventsRule    = "AWS::Events::Rule"
	typeSchedule      = "AWS::Scheduler::Schedule"
)
