package main

import (
	"fmt"
	"io"

	"github.com/efsfargate/efsfargate/internal/spec"
)

// loadSpec reads the spec at path ("-" for standard input) and prints every
// problem to stderr. ok is false when the spec is invalid.
func loadSpec(path string, stdin io.Reader, stderr io.Writer) (*spec.Project, bool) {
	var (
		p   *spec.Project
		err error
	)
	if path == "-" {
		data, rerr := io.ReadAll(stdin)
		if rerr != nil {
			fmt.Fprintf(stderr, "efsfargate: reading standard input: %v\n", rerr)
			return nil, false
		}
		p, err = spec.Parse("<stdin>", data)
	} else {
		p, err = spec.Load(path)
	}
	if err != nil {
		fmt.Fprintln(stderr, err)
		if list, ok := err.(spec.ErrorList); ok && len(list) > 1 {
			fmt.Fprintf(stderr, "%d problems; nothing was written\n", len(list))
		}
		return nil, false
	}
	return p, true
}
