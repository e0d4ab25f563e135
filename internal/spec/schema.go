package spec

import (
	"encoding/json"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/efsfargate/efsfargate/internal/ecsrules"
)

// Schema returns the JSON Schema (draft 2020-12) of the spec file, generated
// from the File types, their desc/default/enum/required tags and the rule
// tables the validator uses (rules.go), so it cannot drift from what the
// parser accepts.
func Schema() []byte {
	s := schemaOf(reflect.TypeOf(File{}), "")
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

// extensions allows x- keys in every mapping: the parser ignores them.
var extensions = obj{"^x-": obj{}}

var parameterSchema = obj{"type": "object", "additionalProperties": false, "patternProperties": extensions, "required": []string{"parameter"},
	"properties": obj{"parameter": obj{"type": "string", "pattern": logicalIDRe.String(), "description": "Name of a template parameter."}}}

// valueSchema is a literal (matching literal, when given), {parameter:
// Name} or {import: ExportName}.
func valueSchema(literal string) obj {
	lit := obj{"type": "string", "minLength": 1}
	if literal != "" {
		lit["pattern"] = literal
	}
	return obj{"oneOf": []any{
		lit,
		parameterSchema,
		obj{"type": "object", "additionalProperties": false, "patternProperties": extensions, "required": []string{"import"},
			"properties": obj{"import": obj{"type": "string", "minLength": 1, "description": "Name of another stack's export."}}},
	}}
}

var subnetEntrySchema = obj{"oneOf": []any{
	obj{"type": "string", "pattern": subnetIDRe.String()},
	obj{"type": "object", "additionalProperties": false, "patternProperties": extensions, "required": []string{"id"}, "properties": obj{
		"id": obj{"type": "string", "pattern": subnetIDRe.String()},
		"az": obj{"type": "string", "pattern": azRe.String(), "description": "Availability Zone, e.g. us-east-1a; subnets sharing an AZ share its one mount target."},
	}},
}}

// schemaOf maps a Go type of the File tree to a JSON Schema; key is
// "<struct>.<yaml key>" of the field being described, for the rule tables.
func schemaOf(t reflect.Type, key string) obj {
	switch t {
	case reflect.TypeOf(ValueFile{}):
		lit := ""
		if re, ok := literalRules[key]; ok {
			lit = re.String()
		}
		return valueSchema(lit)
	case reflect.TypeOf(SubnetsFile{}):
		return obj{"oneOf": []any{
			obj{"type": "array", "minItems": 1, "items": subnetEntrySchema},
			parameterSchema,
		}}
	case reflect.TypeOf(VolumeEntry{}):
		return obj{"oneOf": []any{
			obj{"type": "string", "pattern": volumeShortRe.String(), "description": "<volume-name>:<container-path>[:ro|:rw]"},
			schemaOf(reflect.TypeOf(VolumeLong{}), ""),
		}}
	case reflect.TypeOf(Services{}):
		return obj{"type": "object", "minProperties": 1,
			"propertyNames":        obj{"pattern": serviceNameRe.String()},
			"patternProperties":    extensions,
			"additionalProperties": schemaOf(reflect.TypeOf(ServiceFile{}), "")}
	}
	switch t.Kind() {
	case reflect.Pointer:
		return schemaOf(t.Elem(), key)
	case reflect.String:
		return obj{"type": "string"}
	case reflect.Int:
		return obj{"type": "integer"}
	case reflect.Float64:
		return obj{"type": "number"}
	case reflect.Bool:
		return obj{"type": "boolean"}
	case reflect.Slice:
		return obj{"type": "array", "items": schemaOf(t.Elem(), "")}
	case reflect.Map:
		return obj{"type": "object", "additionalProperties": obj{"type": []string{"string", "number", "boolean"}}}
	case reflect.Struct:
		return structSchema(t)
	}
	panic("spec: no schema for " + t.String())
}

func structSchema(t reflect.Type) obj {
	props := obj{}
	var required []string
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		key := f.Tag.Get("yaml")
		if key == "" || key == "-" {
			continue
		}
		rule := t.Name() + "." + key
		p := obj{}
		for k, v := range schemaOf(f.Type, rule) {
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
		if r, ok := intRanges[rule]; ok {
			p["minimum"], p["maximum"] = r.min, r.max
		}
		if r, ok := stringRules[rule]; ok {
			p["pattern"] = r.pattern.String()
			if r.maxLen > 0 {
				p["maxLength"] = r.maxLen
			}
		}
		fieldSchema(rule, p)
		if f.Tag.Get("required") == "true" {
			required = append(required, key)
		}
		props[key] = p
	}
	s := obj{"type": "object", "additionalProperties": false, "patternProperties": extensions, "properties": props}
	if required != nil {
		s["required"] = required
	}
	if t == reflect.TypeOf(ServiceFile{}) {
		s["allOf"] = fargatePairs()
	}
	return s
}

// noNUL: arguments and environment values are C strings.
const noNUL = `^[^\x00]*$`

// fieldSchema adds the rules of single fields that the tables do not hold.
func fieldSchema(rule string, p obj) {
	switch rule {
	case "File.log_retention_days":
		p["enum"] = logRetentionDays
	case "FileSystemFile.provisioned_throughput_mibps":
		p["minimum"], p["maximum"] = ecsrules.MinProvisionedMibps, ecsrules.MaxProvisionedMibps
	case "ServiceFile.environment":
		p["propertyNames"] = obj{"anyOf": []any{obj{"pattern": envNameRe.String()}, obj{"pattern": "^x-"}}}
		p["additionalProperties"] = obj{"type": []string{"string", "number", "boolean"}, "pattern": noNUL}
	case "ServiceFile.command":
		p["items"] = obj{"type": "string", "minLength": 1, "pattern": noNUL}
	case "HealthCheckFile.command":
		// ecsrules.CheckHealthCheckCommand: NONE, or CMD / CMD-SHELL and
		// what to run.
		p["minItems"] = 1
		p["items"] = obj{"type": "string", "pattern": noNUL}
		p["prefixItems"] = []any{obj{"enum": []string{"CMD", "CMD-SHELL", "NONE"}}}
		p["if"] = obj{"prefixItems": []any{obj{"enum": []string{"CMD", "CMD-SHELL"}}}}
		p["then"] = obj{"minItems": 2}
	}
}

// fargatePairs states ecsrules' Fargate cpu/memory table: for each cpu (or
// the default cpu when none is given) the memory values it allows.
func fargatePairs() []any {
	var out []any
	for _, cpu := range ecsrules.FargateCPUs() {
		var cond obj
		if cpu == defCPU {
			cond = obj{"anyOf": []any{
				obj{"not": obj{"required": []string{"cpu"}}},
				obj{"properties": obj{"cpu": obj{"const": cpu}}, "required": []string{"cpu"}},
			}}
		} else {
			cond = obj{"properties": obj{"cpu": obj{"const": cpu}}, "required": []string{"cpu"}}
		}
		then := obj{"properties": obj{"memory": obj{"enum": ecsrules.FargateMemoryChoices(cpu)}}}
		if !slices.Contains(ecsrules.FargateMemoryChoices(cpu), defMemory) {
			then["required"] = []string{"memory"} // the default memory does not fit this cpu
		}
		out = append(out, obj{"if": cond, "then": then})
	}
	return out
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
