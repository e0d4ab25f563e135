package main

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/efsfargate/efsfargate/internal/spec"
)

const emitLong = `Writes the CloudFormation template for a spec. With no --file, emit reads
./efsfargate.yml when it exists, else emits the reference stack (the
embedded reference spec) and says so on standard error. --output replaces
a regular file atomically, keeping its mode; a device or pipe such as
/dev/stdout is written directly.

--out-dir DIR writes every stack as DIR/<stack-name>.yaml (or .json) and
prints the stack names in deploy order, one a line. A spec with
layout: split (a base stack and one stack per service) needs it.`

func newEmitCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "emit [-f FILE] [--format yaml|json] [-o FILE | --out-dir DIR]",
		Short: "Emit the CloudFormation template of a spec",
		Long:  emitLong,
		Args:  noArgs("give the spec with -f"),
	}
	file := stringFlag(cmd.Flags(), "file", "f", "", `spec file ("-" for standard input); default ./efsfargate.yml, else the reference spec`)
	format := formatFlag(cmd, "output format: yaml or json")
	out := stringFlag(cmd.Flags(), "output", "o", "", "write the template to this file instead of standard output")
	outDir := stringFlag(cmd.Flags(), "out-dir", "", "", "write each stack to DIR/<stack-name>.<format> and print the stack names in deploy order")
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		if err := checkFormat(format.value); err != nil {
			return err
		}
		if out.value != "" && outDir.value != "" {
			return usageErr("give --output or --out-dir, not both")
		}
		p, name := (*spec.Project)(nil), file.value
		switch {
		case name != "":
		case isFile(spec.DefaultFile):
			name = spec.DefaultFile
		default:
			fmt.Fprintf(cmd.ErrOrStderr(), "efsfargate emit: no %s here; emitting the reference stack (give a spec with -f, or run efsfargate init)\n", spec.DefaultFile)
			p, name = spec.Reference(), "reference spec"
		}
		if p == nil {
			var err error
			if p, err = loadSpec(cmd, name); err != nil {
				return err
			}
		}
		if p.Split() && outDir.value == "" {
			return usageErr("%s has layout: split, which makes a base stack and one stack per service: give --out-dir DIR to write one file per stack", name)
		}
		stacks, err := render(cmd, p, name, format.value)
		if err != nil {
			return err
		}
		if outDir.value != "" {
			return writeStacks(cmd, outDir.value, format.value, stacks)
		}
		if err := writeOutput(out.value, stacks[0].Body, cmd.OutOrStdout()); err != nil {
			return invalid("%v", err)
		}
		return nil
	}
	return cmd
}

// emitReference is what efsfargate with no command does.
func emitReference(cmd *cobra.Command) error {
	stacks, err := render(cmd, spec.Reference(), "reference spec", "yaml")
	if err != nil {
		return err
	}
	_, err = cmd.OutOrStdout().Write(stacks[0].Body)
	return err
}

func isFile(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && !fi.IsDir()
}
