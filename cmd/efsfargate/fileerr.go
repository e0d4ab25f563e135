package main

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
)

// writeErr says in plain words why a file cannot be written: never the
// temporary file's name or the system call.
type writeErr struct {
	path, why string
}

func (e *writeErr) Error() string { return "cannot write " + e.path + ": " + e.why }

// writeError turns an error from writing path (or a temporary file beside
// it) into a writeErr.
func writeError(path string, err error) error {
	var we *writeErr
	if errors.As(err, &we) {
		return err
	}
	dir := filepath.Dir(path)
	why := ""
	switch {
	case errors.Is(err, fs.ErrPermission):
		why = "permission denied (check the permissions of the file and of folder " + dir + ")"
	case errors.Is(err, fs.ErrNotExist):
		why = "folder " + dir + " does not exist"
	case errors.Is(err, syscall.ENOTDIR):
		why = "a part of " + dir + " is not a folder"
	case errors.Is(err, syscall.EISDIR):
		why = "it is a folder (give a file name)"
	case errors.Is(err, syscall.ENOSPC):
		why = "the disk is full"
	case errors.Is(err, syscall.EDQUOT):
		why = "the disk quota is used up"
	case errors.Is(err, syscall.EROFS):
		why = "the file system is read-only"
	case errors.Is(err, syscall.ENAMETOOLONG):
		why = "the file name is too long"
	case errors.Is(err, syscall.ENXIO):
		why = "nothing is reading from it (a pipe with no reader, or a device that is not there)"
	default:
		why = bareError(err).Error()
	}
	return &writeErr{path: path, why: why}
}

// bareError drops the operation and file names that os errors carry.
func bareError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	var se *os.SyscallError
	if errors.As(err, &se) {
		return se.Err
	}
	return err
}
