package emitter

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/efsfargate/efsfargate/internal/spec"
)

// bigProject has n services over a handful of shared volumes, mixing
// read-only and read-write mounts: enough map-shaped data to expose any
// map-order dependence in the output.
func bigProject(n int) *spec.Project {
	p := project()
	p.Volumes = nil
	for v := range 5 {
		p.Volumes = append(p.Volumes, volume(fmt.Sprintf("vol-%d", v)))
	}
	p.Services = nil
	for i := range n {
		s := service(fmt.Sprintf("svc-%d", i),
			spec.Mount{Volume: fmt.Sprintf("vol-%d", i%5), Path: "/a"},
			spec.Mount{Volume: fmt.Sprintf("vol-%d", (i+1)%5), Path: "/b", ReadOnly: i%2 == 0},
		)
		s.Port = 8000 + i%1000
		s.Environment = []spec.EnvVar{{Name: "INDEX", Value: fmt.Sprint(i)}, {Name: "MODE", Value: "test"}}
		p.Services = append(p.Services, s)
	}
	return p
}

func TestRenderIsDeterministic(t *testing.T) {
	for _, format := range []string{"yaml", "json"} {
		first, err := Render(bigProject(20), format)
		if err != nil {
			t.Fatal(err)
		}
		for range 10 {
			again, err := Render(bigProject(20), format)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(first, again) {
				t.Fatalf("%s: two renders of the same project differ:\n%s", format, lineDiff(string(first), string(again)))
			}
		}
	}
}

// Render does not change the project, so rendering it twice gives the same
// bytes too.
func TestRenderDoesNotChangeProject(t *testing.T) {
	p := spec.Reference()
	before := fmt.Sprintf("%#v", *p)
	a, err := Render(p, "yaml")
	if err != nil {
		t.Fatal(err)
	}
	b, err := Render(p, "yaml")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Error("second render of the same project differs")
	}
	if after := fmt.Sprintf("%#v", *p); after != before {
		t.Errorf("Render changed the project:\n%s\n%s", before, after)
	}
}

func TestJSONAndYAMLAgree(t *testing.T) {
	p := bigProject(3)
	y, err := Render(p, "yaml")
	if err != nil {
		t.Fatal(err)
	}
	j, err := Render(p, "json")
	if err != nil {
		t.Fatal(err)
	}
	fromYAML, err := DecodeYAML(y)
	if err != nil {
		t.Fatal(err)
	}
	var fromJSON any
	if err := json.Unmarshal(j, &fromJSON); err != nil {
		t.Fatal(err)
	}
	// Compare through JSON so YAML's ints and JSON's float64s meet.
	var normalized any
	if err := json.Unmarshal([]byte(js(fromYAML)), &normalized); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(normalized, fromJSON) {
		t.Error("the YAML and JSON renders hold different templates")
	}
}

func TestJSONIsReadable(t *testing.T) {
	out, err := Render(project(), "json")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(out, []byte(`"List<AWS::EC2::Subnet::Id>"`)) {
		t.Error("JSON escapes < and > in List<AWS::EC2::Subnet::Id>")
	}
	if !bytes.HasPrefix(out, []byte("{\n  \"AWSTemplateFormatVersion\": \"2010-09-09\",\n")) || !bytes.HasSuffix(out, []byte("}\n")) {
		t.Errorf("unexpected JSON layout:\n%.200s", out)
	}
}

func TestRenderUnknownFormat(t *testing.T) {
	if _, err := Render(project(), "toml"); err == nil {
		t.Error("format toml: no error")
	}
}

// A raw-map intrinsic would be evaluated by template.JSON(): GetAtt and
// ImportValue become null, pseudo parameters fake values. Every golden case
// must come out with neither.
func TestNoEvaluatedIntrinsics(t *testing.T) {
	var walk func(path string, v any)
	walk = func(path string, v any) {
		switch x := v.(type) {
		case nil:
			t.Errorf("%s is null", path)
		case map[string]any:
			for k, c := range x {
				walk(path+"/"+k, c)
			}
		case []any:
			for i, c := range x {
				walk(fmt.Sprintf("%s/%d", path, i), c)
			}
		case string:
			if strings.Contains(x, "arn:aws:elasticfilesystem") {
				t.Errorf("%s = %q: an ARN with its partition resolved", path, x)
			}
		}
	}
	for _, dir := range goldenCases(t) {
		p, err := spec.Load(filepath.Join(dir, "spec.yml"))
		if err != nil {
			t.Fatal(err)
		}
		walk(dir, any(render(t, p)))
	}
}
