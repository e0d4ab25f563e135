package doctor

import (
	"fmt"
	"strconv"
	"strings"
)

// checkMountTargets checks one mount target per Availability Zone (EFD041)
// and a mount target in the zone of every service subnet (EFD040).
func checkMountTargets(c *checker) {
	for _, t := range c.w.Templates {
		checkDuplicateMTs(c, t)
	}
	for _, s := range c.w.Services {
		if s.TD == nil {
			continue
		}
		for _, fs := range distinctFS(s.TD) {
			checkCoverage(c, s, fs)
		}
	}
}

// checkDuplicateMTs reports a mount target whose file system already has
// one, earlier in logical-ID order, on the same subnet or in the same zone.
func checkDuplicateMTs(c *checker, t *Template) {
	for _, fs := range templateFileSystems(c.w, t) {
		bySubnet, byZone := map[string]mtInfo{}, map[string]mtInfo{}
		for _, b := range c.w.mtsOf(t, fs) {
			var why string
			a, dup := bySubnet[b.Subnet.Canon]
			switch {
			case dup:
				why = "both use subnet " + show(b.Subnet)
			case b.AZ != "":
				if a, dup = byZone[b.AZ]; dup {
					why = "both subnets are in Availability Zone " + show(Val{Canon: b.AZ})
				}
			}
			if !dup {
				bySubnet[b.Subnet.Canon] = b
				if b.AZ != "" {
					byZone[b.AZ] = b
				}
				continue
			}
			c.add("EFD041", t.Src, b.Res.ID, b.Res.Props.Get("SubnetId"), fmt.Sprintf("mount targets %s and %s of file system %s are in the same Availability Zone: %s", a.Res.ID, b.Res.ID, show(b.FS), why))
		}
	}
}

// mtRef is a mount target known from a template or from --network.
type mtRef struct {
	subnet Val    // template mount target's subnet
	id     string // literal subnet id
	zone   string
}

func knownMTs(c *checker, s *Service, fs Val) []mtRef {
	var out []mtRef
	if s.T != nil {
		for _, mt := range c.w.fsMTs(s.T, fs) {
			out = append(out, mtRef{subnet: mt.Subnet, id: mt.Subnet.Lit, zone: mt.AZ})
		}
	}
	nw := c.w.Net
	fsIDs := map[string]bool{}
	for _, mt := range nw.MountTargets {
		fsIDs[mt.FileSystem] = true
	}
	for _, mt := range nw.MountTargets {
		// Without a literal id, --network's mount targets are taken to be
		// this file system's when they all belong to one.
		if (fs.LitOK && mt.FileSystem == fs.Lit) || (!fs.LitOK && len(fsIDs) == 1) {
			out = append(out, mtRef{id: mt.Subnet, zone: nw.zone(mt)})
		}
	}
	return out
}

func checkCoverage(c *checker, s *Service, fs Val) {
	what := fmt.Sprintf("whether every subnet of service %s has a mount target of file system %s", s.Name, show(fs))
	mts := knownMTs(c, s, fs)
	if len(mts) == 0 {
		c.cannotTell("EFD040", s.Src, s.Name, s.Subnets, what,
			"the given files hold none of its mount targets (for existing infrastructure pass --network with the output of aws efs describe-mount-targets and aws ec2 describe-subnets)")
		return
	}
	sv := s.R.eval(s.Subnets)
	if sv.Absent {
		c.cannotTell("EFD040", s.Src, s.Name, s.Subnets, what, "the service names no subnets")
		return
	}
	if !sv.List {
		if sv.ListParam != "" {
			if n, ok := selectsFrom(mts, sv.Canon); ok {
				if n >= 2 {
					return // mount targets per element of the same list
				}
				c.add("EFD040", s.Src, s.Name, s.Subnets, fmt.Sprintf("service %s runs tasks in every subnet of %s, but file system %s has a mount target only in its first subnet: tasks placed in another Availability Zone cannot mount it",
					s.Name, show(sv), show(fs)))
				return
			}
		}
		c.cannotTell("EFD040", s.Src, s.Name, s.Subnets, what, "the service's subnets come from "+show(sv))
		return
	}
	var unknownZones []string
	for _, k := range sv.Items {
		covered, allZones := false, true
		zone := subnetZone(s.T, c.w.Net, k)
		for _, mt := range mts {
			if (mt.subnet.Canon != "" && mt.subnet.Canon == k.Canon) || (k.LitOK && mt.id == k.Lit) || (zone != "" && mt.zone == zone) {
				covered = true
			}
			allZones = allZones && mt.zone != ""
		}
		switch {
		case covered:
		case zone == "" || !allZones:
			unknownZones = append(unknownZones, show(k))
		default:
			c.add("EFD040", s.Src, s.Name, k.N, fmt.Sprintf("service %s runs tasks in subnet %s (Availability Zone %s), where file system %s has no mount target (it has them in %s)",
				s.Name, show(k), show(Val{Canon: zone}), show(fs), zoneList(mts)))
		}
	}
	if len(unknownZones) > 0 {
		c.cannotTell("EFD040", s.Src, s.Name, s.Subnets, what, "the Availability Zone of subnet "+strings.Join(unknownZones, ", ")+" is not known (pass --network with aws ec2 describe-subnets output)")
	}
}

// selectsFrom reports whether every template mount target's subnet is an
// Fn::Select from the list the service uses, and how many leading elements
// of the list (0, 1, … n-1) have one. A list of unknown length is taken
// to be covered by mount targets on its first two or more elements, the
// usual one-per-zone pattern; one mount target on element 0 covers one
// zone only.
func selectsFrom(mts []mtRef, list string) (int, bool) {
	idx := map[int]bool{}
	for _, mt := range mts {
		c := mt.subnet.Canon
		rest, ok := strings.CutPrefix(c, "${Select:")
		if !ok || !strings.HasSuffix(c, ":"+list+"}") {
			return 0, false
		}
		i, err := strconv.Atoi(rest[:len(rest)-len(":"+list+"}")])
		if err != nil {
			return 0, false
		}
		idx[i] = true
	}
	n := 0
	for idx[n] {
		n++
	}
	return n, true
}

func zoneList(mts []mtRef) string {
	seen := map[string]bool{}
	var out []string
	for _, mt := range mts {
		if !seen[mt.zone] {
			seen[mt.zone] = true
			out = append(out, show(Val{Canon: mt.zone}))
		}
	}
	return strings.Join(out, ", ")
}
