package main

import (
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/efsfargate/efsfargate/internal/spec"
)

// maxStreamSpec bounds a spec read from a stream (standard input, a pipe,
// a device such as /dev/zero), whose size is not known in advance. Real
// specs are a few kilobytes; a template CloudFormation accepts is at most
// 1 MB.
const maxStreamSpec = 8 << 20

// loadSpec reads the spec at path ("-" for standard input) and prints every
// problem to stderr; the error then only carries the exit code.
func loadSpec(cmd *cobra.Command, path string) (*spec.Project, error) {
	var (
		p   *spec.Project
		err error
	)
	switch {
	case path == "-":
		p, err = parseStream(cmd.InOrStdin(), "<stdin>", "standard input")
	case isStream(path):
		f, oerr := os.Open(path)
		if oerr != nil {
			return nil, invalid("cannot read %s: %v", path, bareError(oerr))
		}
		p, err = parseStream(f, path, path)
		_ = f.Close()
	default:
		p, err = spec.Load(path)
	}
	if err != nil {
		stderr := cmd.ErrOrStderr()
		fmt.Fprintln(stderr, err)
		if list, ok := err.(spec.ErrorList); ok && len(list) > 1 {
			fmt.Fprintf(stderr, "%d problems; nothing was written\n", len(list))
		}
		return nil, silent(exitInvalid)
	}
	printWarnings(cmd.ErrOrStderr(), p)
	return p, nil
}

// printWarnings shows what deploys but will not behave as the user may
// expect; they do not change the exit code.
func printWarnings(w io.Writer, p *spec.Project) {
	for _, warning := range p.Warnings {
		fmt.Fprintf(w, "warning: %s\n", warning)
	}
}

func isStream(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && !fi.Mode().IsRegular() && !fi.IsDir()
}

// parseStream reads at most maxStreamSpec bytes of r and parses them.
func parseStream(r io.Reader, name, what string) (*spec.Project, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxStreamSpec+1))
	if err != nil {
		return nil, invalid("cannot read %s: %v", what, bareError(err))
	}
	if len(data) > maxStreamSpec {
		return nil, invalid("%s: the spec is larger than %d MiB; a spec is a few kilobytes (give the spec file with -f)", name, maxStreamSpec>>20)
	}
	return spec.Parse(name, data)
}
