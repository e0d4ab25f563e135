package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/efsfargate/efsfargate/internal/doctor"
)

const doctorUsage = `Usage: efsfargate doctor [--format text|json|sarif] [--service FILE]... [--network FILE]... FILE...

Checks EFS-on-Fargate setups across resources and says what fails at run
time and how to fix it. FILE is a CloudFormation template (YAML with short
tags or JSON, CDK's cdk.out/*.template.json included) or an ECS task
definition (register-task-definition input or describe-task-definition
output). For existing infrastructure, --service takes aws ecs
describe-services output (or create-service input), and --network the
output of aws ec2 describe-subnets and aws efs describe-mount-targets.

A resource silences a rule with Metadata: {efsfargate-doctor: {ignore: [EFD051]}}
(top-level template Metadata silences it for the whole template).

Exit codes: 0 no error found, 1 an error-severity finding, 2 usage error or
unreadable input.

Options:
`

// listFlag collects a repeatable flag.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

func runDoctor(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("doctor", "doctor", stdout, stderr)
	// The flag package calls Usage on --help and on errors alike; the
	// parse loop prints the usage itself, once, to stdout on --help.
	fs.Usage = func() {}
	format := fs.String("format", "text", "output format: text, json or sarif")
	var services, networks listFlag
	fs.Var(&services, "service", "ECS service JSON (describe-services output); repeatable")
	fs.Var(&networks, "network", "describe-subnets or describe-mount-targets JSON output; repeatable")
	files, err := parseInterspersed(fs, args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		printDoctorUsage(fs, stdout)
		return exitOK
	case err != nil:
		fmt.Fprintln(stderr, `run "efsfargate doctor --help" for usage`)
		return exitUsage
	}
	write, ok := map[string]func(io.Writer, []doctor.Finding) error{
		"text": doctor.WriteText, "json": doctor.WriteJSON, "sarif": doctor.WriteSARIF,
	}[*format]
	if !ok {
		fmt.Fprintf(stderr, "efsfargate doctor: unknown format %q (use text, json or sarif)\n", *format)
		return exitUsage
	}
	if len(files) == 0 {
		fmt.Fprintln(stderr, "efsfargate doctor: no input files (give a CloudFormation template or task definition; see --help)")
		return exitUsage
	}
	findings, err := doctor.Check(files, services, networks)
	if err != nil {
		fmt.Fprintf(stderr, "efsfargate doctor: %v\n", err)
		return exitUsage
	}
	if err := write(stdout, findings); err != nil {
		fmt.Fprintf(stderr, "efsfargate doctor: %v\n", err)
		return exitUsage
	}
	if doctor.Summarize(findings).Errors > 0 {
		return exitInvalid
	}
	return exitOK
}

// parseInterspersed parses flags before, between and after file arguments
// (the flag package stops at the first non-flag); "--" ends the flags.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var files []string
	rest := args
	for {
		if err := fs.Parse(rest); err != nil {
			return nil, err
		}
		left := fs.Args()
		if consumed := rest[:len(rest)-len(left)]; len(consumed) > 0 && consumed[len(consumed)-1] == "--" {
			return append(files, left...), nil
		}
		if len(left) == 0 {
			return files, nil
		}
		files = append(files, left[0])
		rest = left[1:]
	}
}

func printDoctorUsage(fs *flag.FlagSet, w io.Writer) {
	fmt.Fprint(w, doctorUsage)
	fs.SetOutput(w)
	fs.PrintDefaults()
	fmt.Fprintln(w, "\nRules:")
	for _, r := range doctor.Rules {
		fmt.Fprintf(w, "  %s %-7s %s\n", r.ID, r.Severity, r.Title)
	}
}
