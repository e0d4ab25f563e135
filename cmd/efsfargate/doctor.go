package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/efsfargate/efsfargate/internal/doctor"
)

const doctorLong = `Checks EFS-on-Fargate setups across resources and says what fails at run
time and how to fix it. FILE is a CloudFormation template (YAML with short
tags or JSON, CDK's cdk.out/*.template.json included) or an ECS task
definition (register-task-definition input or describe-task-definition
output). For existing infrastructure, --service takes aws ecs
describe-services output (or create-service input), and --network the
output of aws ec2 describe-subnets and aws efs describe-mount-targets.

A resource silences a rule with Metadata: {efsfargate-doctor: {ignore: [EFD051]}}
(top-level template Metadata silences it for the whole template).

Exit codes: 0 no error found, 1 an error-severity finding, 2 usage error or
unreadable input.`

var doctorWriters = map[string]func(io.Writer, []doctor.Finding) error{
	"text": doctor.WriteText, "json": doctor.WriteJSON, "sarif": doctor.WriteSARIF,
}

func newDoctorCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "doctor [--format text|json|sarif] [--service FILE]... [--network FILE]... FILE...",
		Short: "Find why tasks cannot mount EFS in existing templates and task definitions",
		Long:  doctorLong + "\n\nRules:\n" + ruleList(),
	}
	format := stringFlag(cmd.Flags(), "format", "", "text", "output format: text, json or sarif")
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions([]string{"text", "json", "sarif"}, cobra.ShellCompDirectiveNoFileComp))
	services := cmd.Flags().StringArray("service", nil, "ECS service JSON (describe-services output); repeatable")
	networks := cmd.Flags().StringArray("network", nil, "describe-subnets or describe-mount-targets JSON output; repeatable")
	cmd.RunE = func(cmd *cobra.Command, files []string) error {
		write, ok := doctorWriters[format.value]
		if !ok {
			return usageErr("unknown format %q (use text, json or sarif)", format.value)
		}
		if len(files) == 0 {
			return usageErr("no input files (give a CloudFormation template or task definition)")
		}
		findings, err := doctor.Check(files, *services, *networks)
		if err != nil {
			return unreadable("%v", err)
		}
		if err := write(cmd.OutOrStdout(), findings); err != nil {
			return unreadable("%v", err)
		}
		if doctor.Summarize(findings).Errors > 0 {
			return silent(exitInvalid)
		}
		return nil
	}
	return cmd
}

func ruleList() string {
	var b strings.Builder
	for _, r := range doctor.Rules {
		fmt.Fprintf(&b, "  %s %-7s %s\n", r.ID, r.Severity, r.Title)
	}
	return b.String()
}
