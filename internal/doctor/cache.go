package doctor

import "sort"

// Per-template results that several rules read, computed once so that a
// pass over services stays linear in the size of the template.
type templateCache struct {
	mts             []mtInfo
	ingress, egress []sgRule
	mtsDone, sgDone bool

	ingressBy, egressBy map[string][]sgRule // by group
	nfsGroups           []string
	nfsSeen             map[string]bool
	mtByCanon, mtByLit  map[string][]int // mount targets by file system
}

func (w *World) cacheOf(t *Template) *templateCache {
	if w.cache == nil {
		w.cache = map[*Template]*templateCache{}
	}
	tc := w.cache[t]
	if tc == nil {
		tc = &templateCache{}
		w.cache[t] = tc
	}
	return tc
}

// templateMTs returns t's mount targets in logical-ID order.
func (w *World) templateMTs(t *Template) []mtInfo {
	tc := w.cacheOf(t)
	if !tc.mtsDone {
		tc.mts, tc.mtsDone = templateMTs(t, w.Net), true
	}
	return tc.mts
}

// sgRules returns t's ingress and egress rules.
func (w *World) sgRules(t *Template) (ingress, egress []sgRule) {
	tc := w.cacheOf(t)
	if !tc.sgDone {
		tc.ingress, tc.egress = sgRules(t)
		tc.sgDone = true
	}
	return tc.ingress, tc.egress
}

// index builds the per-template maps on first use.
func (w *World) index(t *Template) *templateCache {
	tc := w.cacheOf(t)
	if tc.ingressBy == nil {
		ingress, egress := w.sgRules(t)
		tc.ingressBy, tc.egressBy = map[string][]sgRule{}, map[string][]sgRule{}
		for _, r := range ingress {
			tc.ingressBy[r.Group] = append(tc.ingressBy[r.Group], r)
			if r.exactNFS() && !tc.nfsSeen[r.Group] {
				if tc.nfsSeen == nil {
					tc.nfsSeen = map[string]bool{}
				}
				tc.nfsSeen[r.Group] = true
				tc.nfsGroups = append(tc.nfsGroups, r.Group)
			}
		}
		for _, r := range egress {
			tc.egressBy[r.Group] = append(tc.egressBy[r.Group], r)
		}
		tc.mtByCanon, tc.mtByLit = map[string][]int{}, map[string][]int{}
		for i, mt := range w.templateMTs(t) {
			tc.mtByCanon[mt.FS.Canon] = append(tc.mtByCanon[mt.FS.Canon], i)
			if mt.FS.LitOK {
				tc.mtByLit[mt.FS.Lit] = append(tc.mtByLit[mt.FS.Lit], i)
			}
		}
	}
	return tc
}

// ingressOf returns the ingress rules of the given groups (in t's space):
// t's own, then those other given templates add to the same groups (a
// service stack's rule on the group a base stack exports), moved into t's
// space.
func (w *World) ingressOf(t *Template, groups ...string) []sgRule {
	tc := w.index(t)
	var out []sgRule
	for _, g := range groups {
		out = append(out, tc.ingressBy[g]...)
		out = append(out, w.foreignIngress(t, g)...)
	}
	return out
}

// foreignRule is an ingress rule of template t, in t's space.
type foreignRule struct {
	t *Template
	r sgRule
}

// foreignIngress returns the ingress rules of other templates on group g
// of t. The index by global group is built once, and only when there are
// several templates.
func (w *World) foreignIngress(t *Template, g string) []sgRule {
	if len(w.Templates) < 2 {
		return nil
	}
	w.indexForeign()
	var out []sgRule
	for _, fr := range w.foreign[requalify(g, t, nil)] {
		if fr.t == t {
			continue
		}
		r := fr.r
		r.Group, r.Peer = requalify(r.Group, fr.t, t), requalify(r.Peer, fr.t, t)
		out = append(out, r)
	}
	return out
}

// indexForeign indexes every template's ingress rules by global group,
// and the TCP 2049 ones by global group and peer (or by group alone for an
// address range), once.
func (w *World) indexForeign() {
	if w.foreign != nil {
		return
	}
	w.foreign, w.nfsFrom = map[string][]foreignRule{}, map[string][]*Template{}
	for _, o := range w.Templates {
		ingress, _ := w.sgRules(o)
		for _, r := range ingress {
			k := requalify(r.Group, o, nil)
			w.foreign[k] = append(w.foreign[k], foreignRule{o, r})
			if !r.coversNFS() {
				continue
			}
			if r.anyAddress() {
				k += "\x00*"
			} else {
				k += "\x00" + requalify(r.Peer, o, nil)
			}
			if ts := w.nfsFrom[k]; len(ts) == 0 || ts[len(ts)-1] != o {
				w.nfsFrom[k] = append(ts, o)
			}
		}
	}
}

// foreignNFS reports whether another template than t adds a rule to one of
// groups (in t's space) that admits TCP 2049 from one of peers or from an
// address range. Lookups, not a scan: with a base stack and many service
// stacks, each service's check stays constant in the number of stacks.
func (w *World) foreignNFS(t *Template, groups, peers []string) bool {
	if len(w.Templates) < 2 {
		return false
	}
	w.indexForeign()
	other := func(k string) bool {
		for _, o := range w.nfsFrom[k] {
			if o != t {
				return true
			}
		}
		return false
	}
	for _, g := range groups {
		gk := requalify(g, t, nil) + "\x00"
		if other(gk + "*") {
			return true
		}
		for _, p := range peers {
			if other(gk + requalify(p, t, nil)) {
				return true
			}
		}
	}
	return false
}

// ownIngress returns t's own ingress rules of the given groups.
func (w *World) ownIngress(t *Template, groups ...string) []sgRule {
	tc := w.index(t)
	var out []sgRule
	for _, g := range groups {
		out = append(out, tc.ingressBy[g]...)
	}
	return out
}

// fsMTs returns the mount targets of file system fs (in t's space): t's
// own, and those of the template fs was imported from, moved into t's
// space.
func (w *World) fsMTs(t *Template, fs Val) []mtInfo {
	out := w.mtsOf(t, fs)
	for _, h := range w.tagsIn(fs.Canon) {
		if h == t {
			continue
		}
		hfs := fs
		hfs.Canon = requalify(fs.Canon, t, h)
		for _, mt := range w.mtsOf(h, hfs) {
			mt.FS = translate(mt.FS, h, t, mt.FS.N)
			mt.Subnet = translate(mt.Subnet, h, t, mt.Subnet.N)
			mt.AZ = requalify(mt.AZ, h, t)
			out = append(out, mt)
		}
	}
	return out
}

// egressOf returns the egress rules of group.
func (w *World) egressOf(t *Template, group string) []sgRule {
	return w.index(t).egressBy[group]
}

// nfsGroups returns the groups that get an exact TCP 2049 ingress rule.
func (w *World) nfsGroups(t *Template) []string { return w.index(t).nfsGroups }

// mtsOf returns t's mount targets of file system fs (sameFS), in
// logical-ID order.
func (w *World) mtsOf(t *Template, fs Val) []mtInfo {
	tc := w.index(t)
	all := w.templateMTs(t)
	idx := tc.mtByCanon[fs.Canon]
	if fs.LitOK {
		seen := map[int]bool{}
		for _, i := range idx {
			seen[i] = true
		}
		for _, i := range tc.mtByLit[fs.Lit] {
			if !seen[i] {
				idx = append(idx, i)
			}
		}
		sort.Ints(idx)
	}
	out := make([]mtInfo, len(idx))
	for k, i := range idx {
		out[k] = all[i]
	}
	return out
}
