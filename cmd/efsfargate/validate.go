package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/efsfargate/efsfargate/internal/spec"
)

const validateLong = `Checks a spec and lists every problem, each with file, line, column, field
path and the fix. validate runs every check emit runs: it renders the
template in the given format and discards it, so CloudFormation's
per-stack quotas (resources, outputs, template size) are checked too.`

func newValidateCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "validate [-f FILE] [--format yaml|json]",
		Short: "Check a spec and list every problem",
		Long:  validateLong,
		Args:  noArgs("give the spec with -f"),
	}
	file := stringFlag(cmd.Flags(), "file", "f", spec.DefaultFile, `spec file ("-" for standard input)`)
	format := formatFlag(cmd, "the format emit will write, whose size is checked: yaml or json")
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		if err := checkFormat(format.value); err != nil {
			return err
		}
		p, err := loadSpec(cmd, file.value)
		if err != nil {
			return err
		}
		stacks, err := render(cmd, p, file.value, format.value)
		if err != nil {
			return err
		}
		layout := ""
		if p.Split() {
			layout = fmt.Sprintf(", %d stacks (layout: split)", len(stacks))
		}
		fmt.Fprintf(cmd.OutOrStdout(), "%s: valid: app %s, stage %s, %d service(s), %d volume(s)%s\n", file.value, p.App, p.Stage, len(p.Services), len(p.Volumes), layout)
		return nil
	}
	return cmd
}
