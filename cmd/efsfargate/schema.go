package main

import (
	"fmt"
	"io"

	"github.com/efsfargate/efsfargate/internal/spec"
)

func runSchema(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("schema", "schema", stdout, stderr)
	if code, done := parseFlags(fs, args, stdout); done {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "efsfargate schema: unexpected argument %q\n", fs.Arg(0))
		return exitUsage
	}
	_, err := stdout.Write(spec.Schema())
	if err != nil {
		return exitInvalid
	}
	return exitOK
}
