package main

import (
	"errors"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/efsfargate/efsfargate/internal/spec"
)

func newInitCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "init [-o FILE]",
		Short: "Write a commented starter spec (never overwrites)",
		Long:  "Writes a commented starter spec, efsfargate.yml unless --output names another\nfile. An existing file is never overwritten.",
		Args:  noArgs("give the file with -o"),
	}
	out := stringFlag(cmd.Flags(), "output", "o", spec.DefaultFile, "where to write the starter spec")
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		path := out.value
		// O_EXCL makes the refusal to overwrite race-free.
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if errors.Is(err, os.ErrExist) {
			return invalid("%s already exists; not overwriting it (remove it or use -o OTHER.yml)", path)
		}
		if err != nil {
			return invalid("%v", writeError(path, err))
		}
		_, err = f.Write(spec.StarterYAML())
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			_ = os.Remove(path)
			return invalid("%v", writeError(path, err))
		}
		fmt.Fprintf(cmd.OutOrStdout(), "wrote %s; next: efsfargate validate -f %s\n", path, path)
		return nil
	}
	return cmd
}
