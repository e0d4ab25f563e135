package spec

import (
	"fmt"

	"github.com/efsfargate/efsfargate/internal/textpos"
)

// Byte-level checks that run before the YAML parser, whose own messages for
// these cases carry no position ("invalid leading UTF-8 octet",
// "control characters are not allowed").

// scanBytes reports the first byte sequence YAML 1.2 does not allow in a
// stream: invalid UTF-8, NUL and other control characters.
func scanBytes(filename string, data []byte) *FieldError {
	bad, found := textpos.First(data, yamlPrintable)
	switch {
	case !found:
		return nil
	case bad.InvalidUTF8:
		return &FieldError{File: filename, Line: bad.Line, Col: bad.Col, Msg: fmt.Sprintf("invalid UTF-8 (byte 0x%02x)", bad.Byte),
			Fix: "save the file as UTF-8"}
	}
	what := fmt.Sprintf("control character U+%04X", bad.Rune)
	if bad.Rune == 0 {
		what = "NUL byte"
	}
	return &FieldError{File: filename, Line: bad.Line, Col: bad.Col, Msg: what + " in the file",
		Fix: "remove it; YAML allows only printable characters, tabs and line breaks"}
}

// yamlPrintable is YAML 1.2's c-printable set (production [1]); a byte
// order mark is allowed at the start of the stream.
func yamlPrintable(r rune, at int) bool {
	switch {
	case r == '\t' || r == '\n' || r == '\r':
		return true
	case r >= 0x20 && r <= 0x7E, r == 0x85:
		return true
	case r == 0xFEFF:
		return at == 0
	case r >= 0xA0 && r <= 0xD7FF, r >= 0xE000 && r <= 0xFFFD, r >= 0x10000 && r <= 0x10FFFF:
		return true
	}
	return false
}

// indentTab finds the first tab in the indentation of a line, 1-based.
func indentTab(data []byte) (line, col int, ok bool) {
	line, col = 1, 1
	leading := true
	for _, c := range data {
		switch {
		case c == '\n':
			line, col, leading = line+1, 1, true
			continue
		case c == '\t' && leading:
			return line, col, true
		case c != ' ' && c != '-' && c != '?' && c != ':':
			leading = false
		}
		if c&0xC0 != 0x80 { // count characters, not UTF-8 continuation bytes
			col++
		}
	}
	return 0, 0, false
}

// maxNesting is yaml.v3's limit on nested collections.
const maxNesting = 10000

// nestingLimit finds where flow brackets and block-sequence dashes first
// nest past limit, for the parser's unlocated "exceeded max depth" error.
// Quoted text is skipped; the count is approximate for block mappings.
func nestingLimit(data []byte, limit int) (line, col int) {
	line, col = 1, 1
	depth, dashes := 0, 0
	var quote byte
	atLineStart := true
	for i, c := range data {
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '[' || c == '{':
			depth++
		case c == ']' || c == '}':
			depth--
		case c == '-' && atLineStart && i+1 < len(data) && (data[i+1] == ' ' || data[i+1] == '\n'):
			dashes++
		}
		if depth+dashes > limit {
			return line, col
		}
		if c == '\n' {
			line, col, dashes, atLineStart = line+1, 1, 0, true
			continue
		}
		if c != ' ' && c != '-' {
			atLineStart = false
		}
		if c&0xC0 != 0x80 {
			col++
		}
	}
	return 1, 1
}
