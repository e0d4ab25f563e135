package equiv

import (
	"fmt"
	"sort"
	"strings"
)

// Compare lists every difference between two normalized templates, one
// readable line each, naming the resource and property path. aName and
// bName label the two sides (e.g. "raw" and "cdk"). An empty result means
// the forms are equivalent.
func Compare(a, b *Model, aName, bName string) []string {
	var diffs []string
	oneSided := map[string]bool{}
	for _, name := range unionKeys(a.Resources, b.Resources) {
		_, inA := a.Resources[name]
		_, inB := b.Resources[name]
		oneSided[name] = inA != inB
	}
	for _, name := range unionKeys(a.Resources, b.Resources) {
		ra, inA := a.Resources[name]
		rb, inB := b.Resources[name]
		switch {
		case !inA:
			diffs = append(diffs, fmt.Sprintf("%s: only in %s", name, bName))
		case !inB:
			diffs = append(diffs, fmt.Sprintf("%s: only in %s", name, aName))
		default:
			diffs = append(diffs, diffDeps(name, ra[depsKey], rb[depsKey], oneSided, aName, bName)...)
			diffs = append(diffs, diffValues(name, "", without(ra, depsKey), without(rb, depsKey), aName, bName)...)
		}
	}
	for _, name := range unionKeys(a.Outputs, b.Outputs) {
		diffs = append(diffs, diffValues("Output "+name, "", a.Outputs[name], b.Outputs[name], aName, bName)...)
	}
	for _, name := range unionKeys(a.Parameters, b.Parameters) {
		diffs = append(diffs, diffValues("Parameter "+name, "", a.Parameters[name], b.Parameters[name], aName, bName)...)
	}
	return diffs
}

// without is m minus one key, leaving m as it is.
func without(m map[string]any, key string) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		if k != key {
			out[k] = v
		}
	}
	return out
}

func unionKeys[V any](a, b map[string]V) []string {
	seen := map[string]bool{}
	for k := range a {
		seen[k] = true
	}
	for k := range b {
		seen[k] = true
	}
	return sortedKeys(seen)
}

func diffValues(resource, path string, a, b any, aName, bName string) []string {
	ma, aIsMap := a.(map[string]any)
	mb, bIsMap := b.(map[string]any)
	if aIsMap && bIsMap {
		var out []string
		for _, k := range unionKeys(ma, mb) {
			out = append(out, diffValues(resource, join(path, k), ma[k], mb[k], aName, bName)...)
		}
		return out
	}
	la, aIsList := a.([]any)
	lb, bIsList := b.([]any)
	if aIsList && bIsList && len(la) == len(lb) {
		var out []string
		for i := range la {
			out = append(out, diffValues(resource, fmt.Sprintf("%s[%d]", path, i), la[i], lb[i], aName, bName)...)
		}
		return out
	}
	if canonicalJSON(a) == canonicalJSON(b) {
		return nil
	}
	return []string{fmt.Sprintf("%s: %s: %s has %s, %s has %s", resource, orTop(path), aName, show(a), bName, show(b))}
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func orTop(path string) string {
	if path == "" {
		return "(value)"
	}
	return path
}

func show(v any) string {
	if v == nil {
		return "nothing"
	}
	s := canonicalJSON(v)
	if len(s) > 300 {
		s = s[:300] + "…"
	}
	return s
}

// Report formats differences for a test failure.
func Report(diffs []string) string {
	sort.Strings(diffs)
	return "  " + strings.Join(diffs, "\n  ")
}
