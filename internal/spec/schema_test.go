package spec

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"gopkg.in/yaml.v3"
)

func compileSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(Schema()))
	if err != nil {
		t.Fatalf("schema is not JSON: %v", err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("efsfargate.schema.json", doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("efsfargate.schema.json")
	if err != nil {
		t.Fatalf("schema does not compile: %v", err)
	}
	return s
}

// yamlToJSONValue converts a spec file to the value a schema validator reads.
func yamlToJSONValue(t *testing.T, data []byte) any {
	t.Helper()
	var v any
	if err := yaml.Unmarshal(data, &v); err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	out, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// specFiles lists every spec the project ships: embedded, examples, goldens.
func specFiles(t *testing.T) map[string][]byte {
	files := map[string][]byte{"reference.yml": ReferenceYAML(), "starter.yml": StarterYAML()}
	for _, pattern := range []string{"../../examples/*.yml", "../emitter/testdata/*/spec.yml"} {
		matches, _ := filepath.Glob(pattern)
		for _, m := range matches {
			data, err := os.ReadFile(m)
			if err != nil {
				t.Fatal(err)
			}
			files[m] = data
		}
	}
	return files
}

// The schema accepts every spec the parser accepts, and rejects the
// mistakes it can express (unknown keys, wrong types, bad enums).
func TestSchemaAgreesWithParser(t *testing.T) {
	s := compileSchema(t)
	for name, data := range specFiles(t) {
		if _, err := Parse(name, data); err != nil {
			t.Errorf("%s: parser rejects it: %v", name, err)
			continue
		}
		if err := s.Validate(yamlToJSONValue(t, data)); err != nil {
			t.Errorf("%s: schema rejects a valid spec: %v", name, err)
		}
	}
	for _, bad := range []string{
		strings.Replace(base, "image:", "imagee:", 1),
		base + "file_system: {throughput_mode: fast}\n",
		strings.Replace(base, "data-store:/data/db", "data-store:data/db", 1),
		base + "network: {assign_public_ip: yes please}\n",
		"app: x\nservices: {}\n",
	} {
		if _, err := Parse("bad.yml", []byte(bad)); err == nil {
			t.Errorf("parser accepts %q", bad)
		}
		if err := s.Validate(yamlToJSONValue(t, []byte(bad))); err == nil {
			t.Errorf("schema accepts %q", bad)
		}
	}
}

// Every key the decoder knows is in the schema, with a description.
func TestSchemaCoversEveryKey(t *testing.T) {
	var schema map[string]any
	if err := json.Unmarshal(Schema(), &schema); err != nil {
		t.Fatal(err)
	}
	check := func(name string, typ reflect.Type, props map[string]any) {
		_, keys := fieldsOf(typ)
		got := make([]string, 0, len(props))
		for k, v := range props {
			got = append(got, k)
			if d, _ := v.(map[string]any)["description"].(string); d == "" {
				t.Errorf("%s.%s has no description", name, k)
			}
		}
		sort.Strings(got)
		sort.Strings(keys)
		if !reflect.DeepEqual(got, keys) {
			t.Errorf("%s: schema keys %v, decoder keys %v", name, got, keys)
		}
	}
	top := schema["properties"].(map[string]any)
	check("top", reflect.TypeOf(File{}), top)
	svc := top["services"].(map[string]any)["additionalProperties"].(map[string]any)["properties"].(map[string]any)
	check("service", reflect.TypeOf(ServiceFile{}), svc)
	fs := top["file_system"].(map[string]any)["properties"].(map[string]any)
	check("file_system", reflect.TypeOf(FileSystemFile{}), fs)
	if d := fs["removal"].(map[string]any)["default"]; d != "retain" {
		t.Errorf("removal default %v", d)
	}
}
