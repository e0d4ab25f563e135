package emitter

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/efsfargate/efsfargate/internal/spec"
	"gopkg.in/yaml.v3"
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

// jsonToYAML writes the same YAML as goformation's template.YAML() (yaml.v3,
// sorted keys, ints kept as ints) but decodes the JSON with encoding/json
// instead of the YAML parser, which made large templates several times
// slower to write.
func jsonToYAML(in []byte) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(in))
	dec.UseNumber()
	var doc interface{}
	if err := dec.Decode(&doc); err != nil {
		return nil, err
	}
	return yaml.Marshal(typedNumbers(doc))
}

// typedNumbers turns json.Number into int64 or float64, as yaml.v3 would
// have read them.
func typedNumbers(v interface{}) interface{} {
	switch x := v.(type) {
	case map[string]interface{}:
		for k, e := range x {
			x[k] = typedNumbers(e)
		}
	case []interface{}:
		for i, e := range x {
			x[i] = typedNumbers(e)
		}
	case json.Number:
		if n, err := x.Int64(); err == nil {
			return n
		}
		f, _ := x.Float64()
		return f
	}
	return v
}
