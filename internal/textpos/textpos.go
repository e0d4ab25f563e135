// Package textpos finds the first character of a file that a format does
// not allow, with its line and column, for readers whose parsers report
// such characters without a position.
package textpos

import "unicode/utf8"

// Bad is the first character refused: its 1-based line and column (in
// characters), the rune, and for invalid UTF-8 the byte instead.
type Bad struct {
	Line, Col   int
	Rune        rune
	InvalidUTF8 bool
	Byte        byte
}

// First scans data and returns the first invalid UTF-8 sequence or rune
// that allowed (given the rune and its byte offset) refuses; ok is false
// when every character is allowed.
func First(data []byte, allowed func(r rune, at int) bool) (bad Bad, ok bool) {
	line, col := 1, 1
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			return Bad{Line: line, Col: col, Rune: r, InvalidUTF8: true, Byte: data[i]}, true
		case !allowed(r, i):
			return Bad{Line: line, Col: col, Rune: r}, true
		}
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
		i += size
	}
	return Bad{}, false
}
