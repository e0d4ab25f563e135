package spec

import (
	"strings"

	"gopkg.in/yaml.v3"
)

// Mappings as the decoder sees them: << merge keys expanded, x- keys left
// out, and every node counted against the expansion budget, so that
// anchors and aliases (a compose habit) cannot blow up.

// spend counts n against the expansion budget and reports false, once with
// an error, when the budget is gone.
func (d *decoder) spend(n *yaml.Node, path string) bool {
	if d.overBudget {
		return false
	}
	d.nodes++
	d.bytes += len(n.Value)
	if d.nodes <= maxExpandedNodes && d.bytes <= maxExpandedBytes {
		return true
	}
	d.overBudget = true
	at := n
	if d.alias != nil {
		at = d.alias
	}
	d.errorf(at, path, "use each large anchor a few times at most; aliases are for small shared blocks",
		"the spec expands through YAML aliases to more than %d values or %d bytes", maxExpandedNodes, maxExpandedBytes)
	return false
}

// resolve follows an alias, remembering it so a budget error points at the
// alias that expanded too far.
func (d *decoder) resolve(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < 64; i++ {
		d.alias = n
		n = n.Alias
	}
	return n
}

// pair is one key and value of a mapping.
type pair struct{ k, v *yaml.Node }

// isExtension reports keys the spec ignores at any level, as compose does:
// x-… blocks hold anchors to reuse elsewhere.
func isExtension(key string) bool { return strings.HasPrefix(key, "x-") }

func isMergeKey(k *yaml.Node) bool {
	return k.Kind == yaml.ScalarNode && (k.Tag == "!!merge" || (k.Value == "<<" && !isTagged(k) && k.Style == 0))
}

// pairs lists a mapping's entries with << merge keys expanded (YAML's merge
// key type: the mapping's own keys win, then earlier merged mappings) and
// x- keys left out. Keys must be plain scalars.
func (d *decoder) pairs(n *yaml.Node, path string) []pair { return d.expand(n, path, 0) }

// mergeSources returns the mappings a << value names: one mapping or a list
// of them.
func (d *decoder) mergeSources(v *yaml.Node, path string) []*yaml.Node {
	const fix = "merge a mapping: <<: *anchor or <<: [*a, *b]"
	outer := d.alias
	defer func() { d.alias = outer }()
	v = d.resolve(v)
	if v == nil || !d.spend(v, path) {
		return nil
	}
	switch v.Kind {
	case yaml.MappingNode:
		return []*yaml.Node{v}
	case yaml.SequenceNode:
		var out []*yaml.Node
		for _, item := range v.Content {
			item = d.resolve(item)
			if item == nil || item.Kind != yaml.MappingNode {
				d.errorf(v, path, fix, "<< takes mappings, got %s", describe(item))
				return nil
			}
			out = append(out, item)
		}
		return out
	}
	d.errorf(v, path, fix, "<< takes a mapping or a list of mappings, got %s", describe(v))
	return nil
}

// expand lists the entries of mapping n at merge depth depth: 0 for the
// mapping in place, whose own key mistakes it reports, more for a mapping
// merged into it, whose mistakes are reported where it is used on its own,
// if anywhere, and whose keys already taken are left out.
func (d *decoder) expand(n *yaml.Node, path string, depth int) []pair {
	if depth > 0 && d.overBudget {
		return nil
	}
	if depth > maxMergeDepth {
		// A mapping merged into itself recurses forever: one error, and
		// decoding stops as for an exhausted budget.
		d.errorf(n, path, "merge fewer levels, and never a mapping into itself", "<< merges nest more than %d deep", maxMergeDepth)
		d.overBudget = true
		return nil
	}
	own := depth == 0
	var out []pair
	taken := map[string]bool{}
	var merges []*yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := resolveAlias(n.Content[i])
		if k == nil || !d.spend(k, path) {
			return out
		}
		switch {
		case isMergeKey(k):
			merges = append(merges, n.Content[i+1])
			continue
		case k.Kind != yaml.ScalarNode:
			if own {
				d.errorf(k, path, "write keys as plain names", "a key must be a plain name, got %s", describe(k))
			}
			continue
		case own && !d.checkTag(k, join(path, k.Value), false), isExtension(k.Value), !own && taken[k.Value]:
			continue
		}
		taken[k.Value] = true
		out = append(out, pair{k: k, v: n.Content[i+1]})
	}
	for _, m := range merges {
		for _, src := range d.mergeSources(m, path) {
			for _, p := range d.expand(src, path, depth+1) {
				if !taken[p.k.Value] {
					taken[p.k.Value] = true
					out = append(out, p)
				}
			}
		}
	}
	return out
}
