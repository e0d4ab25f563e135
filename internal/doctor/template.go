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
	return t
}

// ByType returns the resources of one type in logical-ID order.
func (t *Template) ByType(typ string) []*Resource {
	var out []*Resource
	for _, id := range t.IDs {
		if r := t.Resources[id]; r.Type == typ {
			out = append(out, r)
		}
	}
	return out
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
