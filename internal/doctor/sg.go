package doctor

import (
	"strconv"
	"strings"
)

// sgRule is one security group rule, inline or a separate resource.
type sgRule struct {
	Src     *Source
	Owner   string // the resource that holds the rule
	N       N
	Group   string // canonical id of the group the rule belongs to
	Proto   string // "tcp", "udp", "icmp", "-1" (all) …
	From    int
	To      int
	Peer    string // source (ingress) or destination (egress) group, canonical
	Cidr    string
	Cidr6   string
	Prefix  string
	Egress  bool
	Display string // the peer as written, for messages
}

// sgRules collects every ingress and egress rule of a template.
func sgRules(t *Template) (ingress, egress []sgRule) {
	r := resolver{t}
	for _, sg := range t.ByType(typeSecurityGroup) {
		group := "${Res:" + sg.ID + "}"
		for _, it := range sg.Props.Get("SecurityGroupIngress").Items() {
			ingress = append(ingress, readRule(r, sg.ID, group, it, false))
		}
		for _, it := range sg.Props.Get("SecurityGroupEgress").Items() {
			egress = append(egress, readRule(r, sg.ID, group, it, true))
		}
	}
	for _, res := range t.ByType(typeIngress) {
		ingress = append(ingress, readRule(r, res.ID, r.eval(res.Props.Get("GroupId")).Canon, res.Props, false))
	}
	for _, res := range t.ByType(typeEgress) {
		egress = append(egress, readRule(r, res.ID, r.eval(res.Props.Get("GroupId")).Canon, res.Props, true))
	}
	return ingress, egress
}

func readRule(r resolver, owner, group string, n N, egress bool) sgRule {
	rule := sgRule{Src: r.t.Src, Owner: owner, N: n, Group: group, Egress: egress, From: -1, To: -1}
	rule.Proto = strings.ToLower(r.eval(n.Get("IpProtocol")).Lit)
	switch rule.Proto {
	case "6":
		rule.Proto = "tcp"
	case "17":
		rule.Proto = "udp"
	case "all":
		rule.Proto = "-1"
	}
	if f, err := strconv.Atoi(r.eval(n.Get("FromPort")).Lit); err == nil {
		rule.From = f
	}
	if to, err := strconv.Atoi(r.eval(n.Get("ToPort")).Lit); err == nil {
		rule.To = to
	}
	peer, cidr, cidr6, prefix := "SourceSecurityGroupId", "CidrIp", "CidrIpv6", "SourcePrefixListId"
	if egress {
		peer, prefix = "DestinationSecurityGroupId", "DestinationPrefixListId"
	}
	if v := r.eval(n.Get(peer)); !v.Absent {
		rule.Peer, rule.Display = v.Canon, show(v)
	}
	if v := r.eval(n.Get(cidr)); !v.Absent {
		rule.Cidr, rule.Display = nonEmpty(v.Lit, v.Canon), show(v)
	}
	if v := r.eval(n.Get(cidr6)); !v.Absent {
		rule.Cidr6, rule.Display = nonEmpty(v.Lit, v.Canon), show(v)
	}
	if v := r.eval(n.Get(prefix)); !v.Absent {
		rule.Prefix, rule.Display = v.Canon, show(v)
	}
	return rule
}

func nonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// allPorts reports whether the rule covers every protocol or port.
func (r sgRule) allPorts() bool {
	return r.Proto == "-1" || ((r.Proto == "tcp" || r.Proto == "udp") && (r.From == -1 || (r.From <= 0 && r.To >= 65535)))
}

// coversNFS reports whether the rule lets TCP 2049 through.
func (r sgRule) coversNFS() bool {
	if r.allPorts() {
		return r.Proto == "-1" || r.Proto == "tcp"
	}
	return r.Proto == "tcp" && r.From <= 2049 && 2049 <= r.To
}

// exactNFS reports whether the rule is exactly TCP 2049.
func (r sgRule) exactNFS() bool { return r.Proto == "tcp" && r.From == 2049 && r.To == 2049 }

// openWorld reports whether the peer is the whole internet.
func (r sgRule) openWorld() bool { return r.Cidr == "0.0.0.0/0" || r.Cidr6 == "::/0" }

// anyAddress reports whether the peer is an address range rather than a
// security group.
func (r sgRule) anyAddress() bool { return r.Cidr != "" || r.Cidr6 != "" || r.Prefix != "" }
