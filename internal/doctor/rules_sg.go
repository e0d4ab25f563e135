package doctor

import (
	"fmt"
	"sort"
	"strings"
)

// checkSecurityGroups checks every file system's mount-target groups in a
// template: some rule admits TCP 2049 (EFD030) and none admits it from the
// whole internet (EFD031); then, for every template service with EFS
// volumes, that the file system's group admits TCP 2049 from the tasks
// (EFD030) and that the tasks may send it (EFD032).
func checkSecurityGroups(c *checker) {
	closed := map[string]bool{} // file systems (closedKey) with no 2049 at all
	for _, t := range c.w.Templates {
		wideDone := map[string]bool{}
		for _, fs := range templateFileSystems(c.w, t) {
			groups, identified, _ := fsGroups(c.w, t, fs)
			for _, g := range groups {
				if !wideDone[g] {
					wideDone[g] = true
					checkWide(c, c.w.ingressOf(t, g), g)
				}
			}
			if identified && checkClosed(c, t, fs, groups, c.w.ingressOf(t, groups...)) {
				closed[closedKey(t, fs)] = true
			}
		}
	}
	for _, s := range c.w.Services {
		if s.T == nil || s.TD == nil {
			continue
		}
		for _, fs := range distinctFS(s.TD) {
			if closed[closedKey(s.T, fs)] {
				continue
			}
			groups, _, why := fsGroups(c.w, s.T, fs)
			checkNFSPath(c, s, fs, groups, why, c.w.ownIngress(s.T, groups...))
		}
	}
}

// closedKey names a file system across templates: its global canonical
// form, qualified by the file when that form holds nothing of a template
// (a literal id, whose mount targets are looked for in the file only).
func closedKey(t *Template, fs Val) string {
	k := global(fs, t)
	if !strings.Contains(k, "${") {
		k = t.Src.File + "\x00" + k
	}
	return k
}

// templateFileSystems lists the file systems a template makes mount
// targets for, once each, in logical-ID order of their first mount target.
func templateFileSystems(w *World, t *Template) []Val {
	var out []Val
	seen := map[string]bool{}
	for _, mt := range w.templateMTs(t) {
		if !seen[mt.FS.Canon] {
			seen[mt.FS.Canon] = true
			out = append(out, mt.FS)
		}
	}
	return out
}

// checkClosed reports a file system whose mount-target groups are all
// made by the template and admit TCP 2049 from nowhere (EFD030): no task
// can mount it, whichever stack runs the tasks, unless another stack adds
// a rule to those groups.
func checkClosed(c *checker, t *Template, fs Val, groups []string, ingress []sgRule) bool {
	if len(groups) == 0 {
		return false
	}
	isGroup := map[string]bool{}
	for _, g := range groups {
		id, ok := resRef(Val{Canon: g})
		if !ok || t.typeOf(id) != typeSecurityGroup {
			return false // a group from elsewhere may have rules elsewhere
		}
		isGroup[g] = true
	}
	for _, r := range ingress {
		if isGroup[r.Group] && r.coversNFS() {
			return false
		}
	}
	sg := templateGroup(t, groups)
	at := sg.Props.Get("SecurityGroupIngress")
	if !at.OK() {
		at = sg.N.Get("Properties")
	}
	if outputsRefer(t, sg.ID) {
		if servedHere(c.w, t, fs) {
			return false // the service check reports its own tasks
		}
		c.cannotTell("EFD030", t.Src, sg.ID, at, fmt.Sprintf("whether anything may mount file system %s", show(fs)),
			"its mount targets' security group "+sg.ID+" admits no TCP 2049 here, but the template outputs the group, so another stack may add the rule")
		return false
	}
	c.add("EFD030", t.Src, sg.ID, at, fmt.Sprintf("the mount targets of file system %s use security group %s, which admits no TCP 2049 from anywhere: no task can mount the file system unless another stack adds a rule", show(fs), strings.Join(showGroups(groups), ", ")))
	return true
}

// distinctFS returns the task's EFS file systems, once each.
func distinctFS(td *TaskDef) []Val {
	var out []Val
	for _, v := range td.efsVolumes() {
		dup := false
		for _, o := range out {
			dup = dup || sameFS(o, v.FileSystemID)
		}
		if !dup {
			out = append(out, v.FileSystemID)
		}
	}
	return out
}

// fsGroups finds the security groups of a file system's mount targets in
// the template (identified). Without mount targets in the template, the
// groups that get an explicit TCP 2049 ingress rule stand in for them.
func fsGroups(w *World, t *Template, fs Val) (groups []string, identified bool, why string) {
	seen := map[string]bool{}
	addGroup := func(g string) {
		if !seen[g] {
			seen[g] = true
			groups = append(groups, g)
		}
	}
	for _, mt := range w.fsMTs(t, fs) {
		identified = true
		// A mount target of another template: its groups in its space.
		v := translate(resolver{mt.Res.T}.eval(mt.Groups), mt.Res.T, t, mt.Groups)
		if !v.List {
			why = "mount target " + mt.Res.ID + " takes its security groups from " + show(v)
			continue
		}
		for _, it := range v.Items {
			addGroup(it.Canon)
		}
	}
	if identified {
		return groups, true, why
	}
	for _, g := range w.nfsGroups(t) {
		addGroup(g)
	}
	if len(groups) == 0 {
		why = "the template neither creates the file system's mount targets nor adds a TCP 2049 ingress rule"
	}
	return groups, false, why
}

