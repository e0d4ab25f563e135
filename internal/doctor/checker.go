package doctor

import "fmt"

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
	if rule == "EFD090" {
		msg = fmt.Sprintf("cannot tell %s: %s", what, why)
	}
	c.add("EFD090", src, resource, at, msg)
}
