// Command efsfargate turns an efsfargate.yml service spec into a CloudFormation
// template for ECS Fargate services with EFS storage, validates specs, and
// checks existing templates for EFS mount problems. It needs no Node.js.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
)

// Exit codes shared by every command.
const (
	exitOK      = 0
	exitInvalid = 1 // invalid input: spec errors, doctor errors, unwritable output
	exitUsage   = 2 // bad command line, unreadable input
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// exitError ends a command with code; an empty msg means the command has
// already printed what went wrong.
type exitError struct {
	code int
	msg  string
	hint bool // point to --help: the command line was wrong
}

func (e *exitError) Error() string { return e.msg }

func invalid(format string, a ...any) error {
	return &exitError{code: exitInvalid, msg: fmt.Sprintf(format, a...)}
}

func usageErr(format string, a ...any) error {
	return &exitError{code: exitUsage, msg: fmt.Sprintf(format, a...), hint: true}
}

// unreadable is exit code 2 for input that cannot be read or parsed.
func unreadable(format string, a ...any) error {
	return &exitError{code: exitUsage, msg: fmt.Sprintf(format, a...)}
}

// silent ends a command with code after it printed its own messages.
func silent(code int) error { return &exitError{code: code} }

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	root := newRoot(stdin, stdout, stderr)
	root.SetArgs(args)
	cmd, err := root.ExecuteC()
	if err == nil {
		return exitOK
	}
	var e *exitError
	if !errors.As(err, &e) {
		// cobra's own errors: unknown command, bad arguments.
		e = &exitError{code: exitUsage, msg: err.Error(), hint: true}
	}
	if e.msg != "" {
		fmt.Fprintf(stderr, "%s: %s\n", cmd.CommandPath(), e.msg)
	}
	if e.hint {
		fmt.Fprintf(stderr, "Run \"%s --help\" for usage.\n", cmd.CommandPath())
	}
	return e.code
}
