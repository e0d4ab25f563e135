package doctor

import (
	"fmt"
	"io"
	"strings"
)

// WriteText prints findings for people: location, severity, rule and
// resource, then the path, the run-time effect and the fix.
func WriteText(w io.Writer, fs []Finding) error {
	var b strings.Builder
	for _, f := range fs {
		fmt.Fprintf(&b, "%s: %s %s [%s] %s\n", f.Location(), f.Severity, f.Rule, f.Resource, f.Message)
		fmt.Fprintf(&b, "    path:    %s\n", f.Path)
		fmt.Fprintf(&b, "    runtime: %s\n", f.Runtime)
		fmt.Fprintf(&b, "    fix:     %s\n", f.Fix)
	}
	s := Summarize(fs)
	if len(fs) == 0 {
		b.WriteString("no findings\n")
	} else {
		fmt.Fprintf(&b, "\n%s: %s, %s, %s\n", plural(len(fs), "finding"), plural(s.Errors, "error"), plural(s.Warnings, "warning"), plural(s.Infos, "info"))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func plural(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}
