package doctor

import (
	"maps"
	"slices"
	"strconv"
	"strings"
)

// export is one output of a given template with an Export Name the files
// fix: a literal, not built from a parameter or the stack's name (neither
// is known before deployment, so matching them would be a guess).
type export struct {
	t      *Template
	output string // the output's logical name
	n      N      // the output
	nameAt N      // Export.Name
	cond   bool   // the output has a Condition: it may not be exported

	state int8 // 0 not evaluated, 1 being evaluated, 2 done
	val   Val  // the output's Value, in t's space
	// in holds the value moved into each importing template's space, so
	// that a large exported value is copied once per template, not once
	// per import.
	in map[*Template]Val
}

const (
	evalPending int8 = iota
	evalBusy
	evalDone
)

// indexExports collects the exports of every template, in input order.
// Imports inside export names stay unknown: the table is not built yet.
func (w *World) indexExports() {
	table := map[string][]*export{}
	for _, t := range w.Templates {
		r := resolver{t}
		for _, p := range t.Src.Root.Get("Outputs").Pairs() {
			at := p.Value.At("Export", "Name")
			if !at.OK() {
				continue
			}
			name := r.eval(at)
			if !name.LitOK || name.Lit == "" || strings.Contains(name.Canon, "${") {
				continue
			}
			table[name.Lit] = append(table[name.Lit], &export{t: t, output: p.Key, n: p.Value, nameAt: at, cond: p.Value.Get("Condition").OK()})
		}
	}
	w.exports = table
}

// importValue resolves Fn::ImportValue of name, used in t, against the
// given templates' exports: the output's Value evaluated in the exporting
// template, moved into t's space. ok is false when no given template
// exports the name (or it is not a literal), as before.
func (t *Template) importValue(at N, name Val) (Val, bool) {
	if t == nil || t.w == nil || t.w.exports == nil || !name.LitOK || strings.Contains(name.Canon, "${") {
		return Val{}, false
	}
	exps := t.w.exports[name.Lit]
	canon := "${Import:" + name.Canon + "}"
	switch {
	case len(exps) == 0:
		return Val{}, false
	case len(exps) > 1:
		return unknown(at, canon, "export "+name.Lit+" is declared by more than one given template ("+exportFiles(exps)+"), so which one the stack imports cannot be told"), true
	}
	e := exps[0]
	if e.t == t {
		// A stack cannot import what it exports itself (the export exists
		// only once the stack does): left unknown, as for one file alone.
		return Val{}, false
	}
	switch e.state {
	case evalBusy:
		return unknown(at, canon, "export "+name.Lit+" of "+e.t.Src.File+" refers back to itself through Fn::ImportValue"), true
	case evalPending:
		e.state = evalBusy
		e.val = resolver{e.t}.eval(e.n.Get("Value"))
		e.state = evalDone
	}
	v, done := e.in[t]
	if !done {
		v = translate(e.val, e.t, t, at)
		if e.in == nil {
			e.in = map[*Template]Val{}
		}
		e.in[t] = v
	}
	v.N, v.Shown = at, "!ImportValue "+name.Lit
	return v, true
}

func exportFiles(exps []*export) string {
	var files []string
	seen := map[string]bool{}
	if len(exps) > 3 {
		return exportFiles(exps[:3]) + " and " + strconv.Itoa(len(exps)-3) + " more"
	}
	for _, e := range exps {
		f := e.t.Src.File + " output " + e.output
		if !seen[f] {
			seen[f] = true
			files = append(files, f)
		}
	}
	return strings.Join(files, ", ")
}

// checkExports reports an export name declared by two outputs of the given
// templates (EFD026): CloudFormation export names are unique in an account
// and region, so the second stack fails. Outputs with a Condition are left
// out: they may never be exported together.
func checkExports(c *checker) {
	for _, name := range slices.Sorted(maps.Keys(c.w.exports)) {
		var first *export
		for _, e := range c.w.exports[name] {
			if e.cond {
				continue
			}
			if first == nil {
				first = e
				continue
			}
			msg := "output " + e.output + " exports " + name + ", which output " + first.output + " of " + first.t.Src.File + " exports too: export names are unique in an account and region, so the stack created second fails"
			if first.t == e.t {
				msg = "output " + e.output + " exports " + name + ", which output " + first.output + " of this template exports too: CloudFormation refuses a template that exports a name twice"
			}
			c.add("EFD026", e.t.Src, e.output, e.nameAt, msg)
		}
	}
}
