package emitter

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/efsfargate/efsfargate/internal/spec"
)

// Render builds p's template and writes it as "yaml" (the layout of AWS's
// formatter, rain fmt) or "json" (keys sorted). Both start from
// goformation's template.JSON(), so the same project always gives the same
// bytes, and both hold every spec string exactly as written.
func Render(p *spec.Project, format string) ([]byte, error) {
	return renderTemplate(p, format, true)
}

// renderTemplate is Render; quotas false skips CloudFormation's per-stack quotas,
// for benchmarks of projects past them.
func renderTemplate(p *spec.Project, format string, quotas bool) ([]byte, error) {
	if format != "yaml" && format != "json" {
		return nil, fmt.Errorf("emitter: unknown format %q (use yaml or json)", format)
	}
	q, lits := protectLiterals(p)
	t, err := build(q)
	if err != nil {
		return nil, err
	}
	if quotas {
		if err := checkQuotas(p, t); err != nil {
			return nil, err
		}
	}
	raw, err := t.JSON()
	if err != nil {
		return nil, err
	}
	doc, err := decodeTemplate(raw, lits)
	if err != nil {
		return nil, err
	}
	var out []byte
	if format == "yaml" {
		out, err = writeYAML(doc)
	} else {
		out, err = writeJSON(doc)
	}
	if err != nil {
		return nil, err
	}
	if quotas {
		if err := checkSize(p, out); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// decodeTemplate reads template.JSON()'s output with numbers kept as
// written, and puts protected spec strings back.
func decodeTemplate(raw []byte, lits *literals) (map[string]any, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var doc map[string]any
	if err := dec.Decode(&doc); err != nil {
		return nil, err
	}
	if lits == nil {
		return doc, nil
	}
	restored, err := lits.restore(doc)
	if err != nil {
		return nil, err
	}
	return restored.(map[string]any), nil
}

// writeJSON encodes without encoding/json's HTML escaping, so
// List<AWS::EC2::Subnet::Id> reads as written rather than as
// List\u003cAWS::EC2::Subnet::Id\u003e. Keys are sorted.
func writeJSON(doc map[string]any) ([]byte, error) {
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}
