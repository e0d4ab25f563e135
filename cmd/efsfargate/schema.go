package main

import (
	"github.com/spf13/cobra"

	"github.com/efsfargate/efsfargate/internal/spec"
)

const schemaLong = `Prints the JSON Schema of the spec file, generated from the same Go types
the parser reads. Point your editor's YAML extension at it for completion:

  efsfargate schema -o efsfargate.schema.json`

func newSchemaCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "schema [-o FILE]",
		Short: "Print the JSON Schema of the spec file",
		Long:  schemaLong,
		Args:  noArgs("the schema takes no input"),
	}
	out := stringFlag(cmd.Flags(), "output", "o", "", "write the schema to this file instead of standard output")
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		if err := writeOutput(out.value, spec.Schema(), cmd.OutOrStdout()); err != nil {
			return invalid("%v", err)
		}
		return nil
	}
	return cmd
}
