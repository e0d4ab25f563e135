package spec

import (
	"reflect"
	"strings"

	"gopkg.in/yaml.v3"
)

// Fields that accept more than one shape: a scalar short form or a mapping.

// ValueFile is a literal, {parameter: Name} or {import: ExportName}.
type ValueFile struct {
	Literal   string
	Parameter string
	Import    string
}

func (v *ValueFile) decodeNode(d *decoder, n *yaml.Node, path string) {
	switch n.Kind {
	case yaml.ScalarNode:
		if n.Value == "" {
			d.errorf(n, path, "give a value or remove the key", "value is empty")
		}
		v.Literal = n.Value
	case yaml.MappingNode:
		var m struct {
			Parameter *string `yaml:"parameter"`
			Import    *string `yaml:"import"`
		}
		before := len(d.errs)
		d.decodeStruct(n, reflect.ValueOf(&m).Elem(), path)
		if len(d.errs) > before {
			return
		}
		switch {
		case m.Parameter != nil && m.Import != nil:
			d.errorf(n, path, "keep one of them", "parameter and import cannot both be set")
		case m.Parameter != nil:
			v.Parameter = *m.Parameter
			if !logicalIDRe.MatchString(v.Parameter) {
				d.errorf(n, join(path, "parameter"), "use letters and digits only, e.g. ClusterArn", "%q is not a valid CloudFormation parameter name", v.Parameter)
			}
		case m.Import != nil:
			v.Import = *m.Import
			if v.Import == "" {
				d.errorf(n, join(path, "import"), "name the export to import", "import is empty")
			}
		default:
			d.errorf(n, path, "write {parameter: Name} or {import: ExportName}", "expected parameter or import")
		}
	default:
		d.errorf(n, path, "write a value, {parameter: Name} or {import: ExportName}", "expected a value, got %s", describe(n))
	}
}

func (v *ValueFile) value() Value {
	if v == nil {
		return Value{}
	}
	return Value{Literal: v.Literal, Parameter: v.Parameter, Import: v.Import}
}

// SubnetsFile is a list of subnets or {parameter: Name}.
type SubnetsFile struct {
	Parameter string
	List      []SubnetEntry
}

func (s *SubnetsFile) decodeNode(d *decoder, n *yaml.Node, path string) {
	switch n.Kind {
	case yaml.SequenceNode:
		s.List = make([]SubnetEntry, len(n.Content))
		for i, item := range n.Content {
			d.decode(item, reflect.ValueOf(&s.List[i]).Elem(), index(path, i))
		}
		if len(s.List) == 0 {
			d.errorf(n, path, "list at least one subnet, one per Availability Zone", "no subnets")
		}
	case yaml.MappingNode:
		var v ValueFile
		v.decodeNode(d, n, path)
		if v.Import != "" {
			d.errorf(n, path, "use {parameter: SubnetIds} or a list of subnet ids", "subnets cannot be imported")
		}
		s.Parameter = v.Parameter
	default:
		d.errorf(n, path, "write a list of subnet ids or {parameter: SubnetIds}", "expected a list, got %s", describe(n))
	}
}

// SubnetEntry is "subnet-…" or {id: subnet-…, az: us-east-1a}.
type SubnetEntry struct {
	ID string `yaml:"id" required:"true"`
	AZ string `yaml:"az"`
}

func (s *SubnetEntry) decodeNode(d *decoder, n *yaml.Node, path string) {
	if n.Kind == yaml.ScalarNode {
		s.ID = n.Value
		return
	}
	d.decodeStruct(n, reflect.ValueOf(s).Elem(), path)
}

// VolumeEntry is "name:/path[:ro|:rw]" or the long form.
type VolumeEntry struct {
	Short string
	Long  *VolumeLong
}

func (v *VolumeEntry) decodeNode(d *decoder, n *yaml.Node, path string) {
	switch n.Kind {
	case yaml.ScalarNode:
		v.Short = n.Value
	case yaml.MappingNode:
		if d.spaceAfterColon(n, path) {
			return
		}
		v.Long = &VolumeLong{}
		d.decodeStruct(n, reflect.ValueOf(v.Long).Elem(), path)
	default:
		d.errorf(n, path, "write \"<volume-name>:<container-path>\" or the long form with name and path", "expected a volume, got %s", describe(n))
	}
}

var volumeLongKeys, _ = fieldsOf(reflect.TypeOf(VolumeLong{}))

// spaceAfterColon explains "- data-store: /data/db" (a space after the
// colon), which YAML reads as a one-key mapping, rather than listing
// unknown keys. It reports whether n was that mistake.
func (d *decoder) spaceAfterColon(n *yaml.Node, path string) bool {
	if len(n.Content) != 2 {
		return false
	}
	k := resolveAlias(n.Content[0])
	if k == nil || k.Kind != yaml.ScalarNode || isMergeKey(k) || isTagged(k) || isExtension(k.Value) {
		return false
	}
	if _, known := volumeLongKeys[k.Value]; known {
		return false
	}
	val := resolveAlias(n.Content[1])
	switch {
	case isNull(val) && strings.Contains(k.Value, ":"):
		d.errorf(n, path, "write "+k.Value+":ro or "+k.Value+":rw, or remove the last colon", "%q ends with a colon but gives no mount mode", k.Value+":")
	case isNull(val):
		d.errorf(n, path, "give the container path after the colon, e.g. "+k.Value+":/data", "container path is missing")
	default:
		d.errorf(n, path, "write "+k.Value+":"+val.Value+" without a space after the colon, or quote the entry", "%q is read as a mapping, not a volume", k.Value+": "+val.Value)
	}
	return true
}

// Services keeps the services in file order.
type Services []ServiceEntry

// ServiceEntry is one named service.
type ServiceEntry struct {
	Name    string
	Service ServiceFile
	node    *yaml.Node
}

func (s *Services) decodeNode(d *decoder, n *yaml.Node, path string) {
	if n.Kind != yaml.MappingNode {
		d.errorf(n, path, "write one \"<name>:\" mapping per service", "expected a mapping of services, got %s", describe(n))
		return
	}
	seen := map[string]bool{}
	outer := d.alias
	defer func() { d.alias = outer }()
	for _, pr := range d.pairs(n, path) {
		d.alias = outer
		k, val := pr.k, d.resolve(pr.v)
		p := join(path, k.Value)
		if val == nil || !d.spend(val, p) {
			return
		}
		if !d.checkTag(val, p, false) {
			continue
		}
		if seen[k.Value] {
			d.errorf(k, p, "rename or remove one of them", "service %q is defined twice", k.Value)
			continue
		}
		seen[k.Value] = true
		e := ServiceEntry{Name: k.Value, node: k}
		d.mark(p, k)
		if isNull(val) {
			d.errorf(k, p, "add at least image: …", "service %q has no settings", k.Value)
		} else {
			d.decodeStruct(val, reflect.ValueOf(&e.Service).Elem(), p)
		}
		*s = append(*s, e)
	}
}
