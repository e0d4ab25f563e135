package doctor

// Per-template results that several rules read, computed once so that a
// pass over services stays linear in the size of the template.
type templateCache struct {
	mts             []mtInfo
	ingress, egress []sgRule
	mtsDone, sgDone bool
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
