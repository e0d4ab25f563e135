package spec

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"
	"strings"

	"gopkg.in/yaml.v3"
)

// DefaultFile is the spec file name the CLI looks for.
const DefaultFile = "efsfargate.yml"

// MaxBytes caps what is read of a spec. A spec past it would describe a
// stack far beyond CloudFormation's 1 MB template quota, and an unbounded
// read (a device, a FIFO, a runaway generator) must stop early.
const MaxBytes = 1 << 20

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
	f, err := os.Open(path)
	if err != nil {
		return nil, ErrorList{{File: path, Msg: fmt.Sprintf("cannot read the file: %v", unwrapPathError(err)), Fix: "check the path"}}
	}
	defer f.Close()
	return Read(path, f)
}

// Read reads at most MaxBytes from r (standard input, a pipe …) and parses
// it; filename is used in error messages only.
func Read(filename string, r io.Reader) (*Project, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxBytes+1))
	if err != nil {
		return nil, ErrorList{{File: filename, Msg: fmt.Sprintf("cannot read the file: %v", unwrapPathError(err)), Fix: "check the path"}}
	}
	return Parse(filename, data)
}

func unwrapPathError(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Parse validates spec data; filename is used in error messages only.
func Parse(filename string, data []byte) (p *Project, err error) {
	if len(data) > MaxBytes {
		return nil, ErrorList{{File: filename, Msg: fmt.Sprintf("the file is larger than %d bytes (1 MiB), the most efsfargate reads", MaxBytes),
			Fix: "split the services over several spec files; a stack this large is past CloudFormation's quotas anyway"}}
	}
	if e := scanBytes(filename, data); e != nil {
		return nil, ErrorList{e}
	}
	root, errs := parseDocument(filename, data)
	if errs != nil {
		return nil, errs
	}
	d := newDecoder(filename, data)
	if root == nil || isNull(root) {
		return nil, ErrorList{{File: filename, Line: 1, Col: 1, Msg: "the file is empty", Fix: "start from `efsfargate init`, or give app and services"}}
	}
	var f File
	d.decode(root, reflect.ValueOf(&f).Elem(), "")
	if d.overBudget {
		return nil, d.result()
	}
	p = resolveFile(d, &f)
	if len(d.errs) > 0 {
		return nil, d.result()
	}
	return p, nil
}

// parseDocument parses exactly one YAML document. A second document would
// be silently ignored by a plain decode, so it is refused.
func parseDocument(filename string, data []byte) (root *yaml.Node, errs ErrorList) {
	defer func() {
		// The parser must never take the process down on hostile input.
		if r := recover(); r != nil {
			root, errs = nil, ErrorList{{File: filename, Line: 1, Col: 1, Msg: fmt.Sprintf("the YAML parser failed: %v", r), Fix: "fix the YAML syntax"}}
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if err == io.EOF {
			return nil, nil
		}
		return nil, ErrorList{syntaxError(filename, data, err)}
	}
	var second yaml.Node
	switch err := dec.Decode(&second); {
	case err == io.EOF:
	case err != nil:
		return nil, ErrorList{syntaxError(filename, data, err)}
	default:
		line, col := second.Line, second.Column
		if line == 0 {
			line, col = 1, 1
		}
		return nil, ErrorList{{File: filename, Line: line, Col: col, Msg: "the file holds more than one YAML document (---)",
			Fix: "keep one spec per file: remove the --- separator and what follows, or move it to its own file"}}
	}
	if len(doc.Content) == 0 {
		return nil, nil
	}
	return doc.Content[0], nil
}

// syntaxError turns yaml.v3's "yaml: line N: msg" into a located error,
// naming tabs as tabs: YAML forbids them in indentation and the parser's
// own words ("cannot start any token") do not say so.
func syntaxError(filename string, data []byte, err error) *FieldError {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	e := &FieldError{File: filename, Fix: "fix the YAML syntax"}
	var line int
	if n, _ := fmt.Sscanf(msg, "line %d:", &line); n == 1 {
		e.Line, e.Col = line, 1
		msg = strings.TrimSpace(msg[strings.Index(msg, ":")+1:])
	}
	if tl, tc, ok := indentTab(data); ok && (tl == line || strings.Contains(msg, "tab") || strings.Contains(msg, "cannot start any token")) {
		return &FieldError{File: filename, Line: tl, Col: tc, Msg: fmt.Sprintf("tab character at %d:%d: YAML indents with spaces", tl, tc),
			Fix: "replace the tab with spaces"}
	}
	if strings.Contains(msg, "max depth") {
		e.Line, e.Col = nestingLimit(data, maxNesting)
		msg = fmt.Sprintf("nesting deeper than %d levels", maxNesting)
		e.Fix = "nest fewer lists and mappings"
	}
	if e.Line == 0 {
		e.Line, e.Col = 1, 1 // the parser gave no position: the file as a whole
	}
	e.Msg = "invalid YAML: " + msg
	return e
}
