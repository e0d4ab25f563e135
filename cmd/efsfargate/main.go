// Command efsfargate turns an efsfargate.yml service spec into a CloudFormation
// template for ECS Fargate services with EFS storage, validates specs, and
// checks existing templates for EFS mount problems. It needs no Node.js.
package main

import (
	"fmt"
	"io"
	"os"
)

// Exit codes shared by every command.
const (
	exitOK      = 0
	exitInvalid = 1 // invalid input: spec errors, doctor errors
	exitUsage   = 2 // bad command line, unreadable input
)

const usage = `efsfargate: persistent EFS storage for ECS Fargate services, as CloudFormation.

Usage:
  efsfargate emit [-f FILE] [--format yaml|json] [-o FILE]
                                 emit the template (no -f: the embedded reference stack)
  efsfargate validate [-f FILE]  check a spec and list every problem (default efsfargate.yml)
  efsfargate init [-o FILE]      write a commented starter spec (default efsfargate.yml)
  efsfargate schema              print the JSON Schema of the spec file
  efsfargate doctor FILE...      find why tasks cannot mount EFS in existing templates
                                 and task definitions

Run "efsfargate COMMAND --help" for a command's options.
Exit codes: 0 success, 1 invalid input, 2 usage error.
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		// The embedded default: the reference template.
		return runEmit(nil, stdin, stdout, stderr)
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "emit":
		return runEmit(rest, stdin, stdout, stderr)
	case "validate":
		return runValidate(rest, stdin, stdout, stderr)
	case "init":
		return runInit(rest, stdout, stderr)
	case "schema":
		return runSchema(rest, stdout, stderr)
	case "doctor":
		return runDoctor(rest, stdout, stderr)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return exitOK
	default:
		fmt.Fprintf(stderr, "efsfargate: unknown command %q\n\n%s", cmd, usage)
		return exitUsage
	}
}
