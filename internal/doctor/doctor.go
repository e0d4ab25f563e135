// Package doctor checks EFS-on-Fargate setups across resources: CloudFormation
// templates (hand-written or CDK-synthesized), ECS task definitions, and the
// service network configuration, subnets and mount targets of existing
// infrastructure. It finds the failures people hit after copying blog posts —
// ResourceInitializationError from a missing mount target or a closed port
// 2049, "permission denied" without an access point, IAM authorization
// without transit encryption, old platform versions, task roles without
// elasticfilesystem:ClientMount — and says what fails at run time and how
// to fix it. Values are followed through Ref, Fn::Sub, Fn::Join,
// Fn::GetAtt, Fn::ImportValue and parameter defaults; what cannot be known
// from the files is reported as "cannot tell" (EFD090), never guessed.
package doctor

import (
	"fmt"
	"strings"
)

// World is every input of one doctor run, read into one model.
type World struct {
	Sources   []*Source
	Templates []*Template
	TaskDefs  []*TaskDef
	Services  []*Service
	Net       *Network
}

// Check loads the files and runs every rule: files are templates or task
// definitions, services are --service files, networks --network files.
// The error is a *ParseError for unreadable or unrecognised input.
func Check(files, services, networks []string) ([]Finding, error) {
	var srcs []*Source
	for _, group := range []struct {
		files []string
		kind  Kind
		flag  string
	}{{files, 0, ""}, {services, KindService, "--service"}, {networks, KindNetwork, "--network"}} {
		for _, f := range group.files {
			s, err := LoadFile(f)
			if err != nil {
				return nil, err
			}
			if group.kind != 0 {
				if err := requireKind(s, group.kind, group.flag); err != nil {
					return nil, err
				}
			}
			srcs = append(srcs, s)
		}
	}
	return Analyze(srcs), nil
}

// Analyze runs every rule over already loaded sources.
func Analyze(srcs []*Source) []Finding {
	w := build(srcs)
	c := &checker{w: w}
	for _, rule := range []func(*checker){
		checkVolumes, checkMounts, checkTaskSettings, checkIAM,
		checkSecurityGroups, checkMountTargets, checkFileSystems, checkAccessPoints,
	} {
		rule(c)
	}
	return sortFindings(suppress(w, c.out))
}

func build(srcs []*Source) *World {
	w := &World{Sources: srcs, Net: &Network{Subnets: map[string]*SubnetInfo{}}}
	for _, s := range srcs {
		switch s.Kind {
		case KindTemplate:
			t := newTemplate(s)
			w.Templates = append(w.Templates, t)
			for _, r := range t.ByType(typeTaskDef) {
				w.TaskDefs = append(w.TaskDefs, newTaskDef(s, t, r, r.ID, r.Props))
			}
			for _, r := range t.ByType(typeService) {
				w.Services = append(w.Services, newService(s, t, r, r.ID, r.Props))
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
	for _, s := range w.Services {
		var td *TaskDef
		if s.T != nil {
			if id, ok := resRef(s.TaskDefinition); ok {
				for _, d := range w.TaskDefs {
					if d.T == s.T && d.Name == id {
						td = d
					}
				}
			}
		}
		if td == nil && s.TaskDefinition.LitOK {
			fam := familyOf(s.TaskDefinition.Lit)
			for _, d := range w.TaskDefs {
				if f := d.family(); f != "" && f == fam {
					td = d
					break
				}
			}
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

// resRef returns X when v is exactly Ref X (or an id attribute of X).
func resRef(v Val) (string, bool) {
	c := v.Canon
	if strings.HasPrefix(c, "${Res:") && strings.HasSuffix(c, "}") && strings.Count(c, "${") == 1 {
		id := c[len("${Res:") : len(c)-1]
		if !strings.Contains(id, ".") {
			return id, true
		}
	}
	return "", false
}

// resAttr returns X and Attr when v is exactly Fn::GetAtt X.Attr.
func resAttr(v Val) (string, string, bool) {
	c := v.Canon
	if strings.HasPrefix(c, "${Res:") && strings.HasSuffix(c, "}") && strings.Count(c, "${") == 1 {
		id, attr, ok := strings.Cut(c[len("${Res:"):len(c)-1], ".")
		return id, attr, ok
	}
	return "", "", false
}

// checker collects findings.
type checker struct {
	w   *World
	out []Finding
}

// add records a finding with the rule's default severity, run-time effect
// and fix; the caller may adjust the returned finding.
func (c *checker) add(rule string, src *Source, resource string, at N, msg string) *Finding {
	r, ok := ruleByID[rule]
	if !ok {
		panic("doctor: unknown rule " + rule)
	}
	l, col := at.Pos()
	c.out = append(c.out, Finding{Rule: rule, Severity: r.Severity, File: src.File, Line: l, Column: col,
		Resource: resource, Path: at.Path, Message: msg, Runtime: r.Runtime, Fix: r.Fix})
	return &c.out[len(c.out)-1]
}

// cannotTell records that the check of rule could not be made, and why.
func (c *checker) cannotTell(rule string, src *Source, resource string, at N, what, why string) {
	msg := fmt.Sprintf("cannot tell %s (%s): %s", what, rule, why)
	c.add("EFD090", src, resource, at, msg)
}

// show renders a value for a message: the literal, or the canonical form
// with the placeholders shortened.
func show(v Val) string {
	if v.LitOK {
		return v.Lit
	}
	s := strings.NewReplacer("${Res:", "${", "${Param:", "${", "${Import:", "${ImportValue ").Replace(v.Canon)
	return s
}
