package spec

import (
	_ "embed"
	"fmt"
	"os"
	"reflect"
	"strings"

	"gopkg.in/yaml.v3"
)

// DefaultFile is the spec file name the CLI looks for.
const DefaultFile = "efsfargate.yml"

//go:embed reference.yml
var referenceYAML []byte

//go:embed starter.yml
var starterYAML []byte

// StarterYAML returns the commented starter spec that `efsfargate init`
// writes.
func StarterYAML() []byte { return append([]byte(nil), starterYAML...) }

// ReferenceYAML returns the embedded reference spec: the guide's nginx
// web-app serving /usr/share/nginx/html from the volume shared-data.
func ReferenceYAML() []byte { return append([]byte(nil), referenceYAML...) }

// Reference returns the validated reference spec.
func Reference() *Project {
	p, err := Parse("reference.yml", referenceYAML)
	if err != nil {
		panic("spec: embedded reference spec is invalid: " + err.Error())
	}
	return p
}

// Load reads, validates and completes the spec file at path. On any problem
// it returns an ErrorList with every problem found.
func Load(path string) (*Project, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, ErrorList{{File: path, Msg: fmt.Sprintf("cannot read the file: %v", unwrapPathError(err)), Fix: "check the path"}}
	}
	return Parse(path, data)
}

func unwrapPathError(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}

// Parse validates spec data; filename is used in error messages only.
func Parse(filename string, data []byte) (*Project, error) {
	d := &decoder{file: filename, pos: map[string]pos{}}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, ErrorList{syntaxError(filename, err)}
	}
	if len(root.Content) == 0 || isNull(root.Content[0]) {
		return nil, ErrorList{{File: filename, Line: 1, Col: 1, Msg: "the file is empty", Fix: "start from `efsfargate init`, or give app and services"}}
	}
	var f File
	d.decode(root.Content[0], reflect.ValueOf(&f).Elem(), "")
	p := resolveFile(d, &f)
	if len(d.errs) > 0 {
		return nil, d.errs.sorted()
	}
	return p, nil
}

// syntaxError turns yaml.v3's "yaml: line N: msg" into a located error.
func syntaxError(filename string, err error) *FieldError {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	e := &FieldError{File: filename, Fix: "fix the YAML syntax"}
	var line int
	if n, _ := fmt.Sscanf(msg, "line %d:", &line); n == 1 {
		e.Line, e.Col = line, 1
		msg = strings.TrimSpace(msg[strings.Index(msg, ":")+1:])
	}
	e.Msg = "invalid YAML: " + msg
	return e
}
