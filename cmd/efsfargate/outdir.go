package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/efsfargate/efsfargate/internal/emitter"
)

// writeStacks writes each stack to dir/<name>.<format>, each file replaced
// atomically, and prints the names in deploy order. Every stack is
// rendered and checked before the first file is written.
func writeStacks(cmd *cobra.Command, dir, format string, stacks []emitter.StackFile) error {
	if fi, err := os.Stat(dir); err == nil && !fi.IsDir() {
		return invalid("cannot write to %s: it is not a folder (give a folder for --out-dir)", dir)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return invalid("cannot create %s: %v", dir, bareError(err))
	}
	for _, s := range stacks {
		if err := writeOutput(filepath.Join(dir, s.Name+"."+format), s.Body, nil); err != nil {
			return invalid("%v", err)
		}
	}
	for _, s := range stacks {
		fmt.Fprintln(cmd.OutOrStdout(), s.Name)
	}
	return nil
}
