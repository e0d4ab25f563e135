package main

import (
	"fmt"
	"io"

	"github.com/efsfargate/efsfargate/internal/emitter"
	"github.com/efsfargate/efsfargate/internal/spec"
)

func runValidate(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlags("validate", "validate [-f FILE]", stdout, stderr)
	file := fs.String("f", spec.DefaultFile, "spec file (\"-\" for standard input)")
	if code, done := parseFlags(fs, args, stdout); done {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "efsfargate validate: unexpected argument %q (give the spec with -f)\n", fs.Arg(0))
		return exitUsage
	}
	p, ok := loadSpec(*file, stdin, stderr)
	if !ok {
		return exitInvalid
	}
	// What only the whole stack shows: CloudFormation's per-stack quotas.
	if _, err := emitter.Template(p); err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", *file, err)
		return exitInvalid
	}
	fmt.Fprintf(stdout, "%s: valid: app %s, stage %s, %d service(s), %d volume(s)\n", *file, p.App, p.Stage, len(p.Services), len(p.Volumes))
	return exitOK
}
