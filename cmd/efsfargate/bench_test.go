package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// BenchmarkEmitProcess measures the whole `efsfargate emit` process for the
// reference template: start, parse the embedded spec, emit, print, exit.
func BenchmarkEmitProcess(b *testing.B) {
	bin := filepath.Join(b.TempDir(), "efsfargate")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		b.Fatalf("build: %v\n%s", err, out)
	}
	devnull, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		b.Fatal(err)
	}
	defer devnull.Close()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		cmd := exec.Command(bin, "emit")
		cmd.Stdout = devnull
		if err := cmd.Run(); err != nil {
			b.Fatal(err)
		}
	}
}
