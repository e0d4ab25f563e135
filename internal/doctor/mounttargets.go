package doctor

// mtInfo is a mount target created by a template.
type mtInfo struct {
	Res    *Resource
	FS     Val
	Subnet Val
	AZ     string // canonical zone, "" when unknown
	Groups N      // SecurityGroups
}

// templateMTs lists a template's mount targets in logical-ID order.
func templateMTs(t *Template, nw *Network) []mtInfo {
	r := resolver{t}
	var out []mtInfo
	for _, res := range t.ByType(typeMountTarget) {
		subnet := r.eval(res.Props.Get("SubnetId"))
		out = append(out, mtInfo{Res: res, FS: r.eval(res.Props.Get("FileSystemId")), Subnet: subnet,
			AZ: subnetZone(t, nw, subnet), Groups: res.Props.Get("SecurityGroups")})
	}
	return out
}

// subnetZone returns a subnet's Availability Zone: from an AWS::EC2::Subnet
// of the template (literal or a canonical Fn::Select of Fn::GetAZs, as CDK
// writes it), or from --network's describe-subnets output.
func subnetZone(t *Template, nw *Network, subnet Val) string {
	// A subnet of this template, or one imported from another given one.
	if res := t.resourceTyped(subnet, typeSubnet); res != nil {
		r := resolver{res.T}
		props := res.Props
		if az := r.eval(props.Get("AvailabilityZone")); !az.Absent {
			return requalify(az.Canon, res.T, t)
		}
		if az := r.eval(props.Get("AvailabilityZoneId")); !az.Absent {
			return "id:" + requalify(az.Canon, res.T, t)
		}
		return ""
	}
	if subnet.LitOK && nw != nil {
		if s := nw.Subnets[subnet.Lit]; s != nil {
			return s.AZ
		}
	}
	return ""
}

// sameFS reports whether two file system id values are the same.
func sameFS(a, b Val) bool {
	return a.Canon == b.Canon || (a.LitOK && b.LitOK && a.Lit == b.Lit)
}
