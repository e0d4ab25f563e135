package spec

import (
	"fmt"
	"sort"
	"strings"
)

// FieldError is one problem in a spec file, located by position and field
// path, in the manner of Kubernetes field errors.
type FieldError struct {
	File string
	Line int // 1-based; 0 when unknown
	Col  int
	Path string // e.g. services.database.volumes[0]
	Msg  string // what is wrong
	Fix  string // how to fix it; may be empty
}

func (e *FieldError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d:%d", e.Line, e.Col)
	}
	b.WriteString(": ")
	if e.Path != "" {
		b.WriteString(e.Path)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	if e.Fix != "" {
		b.WriteString(" (")
		b.WriteString(e.Fix)
		b.WriteString(")")
	}
	return b.String()
}

// ErrorList holds every problem found in one file. It is returned as the
// error of Load and Parse when it is not empty.
type ErrorList []*FieldError

func (l ErrorList) Error() string {
	lines := make([]string, len(l))
	for i, e := range l {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// sorted orders errors by position, then path, so output is stable.
func (l ErrorList) sorted() ErrorList {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i], l[j]
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Col != b.Col {
			return a.Col < b.Col
		}
		return a.Path < b.Path
	})
	return l
}
