package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// --out-dir writes every stack of a split spec and prints the names in
// deploy order; without it a split spec is refused with the hint.
func TestEmitOutDirSplit(t *testing.T) {
	dir := t.TempDir()
	specPath := filepath.Join("..", "..", "examples", "split.yml")
	out := filepath.Join(dir, "stacks")
	code, stdout, errs := runCLI(t, "", "emit", "-f", specPath, "--out-dir", out, "--format", "json")
	if code != 0 || errs != "" {
		t.Fatalf("exit %d stderr %s", code, errs)
	}
	if stdout != "notes-dev\nnotes-dev-db\nnotes-dev-app\n" {
		t.Errorf("stdout %q", stdout)
	}
	entries, err := os.ReadDir(out)
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, e := range entries {
		files = append(files, e.Name())
	}
	if got := strings.Join(files, " "); got != "notes-dev-app.json notes-dev-db.json notes-dev.json" {
		t.Errorf("files %s", got)
	}
	app, _ := os.ReadFile(filepath.Join(out, "notes-dev-app.json"))
	if !strings.Contains(string(app), `"Fn::ImportValue": "notes-dev-FileSystemId"`) || strings.Contains(string(app), "AWS::EFS::FileSystem") {
		t.Error("the service stack does not import the file system")
	}

	code, stdout, errs = runCLI(t, "", "emit", "-f", specPath)
	if code == 0 || stdout != "" || !strings.Contains(errs, "layout: split") || !strings.Contains(errs, "--out-dir DIR") {
		t.Errorf("without --out-dir: exit %d stdout %q stderr %s", code, stdout, errs)
	}
	code, _, errs = runCLI(t, "", "emit", "-f", specPath, "--out-dir", out, "-o", filepath.Join(dir, "x"))
	if code == 0 || !strings.Contains(errs, "not both") {
		t.Errorf("--out-dir with -o: exit %d stderr %s", code, errs)
	}
	// validate checks every stack of a split spec.
	if code, out, errs := runCLI(t, "", "validate", "-f", specPath); code != 0 || !strings.Contains(out, "3 stacks (layout: split)") {
		t.Errorf("validate: exit %d %s %s", code, out, errs)
	}
}

// --out-dir works for one stack too, with the bytes emit prints.
func TestEmitOutDirSingle(t *testing.T) {
	dir := t.TempDir()
	specPath := filepath.Join(dir, "efsfargate.yml")
	writeFile(t, specPath, nanokit)
	code, stdout, errs := runCLI(t, "", "emit", "-f", specPath, "--out-dir", filepath.Join(dir, "out"))
	if code != 0 || errs != "" || stdout != "myapp-stage\n" {
		t.Fatalf("exit %d stdout %q stderr %s", code, stdout, errs)
	}
	_, want, _ := runCLI(t, "", "emit", "-f", specPath)
	got, err := os.ReadFile(filepath.Join(dir, "out", "myapp-stage.yaml"))
	if err != nil || string(got) != want {
		t.Errorf("out-dir file differs from emit's output (%v)", err)
	}
}

// A folder argument that is a file is refused, and nothing is written.
func TestEmitOutDirIsAFile(t *testing.T) {
	dir := t.TempDir()
	specPath := filepath.Join(dir, "efsfargate.yml")
	writeFile(t, specPath, nanokit)
	file := filepath.Join(dir, "plain")
	writeFile(t, file, "x")
	code, _, errs := runCLI(t, "", "emit", "-f", specPath, "--out-dir", file)
	if code == 0 || !strings.Contains(errs, "not a folder") {
		t.Errorf("exit %d stderr %s", code, errs)
	}
}
