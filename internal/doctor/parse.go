package doctor

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"

	"gopkg.in/yaml.v3"

	"github.com/efsfargate/efsfargate/internal/textpos"
)

// ParseError is an input that cannot be read, with the position of the
// problem when the parser gives one (Line 0: unknown).
type ParseError struct {
	File   string
	Line   int
	Column int
	Msg    string
	// More are further problems of the same file, one per line after
	// the first.
	More []*ParseError
}

func (e *ParseError) Error() string {
	s := e.one()
	for _, m := range e.More {
		s += "\n" + m.one()
	}
	return s
}

func (e *ParseError) one() string {
	switch {
	case e.Line > 0 && e.Column > 0:
		return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Column, e.Msg)
	case e.Line > 0:
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}

var yamlLineRe = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// parseDocument reads JSON or YAML into a node tree with positions. JSON is
// read by a JSON decoder (yaml.v3 rejects some valid JSON escapes such as
// "\/" and surrogate pairs); YAML short-form intrinsics (!Ref …) are
// rewritten to their long form.
func parseDocument(file string, data []byte) (*yaml.Node, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if err := checkText(file, data); err != nil {
		return nil, err
	}
	trimmed := bytes.TrimLeft(data, " \t\r\n")
	if len(trimmed) == 0 {
		return nil, &ParseError{File: file, Msg: "empty file"}
	}
	if trimmed[0] == '{' || trimmed[0] == '[' {
		n, err := parseJSON(data)
		if err == nil {
			return n, nil
		}
		if le, ok := err.(*jsonPosError); ok && le.limit {
			return nil, &ParseError{File: file, Line: le.line, Column: le.col, Msg: le.msg}
		}
		// A YAML flow mapping also starts with "{": accept it as YAML when
		// YAML reads it as a known input, else the JSON error is the news.
		if y, yerr := parseYAML(file, data); yerr == nil && detect(y) != 0 {
			return y, nil
		}
		var se *jsonPosError
		if errors.As(err, &se) {
			return nil, &ParseError{File: file, Line: se.line, Column: se.col, Msg: "invalid JSON: " + se.msg}
		}
		return nil, &ParseError{File: file, Msg: "invalid JSON: " + err.Error()}
	}
	return parseYAML(file, data)
}

func parseYAML(file string, data []byte) (*yaml.Node, error) {
	if len(data) > MaxYAMLBytes {
		return nil, &ParseError{File: file, Msg: fmt.Sprintf("YAML input is larger than %d MiB, the most the doctor reads as YAML (CloudFormation templates are at most 1 MB; give a larger template as JSON)", MaxYAMLBytes>>20)}
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, &ParseError{File: file, Msg: "empty document"}
		}
		return nil, yamlError(file, err)
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return nil, &ParseError{File: file, Msg: "empty document"}
	}
	if err := checkYAML(file, doc.Content[0]); err != nil {
		return nil, err
	}
	var next yaml.Node
	switch err := dec.Decode(&next); {
	case errors.Is(err, io.EOF):
	case err != nil:
		return nil, yamlError(file, err)
	default:
		return nil, &ParseError{File: file, Line: next.Line, Column: next.Column,
			Msg: "a second YAML document starts here: give one template or task definition per file"}
	}
	return normalizeTags(doc.Content[0]), nil
}

func yamlError(file string, err error) error {
	pe := &ParseError{File: file, Msg: "invalid YAML: " + err.Error()}
	if m := yamlLineRe.FindStringSubmatch(err.Error()); m != nil {
		pe.Line, _ = strconv.Atoi(m[1])
		pe.Msg = "invalid YAML: " + m[2]
	}
	return pe
}

// checkText refuses bytes that are not text, with their position: invalid
// UTF-8 and control characters other than tab, CR and LF (the parsers say
// so without a line).
func checkText(file string, data []byte) error {
	bad, found := textpos.First(data, func(r rune, _ int) bool {
		return (r >= 0x20 || r == '\t' || r == '\n' || r == '\r') && r != 0x7f
	})
	switch {
	case !found:
		return nil
	case bad.InvalidUTF8:
		return &ParseError{File: file, Line: bad.Line, Column: bad.Col, Msg: fmt.Sprintf("invalid UTF-8 byte 0x%02x: save the file as UTF-8", bad.Byte)}
	}
	return &ParseError{File: file, Line: bad.Line, Column: bad.Col, Msg: fmt.Sprintf("control character U+%04X is not allowed in a template or task definition", bad.Rune)}
}
