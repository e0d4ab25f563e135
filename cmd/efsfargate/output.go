package main

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// writeOutput writes body to path; "" or "-" means w. A regular file is
// replaced atomically (temporary file in the same folder, then rename), so
// a failed run never leaves a partial file, and keeps the mode and owner of
// the file it replaces. A device, pipe or socket (/dev/stdout, a FIFO) is
// written directly: replacing it would swap the device for a plain file.
func writeOutput(path string, body []byte, w io.Writer) error {
	if path == "" || path == "-" {
		_, err := w.Write(body)
		return err
	}
	if isDevicePath(path) {
		return writeDirect(path, body, os.O_WRONLY|os.O_APPEND)
	}
	fi, err := os.Stat(path)
	switch {
	case err == nil && fi.IsDir():
		return &writeErr{path: path, why: "it is a folder (give a file name)"}
	case err == nil && !fi.Mode().IsRegular():
		return writeDirect(path, body, os.O_WRONLY)
	case err == nil:
		// Replace the file a symbolic link points to, not the link.
		target, lerr := filepath.EvalSymlinks(path)
		if lerr != nil {
			return writeError(path, lerr)
		}
		return replaceFile(path, target, body, fi)
	case errors.Is(err, fs.ErrNotExist):
		if li, lerr := os.Lstat(path); lerr == nil && li.Mode()&fs.ModeSymlink != 0 {
			// A dangling link: create its target through it, keeping the link.
			return writeDirect(path, body, os.O_WRONLY|os.O_CREATE|os.O_TRUNC)
		}
		return replaceFile(path, path, body, nil)
	default:
		return writeError(path, err)
	}
}

// isDevicePath is true for paths such as /dev/stdout and /proc/self/fd/1:
// they lead to whatever the process's descriptor is (a terminal, a pipe, a
// file the shell opened), which must be written, never replaced.
func isDevicePath(path string) bool {
	abs, err := filepath.Abs(path)
	if err != nil {
		return false
	}
	return strings.HasPrefix(abs, "/dev/") || strings.HasPrefix(abs, "/proc/")
}

func writeDirect(path string, body []byte, flag int) error {
	f, err := os.OpenFile(path, flag, 0o644)
	if err != nil {
		return writeError(path, err)
	}
	_, err = f.Write(body)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return writeError(path, err)
	}
	return nil
}

// replaceFile writes body next to target and renames it over target; old
// is the file being replaced, nil for a new one. name is the path the user
// gave, for messages.
func replaceFile(name, target string, body []byte, old fs.FileInfo) error {
	if err := checkFolder(name, filepath.Dir(target)); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(target), "."+filepath.Base(target)+".tmp*")
	if err != nil {
		return writeError(name, err)
	}
	defer func() { _ = os.Remove(tmp.Name()) }() // no-op after the rename
	mode := fs.FileMode(0o644)
	if old != nil {
		mode = old.Mode().Perm()
	}
	err = writeAll(tmp, body, mode, old)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), target)
	}
	if err != nil {
		return writeError(name, err)
	}
	return nil
}

func writeAll(f *os.File, body []byte, mode fs.FileMode, old fs.FileInfo) error {
	if _, err := f.Write(body); err != nil {
		return err
	}
	if err := f.Chmod(mode); err != nil {
		return err
	}
	if old != nil {
		keepOwner(f, old)
	}
	// On disk before the rename, so a crash leaves the old or the new file.
	return f.Sync()
}

// checkFolder explains a missing or wrong folder before anything is made.
func checkFolder(name, dir string) error {
	fi, err := os.Stat(dir)
	switch {
	case err == nil && !fi.IsDir():
		return &writeErr{path: name, why: dir + " is not a folder"}
	case errors.Is(err, fs.ErrNotExist):
		return &writeErr{path: name, why: "folder " + dir + " does not exist"}
	case err != nil:
		return writeError(name, err)
	}
	return nil
}
