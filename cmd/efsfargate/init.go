package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/efsfargate/efsfargate/internal/spec"
)

func runInit(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("init", "init [-o FILE]", stdout, stderr)
	out := fs.String("o", spec.DefaultFile, "where to write the starter spec; an existing file is never overwritten")
	if code, done := parseFlags(fs, args, stdout); done {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "efsfargate init: unexpected argument %q (give the file with -o)\n", fs.Arg(0))
		return exitUsage
	}
	// O_EXCL makes the refusal to overwrite race-free.
	f, err := os.OpenFile(*out, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, os.ErrExist) {
		fmt.Fprintf(stderr, "efsfargate init: %s already exists; not overwriting it (remove it or use -o OTHER.yml)\n", *out)
		return exitInvalid
	}
	if err != nil {
		fmt.Fprintf(stderr, "efsfargate init: %v\n", err)
		return exitInvalid
	}
	_, err = f.Write(spec.StarterYAML())
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(*out)
		fmt.Fprintf(stderr, "efsfargate init: %v\n", err)
		return exitInvalid
	}
	fmt.Fprintf(stdout, "wrote %s; next: efsfargate validate -f %s\n", *out, *out)
	return exitOK
}
