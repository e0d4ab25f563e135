package main

import (
	"fmt"
	"io"

	"github.com/efsfargate/efsfargate/internal/emitter"
	"github.com/efsfargate/efsfargate/internal/spec"
)

func runEmit(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlags("emit", "emit [-f FILE] [--format yaml|json] [-o FILE]", stdout, stderr)
	file := fs.String("f", "", "spec file (\"-\" for standard input); default: the embedded reference spec")
	format := fs.String("format", "yaml", "output format: yaml or json")
	out := fs.String("o", "", "write the template to this file (atomically) instead of standard output")
	if code, done := parseFlags(fs, args, stdout); done {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "efsfargate emit: unexpected argument %q (give the spec with -f)\n", fs.Arg(0))
		return exitUsage
	}
	if *format != "yaml" && *format != "json" {
		fmt.Fprintf(stderr, "efsfargate emit: --format must be yaml or json, not %q\n", *format)
		return exitUsage
	}
	p, name := spec.Reference(), "reference spec"
	if *file != "" {
		name = *file
		var ok bool
		if p, ok = loadSpec(*file, stdin, stderr); !ok {
			return exitInvalid
		}
	}
	body, err := emitter.Render(p, *format)
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", name, err)
		return exitInvalid
	}
	if err := writeOutput(*out, body, stdout); err != nil {
		fmt.Fprintf(stderr, "efsfargate emit: %v\n", err)
		return exitInvalid
	}
	return exitOK
}
