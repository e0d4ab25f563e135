// Package rules holds efsfargate's project-wide promises about every template
// it produces, raw or CDK-synthesized: no open or all-protocol ingress, no
// wildcard IAM actions, EFS traffic encrypted in transit, file systems kept
// on delete unless the spec asked otherwise.
package rules

import (
	"fmt"
	"sort"
	"strings"
)

// Check returns one line per broken promise in a template decoded from JSON.
// destroyAllowed is true when the spec asked for removal: destroy.
func Check(t map[string]any, destroyAllowed bool) []string {
	var out []string
	resources, _ := t["Resources"].(map[string]any)
	ids := make([]string, 0, len(resources))
	for id := range resources {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		r, _ := resources[id].(map[string]any)
		props, _ := r["Properties"].(map[string]any)
		switch r["Type"] {
		case "AWS::EC2::SecurityGroup":
			rules, _ := props["SecurityGroupIngress"].([]any)
			for i, rule := range rules {
				m, _ := rule.(map[string]any)
				out = append(out, ingress(fmt.Sprintf("%s.SecurityGroupIngress[%d]", id, i), m)...)
			}
		case "AWS::EC2::SecurityGroupIngress":
			out = append(out, ingress(id, props)...)
		case "AWS::IAM::Role":
			policies, _ := props["Policies"].([]any)
			for i, p := range policies {
				doc, _ := p.(map[string]any)["PolicyDocument"].(map[string]any)
				out = append(out, wildcards(fmt.Sprintf("%s.Policies[%d]", id, i), doc)...)
			}
		case "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy":
			doc, _ := props["PolicyDocument"].(map[string]any)
			out = append(out, wildcards(id, doc)...)
		case "AWS::ECS::TaskDefinition":
			vols, _ := props["Volumes"].([]any)
			for i, v := range vols {
				efs, ok := v.(map[string]any)["EFSVolumeConfiguration"].(map[string]any)
				if ok && efs["TransitEncryption"] != "ENABLED" {
					out = append(out, fmt.Sprintf("%s.Volumes[%d]: EFS volume without transit encryption", id, i))
				}
			}
		case "AWS::EFS::FileSystem":
			if props["Encrypted"] != true && props["Encrypted"] != "true" {
				out = append(out, id+": file system not encrypted at rest")
			}
			if !destroyAllowed && (r["DeletionPolicy"] != "Retain" || r["UpdateReplacePolicy"] != "Retain") {
				out = append(out, fmt.Sprintf("%s: DeletionPolicy %v / UpdateReplacePolicy %v, want Retain / Retain", id, r["DeletionPolicy"], r["UpdateReplacePolicy"]))
			}
		}
	}
	return out
}

func ingress(where string, rule map[string]any) []string {
	var out []string
	if cidr := rule["CidrIp"]; cidr == "0.0.0.0/0" {
		out = append(out, where+": ingress from 0.0.0.0/0")
	}
	if cidr := rule["CidrIpv6"]; cidr == "::/0" {
		out = append(out, where+": ingress from ::/0")
	}
	if p := fmt.Sprint(rule["IpProtocol"]); p == "-1" || p == "all" {
		out = append(out, where+": ingress on all protocols (IpProtocol -1)")
	}
	return out
}

// wildcards finds Allow statements with "*" in an action.
func wildcards(where string, doc map[string]any) []string {
	var out []string
	stmts, _ := doc["Statement"].([]any)
	for i, s := range stmts {
		m, _ := s.(map[string]any)
		if m["Effect"] != "Allow" {
			continue
		}
		actions, ok := m["Action"].([]any)
		if !ok {
			actions = []any{m["Action"]}
		}
		for _, a := range actions {
			if str, _ := a.(string); strings.Contains(str, "*") {
				out = append(out, fmt.Sprintf("%s.Statement[%d]: wildcard action %s", where, i, str))
			}
		}
	}
	return out
}
