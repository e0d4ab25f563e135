package main

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func TestOutputFolderMissing(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out", "shop.yml")
	code, stdout, errs := runCLI(t, "", "emit", "-o", out)
	want := "efsfargate emit: cannot write " + out + ": folder " + filepath.Join(dir, "out") + " does not exist\n"
	if code != 1 || stdout != "" || !strings.HasSuffix(errs, want) {
		t.Errorf("exit %d, stderr %q; want 1 and %q", code, errs, want)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("files made: %v", entries)
	}
}

// Every way a write can fail is told in plain words: no temporary file
// names, no system call names.
func TestOutputErrorsInPlainWords(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := map[string]string{
		dir:                               "cannot write " + dir + ": it is a folder (give a file name)",
		filepath.Join(file, "t.yml"):      "cannot write " + filepath.Join(file, "t.yml") + ": a part of " + file + " is not a folder",
		filepath.Join(dir, "a", "b", "t"): "folder " + filepath.Join(dir, "a", "b") + " does not exist",
	}
	for _, cmd := range []string{"emit", "schema"} {
		for out, want := range cases {
			code, _, errs := runCLI(t, "", cmd, "-o", out)
			if code != 1 || !strings.Contains(errs, want) || strings.Contains(errs, ".tmp") || strings.Contains(errs, "open ") || strings.Contains(errs, "rename ") {
				t.Errorf("%s -o %s: exit %d, stderr %q; want %q", cmd, out, code, errs, want)
			}
		}
	}
	code, _, errs := runCLI(t, "", "init", "-o", filepath.Join(dir, "none", "efsfargate.yml"))
	if code != 1 || !strings.Contains(errs, "folder "+filepath.Join(dir, "none")+" does not exist") {
		t.Errorf("init into a missing folder: exit %d, stderr %q", code, errs)
	}
}

func TestOutputKeepsModeAndLinks(t *testing.T) {
	dir := t.TempDir()
	secret := filepath.Join(dir, "stack.yml")
	if err := os.WriteFile(secret, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.yml")
	if err := os.Symlink("stack.yml", link); err != nil {
		t.Fatal(err)
	}
	for _, target := range []string{secret, link} {
		if code, _, errs := runCLI(t, "", "emit", "-o", target); code != 0 {
			t.Fatalf("exit %d: %s", code, errs)
		}
		fi, err := os.Stat(secret)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != 0o600 {
			t.Errorf("-o %s: mode %v, want 0600 kept", target, fi.Mode().Perm())
		}
		if li, _ := os.Lstat(link); li.Mode()&os.ModeSymlink == 0 {
			t.Errorf("-o %s replaced the symbolic link", target)
		}
		if data, _ := os.ReadFile(secret); !bytes.Contains(data, []byte("AWSTemplateFormatVersion")) {
			t.Errorf("-o %s: the file was not written", target)
		}
	}
	// A new file: readable by others, as templates are shared.
	fresh := filepath.Join(dir, "new.yml")
	runCLI(t, "", "emit", "-o", fresh)
	if fi, err := os.Stat(fresh); err != nil || fi.Mode().Perm() != 0o644 {
		t.Errorf("new file: %v %v", fi, err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 3 {
		t.Errorf("temporary files left: %v", entries)
	}
}

// A FIFO is written, not replaced by a regular file.
func TestOutputToFIFO(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "pipe")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("no FIFOs here: %v", err)
	}
	got := make(chan []byte)
	go func() {
		f, err := os.Open(fifo)
		if err != nil {
			got <- nil
			return
		}
		defer f.Close()
		data, _ := io.ReadAll(f)
		got <- data
	}()
	code, _, errs := runCLI(t, "", "emit", "-o", fifo)
	data := <-got
	if code != 0 || !bytes.Contains(data, []byte("AWSTemplateFormatVersion")) {
		t.Errorf("exit %d, stderr %q, read %d bytes", code, errs, len(data))
	}
	if fi, err := os.Lstat(fifo); err != nil || fi.Mode()&os.ModeNamedPipe == 0 {
		t.Errorf("the FIFO was replaced: %v %v", fi, err)
	}
}

// -o /dev/stdout writes to the process's standard output (here a pipe)
// and leaves /dev/stdout a link, also when run as root.
func TestOutputDevStdout(t *testing.T) {
	if _, err := os.Lstat("/dev/stdout"); err != nil {
		t.Skip("no /dev/stdout here")
	}
	bin := filepath.Join(t.TempDir(), "efsfargate")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	before, _ := os.Lstat("/dev/stdout")
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(bin, "emit", "-o", "/dev/stdout")
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%v: %s", err, stderr.String())
	}
	want, _ := exec.Command(bin).Output()
	if stdout.String() != string(want) {
		t.Errorf("-o /dev/stdout wrote %d bytes to stdout, want the %d of the template", stdout.Len(), len(want))
	}
	after, err := os.Lstat("/dev/stdout")
	if err != nil || after.Mode() != before.Mode() {
		t.Errorf("/dev/stdout changed: %v -> %v (%v)", before.Mode(), after, err)
	}
}
