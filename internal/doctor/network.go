package doctor

// Network is what --network files say about existing infrastructure: the
// Availability Zone of each subnet (aws ec2 describe-subnets) and the file
// system's mount targets (aws efs describe-mount-targets).
type Network struct {
	Subnets      map[string]*SubnetInfo
	MountTargets []*MountTargetInfo
}

// SubnetInfo is one subnet and its zone.
type SubnetInfo struct {
	ID, AZ, AZID string
	N            N
}

// MountTargetInfo is one existing mount target.
type MountTargetInfo struct {
	Src              *Source
	FileSystem       string
	Subnet, AZ, AZID string
	N                N
}

func (nw *Network) add(s *Source) {
	r := resolver{}
	var subnets, mts []N
	if s.Root.IsSeq() {
		for _, it := range s.Root.Items() {
			if it.Get("MountTargetId").OK() {
				mts = append(mts, it)
			} else {
				subnets = append(subnets, it)
			}
		}
	} else {
		subnets = s.Root.Get("Subnets").Items()
		mts = s.Root.Get("MountTargets").Items()
	}
	for _, it := range subnets {
		id := r.eval(it.Get("SubnetId")).Lit
		if id == "" {
			continue
		}
		nw.Subnets[id] = &SubnetInfo{ID: id, AZ: r.eval(it.Get("AvailabilityZone")).Lit, AZID: r.eval(it.Get("AvailabilityZoneId")).Lit, N: it}
	}
	for _, it := range mts {
		nw.MountTargets = append(nw.MountTargets, &MountTargetInfo{Src: s, N: it,
			FileSystem: r.eval(it.Get("FileSystemId")).Lit,
			Subnet:     r.eval(it.Get("SubnetId")).Lit,
			AZ:         r.eval(it.Get("AvailabilityZoneName")).Lit,
			AZID:       r.eval(it.Get("AvailabilityZoneId")).Lit,
		})
	}
}

// zone returns the zone of a mount target, from its own fields or its
// subnet's.
func (nw *Network) zone(mt *MountTargetInfo) string {
	if mt.AZ != "" {
		return mt.AZ
	}
	if s := nw.Subnets[mt.Subnet]; s != nil {
		return s.AZ
	}
	return ""
}
