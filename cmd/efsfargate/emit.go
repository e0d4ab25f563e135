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
/dev/stdout is written directly.`

func newEmitCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "emit [-f FILE] [--format yaml|json] [-o FILE]",
		Short: "Emit the CloudFormation template of a spec",
		Long:  emitLong,
		Args:  noArgs("give the spec with -f"),
	}
	file := stringFlag(cmd.Flags(), "file", "f", "", `spec file ("-" for standard input); default ./efsfargate.yml, else the reference spec`)
	format := formatFlag(cmd, "output format: yaml or json")
	out := stringFlag(cmd.Flags(), "output", "o", "", "write the template to this file instead of standard output")
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		if err := checkFormat(format.value); err != nil {
			return err
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
		body, err := render(cmd, p, name, format.value)
		if err != nil {
			return err
		}
		if err := writeOutput(out.value, body, cmd.OutOrStdout()); err != nil {
			return invalid("%v", err)
		}
		return nil
	}
	return cmd
}

// emitReference is what efsfargate with no command does.
func emitReference(cmd *cobra.Command) error {
	body, err := render(cmd, spec.Reference(), "reference spec", "yaml")
	if err != nil {
		return err
	}
	_, err = cmd.OutOrStdout().Write(body)
	return err
}

func isFile(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && !fi.IsDir()
}
