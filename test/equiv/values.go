package equiv

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// value spells a property value one way: intrinsics become strings with
// ${…} tokens named canonically, scalars become strings (CloudFormation
// reads 2, "2", true and "true" alike), maps and lists are walked.
func (n *normalizer) value(v any) any {
	switch x := v.(type) {
	case map[string]any:
		if len(x) == 1 {
			for k, arg := range x {
				if s, ok := n.intrinsic(k, arg); ok {
					return s
				}
			}
		}
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = n.value(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = n.value(e)
		}
		return collapseSubnets(out)
	case nil:
		return nil
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	default:
		return fmt.Sprint(x)
	}
}

// collapseSubnets turns [${subnet[0]}, ${subnet[1]} …] into ${subnets}, the
// same as a Ref of the subnets list parameter.
func collapseSubnets(list []any) any {
	if len(list) == 0 {
		return list
	}
	for i, e := range list {
		if e != fmt.Sprintf("${subnet[%d]}", i) {
			return list
		}
	}
	return "${subnets}"
}

var subRe = regexp.MustCompile(`\$\{([^}!][^}]*)\}`)

func subNames(s string) []string {
	var out []string
	for _, m := range subRe.FindAllStringSubmatch(s, -1) {
		out = append(out, strings.SplitN(m[1], ".", 2)[0])
	}
	return out
}

func (n *normalizer) intrinsic(fn string, arg any) (any, bool) {
	switch fn {
	case "Ref":
		s, _ := arg.(string)
		return n.ref(s), true
	case "Fn::GetAtt":
		switch g := arg.(type) {
		case []any:
			if len(g) == 2 {
				return n.getAtt(fmt.Sprint(g[0]), fmt.Sprint(g[1])), true
			}
		case string:
			parts := strings.SplitN(g, ".", 2)
			if len(parts) == 2 {
				return n.getAtt(parts[0], parts[1]), true
			}
		}
	case "Fn::Join":
		g, _ := arg.([]any)
		if len(g) != 2 {
			return nil, false
		}
		joined := n.value(g[1])
		if s, ok := joined.(string); ok {
			// A list-valued expression (a Ref of a list parameter, or
			// subnets that collapse to one).
			return "${join " + fmt.Sprint(g[0]) + " " + s + "}", true
		}
		parts, _ := joined.([]any)
		var b strings.Builder
		for i, p := range parts {
			s, ok := p.(string)
			if !ok {
				return map[string]any{fn: n.value(arg)}, true
			}
			if i > 0 {
				b.WriteString(fmt.Sprint(g[0]))
			}
			b.WriteString(s)
		}
		return b.String(), true
	case "Fn::Sub":
		str, _ := arg.(string)
		vars := map[string]any{}
		if arr, ok := arg.([]any); ok && len(arr) == 2 {
			str, _ = arr[0].(string)
			vars, _ = arr[1].(map[string]any)
		}
		out := subRe.ReplaceAllStringFunc(str, func(m string) string {
			name := m[2 : len(m)-1]
			if v, ok := vars[name]; ok {
				return fmt.Sprint(n.value(v))
			}
			if parts := strings.SplitN(name, ".", 2); len(parts) == 2 {
				return n.getAtt(parts[0], parts[1])
			}
			return n.ref(name)
		})
		return strings.ReplaceAll(out, "${!", "${"), true
	case "Fn::Select":
		g, _ := arg.([]any)
		if len(g) != 2 {
			return nil, false
		}
		i := fmt.Sprint(n.value(g[0]))
		list := n.value(g[1])
		if list == "${subnets}" {
			return "${subnet[" + i + "]}", true
		}
		return fmt.Sprintf("${select %s of %v}", i, list), true
	case "Fn::ImportValue":
		return fmt.Sprintf("${import:%v}", n.value(arg)), true
	case "Fn::GetAZs":
		return "${azs}", true
	}
	return nil, false
}

// ref spells a Ref: pseudo parameters as themselves, the network parameters
// and CDK's new VPC, subnets and cluster as the same ${vpc}, ${subnets},
// ${subnet[i]} and ${cluster}, resources by canonical name.
func (n *normalizer) ref(id string) string {
	if strings.HasPrefix(id, "AWS::") {
		return "${" + id + "}"
	}
	if t, ok := n.params[id]; ok {
		switch t {
		case "AWS::EC2::VPC::Id":
			return "${vpc}"
		case "List<AWS::EC2::Subnet::Id>":
			return "${subnets}"
		}
		if n.clusterParams[id] {
			return "${cluster}"
		}
		return "${param:" + id + "}"
	}
	r := n.res[id]
	if r == nil {
		return "${unknown:" + id + "}"
	}
	if name, ok := n.names[id]; ok {
		if r.typ == "AWS::EC2::SecurityGroup" {
			return "${sg:" + name + "}"
		}
		return "${ref:" + name + "}"
	}
	switch r.typ {
	case "AWS::EC2::VPC":
		return "${vpc}"
	case "AWS::ECS::Cluster":
		return "${cluster}"
	case "AWS::EC2::Subnet":
		if i, ok := n.subnetIndex[id]; ok {
			return fmt.Sprintf("${subnet[%d]}", i)
		}
	}
	return "${ref:" + r.typ + "}"
}

func (n *normalizer) getAtt(id, attr string) string {
	r := n.res[id]
	if r == nil {
		return "${unknown:" + id + "." + attr + "}"
	}
	switch {
	case r.typ == "AWS::EC2::SecurityGroup" && attr == "GroupId":
		return n.ref(id)
	case r.typ == "AWS::EFS::AccessPoint" && attr == "Arn":
		return "arn:${AWS::Partition}:elasticfilesystem:${AWS::Region}:${AWS::AccountId}:access-point/" + n.ref(id)
	case r.typ == "AWS::EFS::FileSystem" && attr == "Arn":
		return "arn:${AWS::Partition}:elasticfilesystem:${AWS::Region}:${AWS::AccountId}:file-system/" + n.ref(id)
	case r.typ == "AWS::ECS::Cluster" && attr == "Arn":
		return n.ref(id)
	case r.typ == "AWS::EC2::VPC" && attr == "VpcId":
		return n.ref(id)
	}
	if name, ok := n.names[id]; ok {
		return "${" + name + "." + attr + "}"
	}
	return "${" + r.typ + "." + attr + "}"
}
