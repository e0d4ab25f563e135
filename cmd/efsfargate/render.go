package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/efsfargate/efsfargate/internal/emitter"
	"github.com/efsfargate/efsfargate/internal/spec"
)

// render runs every check emit runs, every stack's template included:
// validate calls it too and discards the bytes, so the two always agree.
func render(cmd *cobra.Command, p *spec.Project, name, format string) ([]emitter.StackFile, error) {
	stacks, err := emitter.RenderStacks(p, format)
	if err != nil {
		fmt.Fprintf(cmd.ErrOrStderr(), "%s: %v\n", name, err)
		return nil, silent(exitInvalid)
	}
	return stacks, nil
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
