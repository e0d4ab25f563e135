package main

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/efsfargate/efsfargate/internal/emitter"
	"github.com/efsfargate/efsfargate/internal/spec"
)

// loadSpec reads the spec at path ("-" for standard input) and prints every
// problem to stderr; the error then only carries the exit code.
func loadSpec(cmd *cobra.Command, path string) (*spec.Project, error) {
	var (
		p   *spec.Project
		err error
	)
	if path == "-" {
		data, rerr := io.ReadAll(cmd.InOrStdin())
		if rerr != nil {
			return nil, invalid("reading standard input: %v", rerr)
		}
		p, err = spec.Parse("<stdin>", data)
	} else {
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
	return p, nil
}

// render runs every check emit runs, the whole template included: validate
// calls it too and discards the bytes, so the two always agree.
func render(cmd *cobra.Command, p *spec.Project, name, format string) ([]byte, error) {
	body, err := emitter.Render(p, format)
	if err != nil {
		fmt.Fprintf(cmd.ErrOrStderr(), "%s: %v\n", name, err)
		return nil, silent(exitInvalid)
	}
	return body, nil
}

// formatFlag adds --format yaml|json with shell completion of its values.
func formatFlag(cmd *cobra.Command, usage string) *single {
	f := stringFlag(cmd.Flags(), "format", "", "yaml", usage)
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions([]string{"yaml", "json"}, cobra.ShellCompDirectiveNoFileComp))
	return f
}

func checkFormat(format string) error {
	if format != "yaml" && format != "json" {
		return usageErr("--format must be yaml or json, not %q", format)
	}
	return nil
}
