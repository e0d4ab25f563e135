package emitter

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/efsfargate/efsfargate/internal/spec"
)

// Render builds p's template and writes it as "yaml" or "json". Both start
// from goformation's template.JSON() and sort keys, so the same project
// always gives the same bytes.
func Render(p *spec.Project, format string) ([]byte, error) {
	return renderTemplate(p, format, true)
}

// renderTemplate is Render; quotas false skips CloudFormation's per-stack quotas,
// for benchmarks of projects past them.
func renderTemplate(p *spec.Project, format string, quotas bool) ([]byte, error) {
	if format != "yaml" && format != "json" {
		return nil, fmt.Errorf("emitter: unknown format %q (use yaml or json)", format)
	}
	t, err := build(p)
	if err != nil {
		return nil, err
	}
	if quotas {
		if err := checkQuotas(p, t); err != nil {
			return nil, err
		}
	}
	out, err := t.JSON()
	if err != nil {
		return nil, err
	}
	if format == "yaml" {
		out, err = jsonToYAML(out)
	} else {
		out, err = unescapeHTML(out)
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

// unescapeHTML re-encodes JSON without encoding/json's HTML escaping, so
// List<AWS::EC2::Subnet::Id> reads as written rather than as
// List\u003cAWS::EC2::Subnet::Id\u003e. Keys stay sorted; numbers are kept
// as written.
func unescapeHTML(in []byte) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(in))
	dec.UseNumber()
	var doc interface{}
	if err := dec.Decode(&doc); err != nil {
		return nil, err
	}
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}
