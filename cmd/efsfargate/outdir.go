package main

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"

	"github.com/spf13/cobra"

	"github.com/efsfargate/efsfargate/internal/emitter"
)

// writers is how many stack files are written at once.
const writers = 8

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
	// Each file is synced before its rename; writing several at once
	// overlaps those waits.
	errs := make([]error, len(stacks))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(writers, len(stacks)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				errs[i] = writeOutput(filepath.Join(dir, stacks[i].Name+"."+format), stacks[i].Body, nil)
			}
		}()
	}
	for i := range stacks {
		next <- i
	}
	close(next)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return invalid("%v", err)
		}
	}
	for _, s := range stacks {
		fmt.Fprintln(cmd.OutOrStdout(), s.Name)
	}
	return nil
}
