package spec

import (
	"encoding/json"
	"reflect"
	"strconv"
	"strings"
)

// Schema returns the JSON Schema (draft 2020-12) of the spec file, generated
// from the File types and their desc/default/enum/required tags, so it cannot
// drift from what the parser accepts.
func Schema() []byte {
	s := schemaOf(reflect.TypeOf(File{}))
	s["$schema"] = "https://json-schema.org/draft/2020-12/schema"
	s["$id"] = "https://github.com/efsfargate/efsfargate/efsfargate.schema.json"
	s["title"] = "efsfargate service spec (efsfargate.yml)"
	out, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		panic(err)
	}
	return append(out, '\n')
}

type obj = map[string]any

var (
	valueSchema = obj{"oneOf": []any{
		obj{"type": "string", "minLength": 1},
		obj{"type": "object", "additionalProperties": false, "required": []string{"parameter"},
			"properties": obj{"parameter": obj{"type": "string", "pattern": "^[A-Za-z][A-Za-z0-9]*$", "description": "Name of a template parameter."}}},
		obj{"type": "object", "additionalProperties": false, "required": []string{"import"},
			"properties": obj{"import": obj{"type": "string", "minLength": 1, "description": "Name of another stack's export."}}},
	}}
	subnetEntrySchema = obj{"oneOf": []any{
		obj{"type": "string", "pattern": subnetIDRe.String()},
		obj{"type": "object", "additionalProperties": false, "required": []string{"id"}, "properties": obj{
			"id": obj{"type": "string", "pattern": subnetIDRe.String()},
			"az": obj{"type": "string", "description": "Availability Zone, e.g. us-east-1a; subnets sharing an AZ share its one mount target."},
		}},
	}}
)

// schemaOf maps a Go type of the File tree to a JSON Schema.
func schemaOf(t reflect.Type) obj {
	switch t {
	case reflect.TypeOf(ValueFile{}):
		return valueSchema
	case reflect.TypeOf(SubnetsFile{}):
		return obj{"oneOf": []any{
			obj{"type": "array", "minItems": 1, "items": subnetEntrySchema},
			valueSchema["oneOf"].([]any)[1],
		}}
	case reflect.TypeOf(VolumeEntry{}):
		return obj{"oneOf": []any{
			obj{"type": "string", "pattern": `^[A-Za-z0-9][A-Za-z0-9_-]*:/[^:]*(:(ro|rw))?$`, "description": "<volume-name>:<container-path>[:ro|:rw]"},
			schemaOf(reflect.TypeOf(VolumeLong{})),
		}}
	case reflect.TypeOf(Services{}):
		return obj{"type": "object", "minProperties": 1,
			"propertyNames":        obj{"pattern": serviceNameRe.String()},
			"additionalProperties": schemaOf(reflect.TypeOf(ServiceFile{}))}
	}
	switch t.Kind() {
	case reflect.Pointer:
		return schemaOf(t.Elem())
	case reflect.String:
		return obj{"type": "string"}
	case reflect.Int:
		return obj{"type": "integer"}
	case reflect.Float64:
		return obj{"type": "number"}
	case reflect.Bool:
		return obj{"type": "boolean"}
	case reflect.Slice:
		return obj{"type": "array", "items": schemaOf(t.Elem())}
	case reflect.Map:
		return obj{"type": "object", "additionalProperties": obj{"type": []string{"string", "number", "boolean"}}}
	case reflect.Struct:
		props := obj{}
		var required []string
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			key := f.Tag.Get("yaml")
			if key == "" || key == "-" {
				continue
			}
			p := obj{}
			for k, v := range schemaOf(f.Type) {
				p[k] = v
			}
			desc := f.Tag.Get("desc")
			if d, ok := f.Tag.Lookup("default"); ok {
				// A derived default ("<app>-<stage>-efs") is documentation,
				// not a value an editor should insert.
				if strings.ContainsAny(d, "<{ ") {
					desc += " Default: " + d + "."
				} else {
					p["default"] = typedDefault(f.Type, d)
				}
			}
			if desc != "" {
				p["description"] = desc
			}
			if e := f.Tag.Get("enum"); e != "" {
				var vals []any
				for _, v := range strings.Split(e, ",") {
					vals = append(vals, typedDefault(f.Type, v))
				}
				p["enum"] = vals
			}
			if f.Tag.Get("required") == "true" {
				required = append(required, key)
			}
			props[key] = p
		}
		s := obj{"type": "object", "additionalProperties": false, "properties": props}
		if required != nil {
			s["required"] = required
		}
		return s
	}
	panic("spec: no schema for " + t.String())
}

// typedDefault writes a tag value as the JSON type of its field; defaults
// that describe a derived value ("<app>-<stage>-efs") stay strings.
func typedDefault(t reflect.Type, v string) any {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Int:
		if n, err := strconv.Atoi(v); err == nil {
			return n
		}
	case reflect.Float64:
		if n, err := strconv.ParseFloat(v, 64); err == nil {
			return n
		}
	case reflect.Bool:
		if b, err := strconv.ParseBool(v); err == nil {
			return b
		}
	}
	return v
}