func checkNFSPath(c *checker, s *Service, fs Val, fsGroups []string, why string, ingress []sgRule) {
	what := fmt.Sprintf("whether file system %s accepts TCP 2049 from service %s", show(fs), s.Name)
	sv := s.R.eval(s.SecurityGroups)
	switch {
	case sv.Absent:
		c.cannotTell("EFD030", s.Src, s.Name, s.SecurityGroups, what, "the service names no security groups, so the VPC's default group is used")
		return
	case !sv.List:
		c.cannotTell("EFD030", s.Src, s.Name, s.SecurityGroups, what, "the service's security groups come from "+show(sv))
		return
	case len(fsGroups) == 0:
		c.cannotTell("EFD030", s.Src, s.Name, s.SecurityGroups, what, why)
		return
	}
	taskGroups := map[string]bool{}
	var shown []string
	for _, it := range sv.Items {
		taskGroups[it.Canon] = true
		shown = append(shown, show(it))
	}
	isFSGroup := map[string]bool{}
	for _, g := range fsGroups {
		isFSGroup[g] = true
	}
	allowed := false
	for _, r := range ingress {
		if isFSGroup[r.Group] && r.coversNFS() && (taskGroups[r.Peer] || r.anyAddress()) {
			allowed = true
		}
	}
	var peers []string
	for _, it := range sv.Items {
		peers = append(peers, it.Canon)
	}
	// Rules other stacks add to the group (the base stack's own, or one
	// service stack admitting another's tasks).
	allowed = allowed || c.w.foreignNFS(s.T, fsGroups, peers)
	if !allowed {
		if sg := templateGroup(s.T, fsGroups); sg != nil {
			at := sg.Props.Get("SecurityGroupIngress")
			if !at.OK() {
				at = sg.N.Get("Properties")
			}
			// Reported on the group, in its own file and terms.
			svc := s.Name
			if sg.T != s.T {
				svc += " of " + s.T.Src.File
			}
			c.add("EFD030", sg.T.Src, sg.ID, at, fmt.Sprintf("security group %s of file system %s has no ingress rule for TCP 2049 from the security group of service %s (%s)",
				sg.ID, show(translate(fs, s.T, sg.T, fs.N)), svc, strings.Join(shown, ", ")))
		} else {
			c.cannotTell("EFD030", s.Src, s.Name, s.SecurityGroups, what,
				"the file system's security group ("+strings.Join(showGroups(fsGroups), ", ")+") is not in this template, and none of this template's rules for it admit TCP 2049 from the service's groups")
		}
	}
	checkEgress(c, s, sv, isFSGroup)
}

// checkEgress reports task groups that all have explicit egress rules and
// none of them lets TCP 2049 out (EFD032). A group without inline
// SecurityGroupEgress keeps EC2's default allow-all rule.
func checkEgress(c *checker, s *Service, sv Val, isFSGroup map[string]bool) {
	var groups []*Resource
	for _, it := range sv.Items {
		id, ok := resRef(it)
		if !ok || s.T.typeOf(id) != typeSecurityGroup {
			return // a group outside the template may allow it
		}
		sg := s.T.Resources[id]
		if !sg.Props.Get("SecurityGroupEgress").OK() {
			return
		}
		groups = append(groups, sg)
	}
	for _, sg := range groups {
		for _, r := range c.w.egressOf(s.T, "${Res:"+sg.ID+"}") {
			if r.coversNFS() && (isFSGroup[r.Peer] || r.anyAddress()) {
				return
			}
		}
	}
	if len(groups) == 0 {
		return
	}
	sg := groups[0]
	c.add("EFD032", s.T.Src, sg.ID, sg.Props.Get("SecurityGroupEgress"), fmt.Sprintf("the egress rules of %s (security group of service %s) let no TCP 2049 out to the file system", sg.ID, s.Name))
}

// templateGroup returns the first of groups that is a security group
// resource of t, or of the given template t imports it from.
func templateGroup(t *Template, groups []string) *Resource {
	sorted := append([]string(nil), groups...)
	sort.Strings(sorted)
	for _, g := range sorted {
		if sg := t.resourceTyped(Val{Canon: g}, typeSecurityGroup); sg != nil {
			return sg
		}
	}
	return nil
}

func showGroups(gs []string) []string {
	out := make([]string, len(gs))
	for i, g := range gs {
		out[i] = show(Val{Canon: g})
	}
	return out
}

// checkWide reports ingress rules of a file system group that admit TCP
// 2049 from the whole internet (EFD031). Wider ports or protocols from a
// security group or a private range are not reported: a mount target
// answers NFS only, and groups shared by the tasks and the mount targets
// (a self-referencing rule, as Copilot writes them) are common and sound.
func checkWide(c *checker, ingress []sgRule, group string) {
	for _, r := range ingress {
		if r.Group != group || !r.coversNFS() || !r.openWorld() {
			continue
		}
		c.add("EFD031", r.Src, r.Owner, r.N, fmt.Sprintf("ingress rule of file system security group %s admits NFS (TCP 2049) from %s: anyone who can reach the mount targets can try to mount", show(Val{Canon: group}), r.Display))
	}
}

// outputsRefer reports whether an output of t refers to resource id.
func outputsRefer(t *Template, id string) bool {
	found := false
	walkRefs(t.Src.Root.Get("Outputs"), func(name string, _ N) { found = found || name == id })
	return found
}

// servedHere reports whether a service of t, or of a template that
// imports it, mounts file system fs of t.
func servedHere(w *World, t *Template, fs Val) bool {
	key := global(fs, t)
	for _, s := range w.Services {
		if s.T == nil || s.TD == nil {
			continue
		}
		for _, f := range distinctFS(s.TD) {
			if (s.T == t && sameFS(f, fs)) || (s.T != t && strings.Contains(key, "${") && global(f, s.T) == key) {
				return true
			}
		}
	}
	return false
}
