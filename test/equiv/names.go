package equiv

import (
	"fmt"
	"strings"
)

// name gives every resource that efsfargate makes a name from what it is,
// starting from the services: a service's task definition, roles, log group
// and security group are named after its container.
func (n *normalizer) name() error {
	for _, id := range sortedKeys(n.res) {
		r := n.res[id]
		if r.typ != "AWS::ECS::Service" {
			continue
		}
		td := refTarget(r.props["TaskDefinition"])
		tdr := n.res[td]
		if tdr == nil {
			return fmt.Errorf("service %s: task definition not found in the template", id)
		}
		containers, _ := tdr.props["ContainerDefinitions"].([]any)
		if len(containers) == 0 {
			return fmt.Errorf("task definition %s has no container", td)
		}
		c0, _ := containers[0].(map[string]any)
		c := fmt.Sprint(c0["Name"])
		n.setName(id, "Service "+c)
		n.setName(td, "TaskDefinition "+c)
		if regs, ok := r.props["ServiceRegistries"].([]any); ok && len(regs) > 0 {
			if reg, ok := regs[0].(map[string]any); ok {
				n.setName(refTarget(reg["RegistryArn"]), "DiscoveryService "+c)
			}
		}
		n.setName(refTarget(tdr.props["TaskRoleArn"]), "TaskRole "+c)
		n.setName(refTarget(tdr.props["ExecutionRoleArn"]), "ExecutionRole "+c)
		if lc, ok := c0["LogConfiguration"].(map[string]any); ok {
			opts, _ := lc["Options"].(map[string]any)
			n.setName(refTarget(opts["awslogs-group"]), "LogGroup "+c)
		}
		awsvpc := dig(r.props, "NetworkConfiguration", "AwsvpcConfiguration")
		groups, _ := awsvpc["SecurityGroups"].([]any)
		for i, g := range groups {
			suffix := ""
			if i > 0 {
				suffix = fmt.Sprintf(" #%d", i+1)
			}
			n.setName(refTarget(g), "TaskSecurityGroup "+c+suffix)
		}
		// The first service's subnets number the subnets for mount targets.
		if subnets, ok := awsvpc["Subnets"].([]any); ok && len(n.subnetIndex) == 0 {
			for i, s := range subnets {
				if t := refTarget(s); t != "" {
					n.subnetIndex[t] = i
				}
			}
		}
	}
	// Without a service (a split layout's base stack), the mount targets
	// number their subnets in logical-ID order.
	if len(n.subnetIndex) == 0 {
		for _, id := range sortedKeys(n.res) {
			if r := n.res[id]; r.typ == "AWS::EFS::MountTarget" {
				if t := refTarget(r.props["SubnetId"]); t != "" && n.res[t] != nil {
					if _, seen := n.subnetIndex[t]; !seen {
						n.subnetIndex[t] = len(n.subnetIndex)
					}
				}
			}
		}
	}
	// Without mount targets either (an existing file system), the subnets
	// the base stack passes on number them.
	if len(n.subnetIndex) == 0 {
		for _, k := range sortedKeys(n.outputs) {
			o, _ := n.outputs[k].(map[string]any)
			value, _ := o["Value"].(map[string]any)
			join, _ := value["Fn::Join"].([]any)
			if len(join) != 2 {
				continue
			}
			list, _ := join[1].([]any)
			for _, e := range list {
				if t := refTarget(e); n.res[t] != nil && n.res[t].typ == "AWS::EC2::Subnet" {
					n.subnetIndex[t] = len(n.subnetIndex)
				}
			}
		}
	}
	fsCount := 0
	for _, id := range sortedKeys(n.res) {
		r := n.res[id]
		switch r.typ {
		case "AWS::EFS::FileSystem":
			fsCount++
			name := "FileSystem"
			if fsCount > 1 {
				name = fmt.Sprintf("FileSystem #%d", fsCount)
			}
			n.setName(id, name)
		case "AWS::ServiceDiscovery::PrivateDnsNamespace":
			n.setName(id, "Namespace "+fmt.Sprint(r.props["Name"]))
		case "AWS::EFS::AccessPoint":
			n.setName(id, "AccessPoint "+fmt.Sprint(dig(r.props, "RootDirectory")["Path"]))
		case "AWS::EFS::MountTarget":
			groups, _ := r.props["SecurityGroups"].([]any)
			for _, g := range groups {
				if t := refTarget(g); t != "" {
					if _, named := n.names[t]; !named {
						n.setName(t, "FileSystemSecurityGroup")
					}
				}
			}
		}
	}
	// Mount targets and ingress rules are named by their normalized content,
	// which needs the names above.
	for _, id := range sortedKeys(n.res) {
		r := n.res[id]
		switch r.typ {
		case "AWS::EFS::MountTarget":
			n.setName(id, fmt.Sprintf("MountTarget %v in %v", n.value(r.props["FileSystemId"]), n.value(r.props["SubnetId"])))
		case "AWS::EC2::SecurityGroupIngress":
			n.setName(id, ingressName(n.value(r.props).(map[string]any)))
		}
	}
	return nil
}

func ingressName(p map[string]any) string {
	src := p["SourceSecurityGroupId"]
	if src == nil {
		src = p["CidrIp"]
	}
	if src == nil {
		src = p["CidrIpv6"]
	}
	return fmt.Sprintf("Ingress to %v from %v %v %v-%v", p["GroupId"], src, p["IpProtocol"], p["FromPort"], p["ToPort"])
}

func (n *normalizer) setName(id, name string) {
	if id == "" || n.res[id] == nil {
		return
	}
	if _, done := n.names[id]; !done {
		n.names[id] = name
	}
}

// refTarget returns the logical ID of {Ref: X} or {Fn::GetAtt: [X, …]}.
func refTarget(v any) string {
	m, ok := v.(map[string]any)
	if !ok {
		return ""
	}
	if r, ok := m["Ref"].(string); ok {
		return r
	}
	switch g := m["Fn::GetAtt"].(type) {
	case []any:
		if len(g) > 0 {
			s, _ := g[0].(string)
			return s
		}
	case string:
		return strings.SplitN(g, ".", 2)[0]
	}
	return ""
}

// dig walks nested maps, returning an empty map when a step is missing.
func dig(m map[string]any, keys ...string) map[string]any {
	for _, k := range keys {
		next, ok := m[k].(map[string]any)
		if !ok {
			return map[string]any{}
		}
		m = next
	}
	return m
}
