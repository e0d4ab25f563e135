package doctor

import (
	"strconv"
	"strings"
)

func build(srcs []*Source) *World {
	w := &World{Sources: srcs, Net: &Network{Subnets: map[string]*SubnetInfo{}}, byTag: map[string]*Template{}}
	// Templates first, so that task definitions and services can follow
	// imports into any of them.
	bySrc := map[*Source]*Template{}
	for _, s := range srcs {
		if s.Kind != KindTemplate {
			continue
		}
		t := newTemplate(s)
		t.w, t.tag = w, makeTag(s.File)
		for k := len(w.Templates); w.byTag[t.tag] != nil; k++ {
			t.tag = makeTag(s.File + "#" + strconv.Itoa(k)) // the same file given twice
		}
		w.byTag[t.tag] = t
		bySrc[s] = t
		w.Templates = append(w.Templates, t)
	}
	w.indexExports()
	for _, s := range srcs {
		switch s.Kind {
		case KindTemplate:
			t := bySrc[s]
			for _, r := range t.ByType(typeTaskDef) {
				w.TaskDefs = append(w.TaskDefs, newTaskDef(s, t, r, r.ID, r.Props))
			}
			// Services, task sets and scheduled tasks all start tasks
			// with a platform version in some subnets.
			for _, typ := range []string{typeService, typeTaskSet} {
				for _, r := range t.ByType(typ) {
					w.Services = append(w.Services, newService(s, t, r, r.ID, r.Props))
				}
			}
			for _, r := range t.ByType(typeEventsRule) {
				for _, tg := range r.Props.Get("Targets").Items() {
					if ep := tg.Get("EcsParameters"); ep.OK() {
						w.Services = append(w.Services, newService(s, t, r, r.ID, ep))
					}
				}
			}
			for _, r := range t.ByType(typeSchedule) {
				if ep := r.Props.At("Target", "EcsParameters"); ep.OK() {
					w.Services = append(w.Services, newService(s, t, r, r.ID, ep))
				}
			}
		case KindTaskDef:
			base := s.Root
			if td := base.Get("taskDefinition"); td.OK() {
				base = td
			}
			name := resolver{}.eval(base.Get("family")).Lit
			if name == "" {
				name = s.File
			}
			w.TaskDefs = append(w.TaskDefs, newTaskDef(s, nil, nil, name, base))
		case KindService:
			for _, sn := range serviceNodes(s.Root) {
				name := resolver{}.eval(sn.Get("serviceName")).Lit
				if name == "" {
					name = "service"
				}
				w.Services = append(w.Services, newService(s, nil, nil, name, sn))
			}
		case KindNetwork:
			w.Net.add(s)
		}
	}
	link(w)
	return w
}

// serviceNodes finds the services in describe-services output
// ({"services": [...]}), create-service output ({"service": {...}}) or a
// create-service input / bare network configuration.
func serviceNodes(r N) []N {
	if ss := r.Get("services"); ss.OK() {
		return ss.Items()
	}
	if s := r.Get("service"); s.IsMap() {
		return []N{s}
	}
	return []N{r}
}

// link connects services to their task definitions: Ref inside a template,
// family name (from an ARN or family:revision) across files.
func link(w *World) {
	type key struct {
		t    *Template
		name string
	}
	byID := map[key]*TaskDef{}
	byFamily := map[string]*TaskDef{}
	for _, d := range w.TaskDefs {
		if d.T != nil {
			byID[key{d.T, d.Name}] = d
		}
		if f := d.family(); f != "" && byFamily[f] == nil {
			byFamily[f] = d
		}
	}
	for _, s := range w.Services {
		var td *TaskDef
		if s.T != nil {
			// Ref here, or an import of another given template's.
			if r := s.T.resourceTyped(s.TaskDefinition, typeTaskDef); r != nil {
				td = byID[key{r.T, r.ID}]
			}
		}
		if td == nil && s.TaskDefinition.LitOK {
			td = byFamily[familyOf(s.TaskDefinition.Lit)]
		}
		if td == nil && s.TaskDefinition.Absent && s.T == nil && len(w.TaskDefs) == 1 {
			td = w.TaskDefs[0]
		}
		if td != nil {
			s.TD = td
			td.Services = append(td.Services, s)
		}
	}
}

// familyOf extracts the family from a task definition ARN or family:revision.
func familyOf(s string) string {
	if i := strings.LastIndex(s, "task-definition/"); i >= 0 {
		s = s[i+len("task-definition/"):]
	}
	if i := strings.LastIndex(s, ":"); i >= 0 {
		s = s[:i]
	}
	return s
}
