// Package equiv compares the two forms of an efsfargate stack, the raw
// CloudFormation template and the CDK-synthesized one, resource by resource.
//
// Both templates are first normalized: resources get names from what they
// are (the task definition of container web-app, the access point rooted at
// /shared-data, the mount target in the first subnet) instead of their logical
// IDs; intrinsics are spelled one way (Fn::Join and Fn::Sub of the same ARN
// become the same string); IAM policies are gathered onto their roles; and
// the VPC scaffolding that only the CDK form creates is set aside.
package equiv

import (
	"fmt"
	"sort"
	"strings"
)

// Template is a CloudFormation template as decoded from JSON.
type Template map[string]any

// Model is a normalized template: canonical resource name → properties.
type Model struct {
	Resources  map[string]map[string]any
	Outputs    map[string]any
	Parameters map[string]any
	// Ignored lists the logical IDs set aside as scaffolding, for reports.
	Ignored []string
}

type resource struct {
	id    string
	typ   string
	props map[string]any
	attrs map[string]any // DeletionPolicy, UpdateReplacePolicy, Condition
	// dependsOn is the resource's DependsOn, as logical IDs.
	dependsOn []string
}

type normalizer struct {
	res   map[string]*resource
	names map[string]string // logical ID → canonical name
	// subnetIndex maps a subnet's logical ID to its position in the first
	// service's subnet list.
	subnetIndex map[string]int
	// params maps parameter names to their types; clusterParams are the
	// parameters used as a service's cluster.
	params        map[string]string
	clusterParams map[string]bool
	// others are the project's other stacks by stack name, for what they
	// import from this one.
	others map[string]Template
	// outputs are the template's outputs.
	outputs map[string]any
}

// scaffoldTypes are resource types only the CDK form creates around the
// services (a new VPC and cluster, metadata, custom resources).
var scaffoldTypes = map[string]bool{
	"AWS::EC2::VPC": true, "AWS::EC2::Subnet": true, "AWS::EC2::RouteTable": true,
	"AWS::EC2::SubnetRouteTableAssociation": true, "AWS::EC2::Route": true,
	"AWS::EC2::InternetGateway": true, "AWS::EC2::VPCGatewayAttachment": true,
	"AWS::EC2::NatGateway": true, "AWS::EC2::EIP": true, "AWS::EC2::FlowLog": true,
	"AWS::ECS::Cluster": true, "AWS::ECS::ClusterCapacityProviderAssociations": true,
	"AWS::CDK::Metadata": true, "Custom::VpcRestrictDefaultSG": true,
}

// Normalize turns a template into a Model.
func Normalize(t Template) (*Model, error) { return NormalizeStack(t, nil) }

// NormalizeStack turns one stack of several into a Model: a parameter the
// stack only exports for the other stacks' services to run in reads as
// their cluster.
func NormalizeStack(t Template, others map[string]Template) (*Model, error) {
	n := &normalizer{res: map[string]*resource{}, names: map[string]string{}, subnetIndex: map[string]int{},
		params: map[string]string{}, clusterParams: map[string]bool{}, others: others}
	params, _ := t["Parameters"].(map[string]any)
	for k, v := range params {
		p, _ := v.(map[string]any)
		n.params[k] = fmt.Sprint(p["Type"])
	}
	conditions, _ := t["Conditions"].(map[string]any)
	resources, _ := t["Resources"].(map[string]any)
	for id, raw := range resources {
		r, _ := raw.(map[string]any)
		props, _ := r["Properties"].(map[string]any)
		if props == nil {
			props = map[string]any{}
		}
		res := &resource{id: id, typ: fmt.Sprint(r["Type"]), props: props, attrs: map[string]any{}}
		for _, k := range []string{"DeletionPolicy", "UpdateReplacePolicy"} {
			if v, ok := r[k]; ok {
				res.attrs[k] = v
			}
		}
		// A condition compares by what it tests, not by its name.
		if c, ok := r["Condition"].(string); ok {
			res.attrs["Condition"] = "${unknown condition:" + c + "}"
			if def, ok := conditions[c]; ok {
				res.attrs["Condition"] = def
			}
		}
		res.dependsOn = dependsOnList(r["DependsOn"])
		n.res[id] = res
		if res.typ == "AWS::ECS::Service" {
			if c := refTarget(props["Cluster"]); c != "" {
				n.clusterParams[c] = true
			}
		}
	}
	outputs, _ := t["Outputs"].(map[string]any)
	n.outputs = outputs
	n.passedOnClusters()
	if err := n.name(); err != nil {
		return nil, err
	}
	scaffold := n.scaffold()
	m := &Model{Resources: map[string]map[string]any{}, Outputs: map[string]any{}, Parameters: map[string]any{}}
	for _, id := range sortedKeys(n.res) {
		r := n.res[id]
		if r.typ == "AWS::IAM::Policy" && n.policyOfNamedRole(r) {
			continue // merged into its roles below
		}
		name, ok := n.names[id]
		if !ok {
			if scaffold[id] {
				m.Ignored = append(m.Ignored, id)
				continue
			}
			name = "Unmatched " + r.typ + " " + id
		}
		props := n.value(r.props).(map[string]any)
		for k, v := range r.attrs {
			props["@"+k] = n.value(v)
		}
		props[depsKey] = n.dependencies(id, scaffold)
		if _, dup := m.Resources[name]; dup {
			return nil, fmt.Errorf("two resources normalize to %s", name)
		}
		m.Resources[name] = n.shape(r.typ, props)
	}
	n.mergePolicies(m)
	extractInlineIngress(m)
	for k, v := range outputs {
		o, _ := v.(map[string]any)
		m.Outputs[k] = map[string]any{"Value": n.value(o["Value"]), "Export": n.value(o["Export"])}
	}
	for k, v := range params {
		if k == "BootstrapVersion" || strings.HasPrefix(k, "AssetParameters") {
			continue // CDK's bootstrap and asset parameters
		}
		p, _ := v.(map[string]any)
		m.Parameters[k] = p["Type"]
	}
	return m, nil
}

// passedOnClusters marks as cluster parameters those the stack only
// exports for other stacks' services to run in (a split layout's base
// stack passing its ClusterArn on).
func (n *normalizer) passedOnClusters() {
	imported := map[string]bool{}
	for _, other := range n.others {
		resources, _ := other["Resources"].(map[string]any)
		for _, raw := range resources {
			r, _ := raw.(map[string]any)
			props, _ := r["Properties"].(map[string]any)
			c, _ := props["Cluster"].(map[string]any)
			if name, ok := c["Fn::ImportValue"].(string); ok && r["Type"] == "AWS::ECS::Service" {
				imported[name] = true
			}
		}
	}
	for _, v := range n.outputs {
		o, _ := v.(map[string]any)
		export, _ := o["Export"].(map[string]any)
		name, _ := export["Name"].(string)
		if p := refTarget(o["Value"]); imported[name] && n.params[p] != "" {
			n.clusterParams[p] = true
		}
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
