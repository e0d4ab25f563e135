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
	t, err := Template(p)
	if err != nil {
		return nil, err
	}
	switch format {
	case "yaml":
		out, err := t.JSON()
		if err != nil {
			return nil, err
		}
		return jsonToYAML(out)
	case "json":
		out, err := t.JSON()
		if err != nil {
			return nil, err
		}
		return unescapeHTML(out)
	}
	return nil, fmt.Errorf("emitter: unknown format %q (use yaml or json)", format)
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
