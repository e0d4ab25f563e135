package doctor

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// jsonPosError is a JSON syntax error with its line and column.
type jsonPosError struct {
	line, col int
	msg       string
	limit     bool // a bound of the doctor, not a syntax error
}

func (e *jsonPosError) Error() string { return e.msg }

// parseJSON turns JSON into yaml.Nodes carrying 1-based line and column
// (in characters), the same shape yaml.v3 gives for YAML.
func parseJSON(data []byte) (*yaml.Node, error) {
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		var se *json.SyntaxError
		off := len(data)
		if errors.As(err, &se) {
			off = int(se.Offset) - 1
		}
		l, c := position(data, off)
		return nil, &jsonPosError{line: l, col: c, msg: err.Error()}
	}
	p := &jsonParser{data: data, dec: json.NewDecoder(bytes.NewReader(data)), line: 1, col: 1}
	p.dec.UseNumber()
	return p.value()
}

type jsonParser struct {
	data []byte
	dec  *json.Decoder
	// The position of byte off, advanced as tokens are read: offsets only
	// grow, so the whole file is counted once.
	off, line, col int
	values         int
}

// pos returns the 1-based line and character column of byte off >= p.off.
func (p *jsonParser) pos(off int) (int, int) {
	for p.off < off && p.off < len(p.data) {
		b := p.data[p.off]
		switch {
		case b == '\n':
			p.line, p.col = p.line+1, 1
		case b < 0x80 || b >= 0xC0: // not a UTF-8 continuation byte
			p.col++
		}
		p.off++
	}
	return p.line, p.col
}

// next returns the next token and the offset where it starts: the decoder's
// offset is just past the previous token, before any separator.
func (p *jsonParser) next() (json.Token, int, error) {
	off := int(p.dec.InputOffset())
	for off < len(p.data) {
		switch p.data[off] {
		case ' ', '\t', '\r', '\n', ',', ':':
			off++
			continue
		}
		break
	}
	tok, err := p.dec.Token()
	return tok, off, err
}

func (p *jsonParser) value() (*yaml.Node, error) {
	tok, off, err := p.next()
	if err != nil {
		return nil, err
	}
	return p.build(tok, off)
}

func (p *jsonParser) build(tok json.Token, off int) (*yaml.Node, error) {
	if p.values++; p.values > maxJSONValues {
		l, c := p.pos(off)
		return nil, &jsonPosError{line: l, col: c, msg: fmt.Sprintf("more than %d values: past any template CloudFormation accepts", maxJSONValues), limit: true}
	}
	line, col := p.pos(off)
	n := &yaml.Node{Line: line, Column: col}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			n.Kind, n.Tag, n.Style = yaml.MappingNode, "!!map", yaml.FlowStyle
			for p.dec.More() {
				ktok, koff, err := p.next()
				if err != nil {
					return nil, err
				}
				k, err := p.build(ktok, koff)
				if err != nil {
					return nil, err
				}
				v, err := p.value()
				if err != nil {
					return nil, err
				}
				n.Content = append(n.Content, k, v)
			}
		case '[':
			n.Kind, n.Tag, n.Style = yaml.SequenceNode, "!!seq", yaml.FlowStyle
			for p.dec.More() {
				v, err := p.value()
				if err != nil {
					return nil, err
				}
				n.Content = append(n.Content, v)
			}
		default:
			return nil, io.ErrUnexpectedEOF
		}
		if _, err := p.dec.Token(); err != nil { // the closing delimiter
			return nil, err
		}
	case string:
		n.Kind, n.Tag, n.Value, n.Style = yaml.ScalarNode, "!!str", t, yaml.DoubleQuotedStyle
	case json.Number:
		n.Kind, n.Value, n.Tag = yaml.ScalarNode, t.String(), "!!float"
		if _, err := t.Int64(); err == nil {
			n.Tag = "!!int"
		}
	case bool:
		n.Kind, n.Tag, n.Value = yaml.ScalarNode, "!!bool", "false"
		if t {
			n.Value = "true"
		}
	case nil:
		n.Kind, n.Tag, n.Value = yaml.ScalarNode, "!!null", "null"
	}
	return n, nil
}

// position converts a byte offset to a 1-based line and character column.
func position(data []byte, off int) (line, col int) {
	if off > len(data) {
		off = len(data)
	}
	if off < 0 {
		off = 0
	}
	before := data[:off]
	line = bytes.Count(before, []byte("\n")) + 1
	start := bytes.LastIndexByte(before, '\n') + 1
	return line, utf8.RuneCount(before[start:]) + 1
}
