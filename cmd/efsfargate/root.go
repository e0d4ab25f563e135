package main

import (
	"errors"
	"io"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

const rootLong = `efsfargate: persistent EFS storage for ECS Fargate services, as CloudFormation.

With no command, efsfargate prints the reference template (the embedded
reference spec), as "efsfargate emit" does where there is no efsfargate.yml.

Exit codes: 0 success, 1 invalid input, 2 usage error or unreadable input.`

// helpTemplate serves as both help and usage: the synopsis first, then the
// description, the options and the commands.
const helpTemplate = `Usage: {{.UseLine}}{{if .HasAvailableSubCommands}}
       {{.CommandPath}} COMMAND [options]{{end}}
{{with (or .Long .Short)}}
{{. | trimTrailingWhitespaces}}
{{end}}{{if .HasAvailableSubCommands}}
Commands:{{range .Commands}}{{if (or .IsAvailableCommand (eq .Name "help"))}}
  {{rpad .Name .NamePadding }} {{.Short}}{{end}}{{end}}
{{end}}{{if .HasAvailableLocalFlags}}
Options:
{{.LocalFlags.FlagUsages | trimTrailingWhitespaces}}
{{end}}{{if .HasAvailableSubCommands}}
Run "{{.CommandPath}} help COMMAND" for a command's options.
{{end}}`

// newRoot builds the command tree; every command prints to the given
// streams so tests run it in-process.
func newRoot(stdin io.Reader, stdout, stderr io.Writer) *cobra.Command {
	root := &cobra.Command{
		Use:     "efsfargate",
		Short:   "Persistent EFS storage for ECS Fargate services, as CloudFormation",
		Long:    rootLong,
		Version: versionString(),
		Args:    unknownCommand,
		// The embedded default: the reference template, silently.
		RunE: func(cmd *cobra.Command, _ []string) error {
			return emitReference(cmd)
		},
		SuggestionsMinimumDistance: 2,
		SilenceErrors:              true,
		SilenceUsage:               true,
		DisableFlagsInUseLine:      true,
	}
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetHelpTemplate(helpTemplate)
	root.SetUsageTemplate(helpTemplate)
	root.SetVersionTemplate("efsfargate {{.Version}}\n")
	root.SetFlagErrorFunc(flagError)
	root.AddCommand(newEmitCmd(), newValidateCmd(), newInitCmd(), newSchemaCmd(), newDoctorCmd())
	root.SetHelpCommand(newHelpCmd(root))
	root.InitDefaultCompletionCmd()
	if c, _, err := root.Find([]string{"completion"}); err == nil && c != root {
		// cobra would print the help and exit 0 for an unknown shell.
		c.Args = func(_ *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usageErr("unknown shell %q (use bash, zsh, fish or powershell)", args[0])
			}
			return nil
		}
		c.RunE = func(c *cobra.Command, _ []string) error { return c.Help() }
	}
	for _, c := range root.Commands() {
		c.DisableFlagsInUseLine = true
	}
	return root
}

// newHelpCmd is "help [COMMAND]": cobra's own prints the root help and
// exits 0 for a topic it does not know.
func newHelpCmd(root *cobra.Command) *cobra.Command {
	return &cobra.Command{
		Use:                   "help [COMMAND]",
		DisableFlagsInUseLine: true,
		Short:                 "Help about any command",
		Long:                  "Shows a command's help, as COMMAND --help does.",
		RunE: func(_ *cobra.Command, args []string) error {
			target, rest, err := root.Find(args)
			if err != nil || len(rest) > 0 || (len(args) > 0 && target == root) {
				return usageErr("no help for %q: not a command (run \"efsfargate help\" for the list)", strings.Join(args, " "))
			}
			// As cobra's own help command: the flags --help shows.
			target.InitDefaultHelpFlag()
			target.InitDefaultVersionFlag()
			return target.Help()
		},
		ValidArgsFunction: func(_ *cobra.Command, args []string, _ string) ([]cobra.Completion, cobra.ShellCompDirective) {
			if len(args) > 0 {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			var names []cobra.Completion
			for _, c := range root.Commands() {
				if c.IsAvailableCommand() {
					names = append(names, cobra.CompletionWithDesc(c.Name(), c.Short))
				}
			}
			return names, cobra.ShellCompDirectiveNoFileComp
		},
	}
}

// flagError turns pflag's errors into usage errors; a repeated flag keeps
// its own plain message.
func flagError(cmd *cobra.Command, err error) error {
	// "efsfargate emitt -f x": the misspelt command, not its flag, is wrong.
	if !cmd.HasParent() && cmd.Flags().NArg() > 0 {
		return unknownCommand(cmd, cmd.Flags().Args())
	}
	var again *repeatedError
	if errors.As(err, &again) {
		return usageErr("%s", again.Error())
	}
	return usageErr("%s", err.Error())
}

// unknownCommand refuses a word that names no command, suggesting the
// nearest one.
func unknownCommand(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	if near := cmd.SuggestionsFor(args[0]); len(near) > 0 {
		return usageErr("unknown command %q (did you mean %s?)", args[0], near[0])
	}
	return usageErr("unknown command %q", args[0])
}

// noArgs refuses positional arguments with a hint about the flag to use.
func noArgs(hint string) cobra.PositionalArgs {
	return func(_ *cobra.Command, args []string) error {
		if len(args) > 0 {
			return usageErr("unexpected argument %q (%s)", args[0], hint)
		}
		return nil
	}
}

// repeatedError refuses a second value for a single-value flag: the flag
// package would silently keep the last one.
type repeatedError struct {
	flag, first, second string
}

func (e *repeatedError) Error() string {
	return e.flag + " given twice (" + e.first + " and " + e.second + "); give it once"
}

// single is a string flag that may be given once.
type single struct {
	flag  string // as help shows it: -f/--file
	value string
	set   bool
}

func (s *single) String() string { return s.value }
func (s *single) Type() string   { return "string" }
func (s *single) Set(v string) error {
	if s.set {
		return &repeatedError{flag: s.flag, first: s.value, second: v}
	}
	s.value, s.set = v, true
	return nil
}

// stringFlag adds a single-value string flag and returns where its value is.
func stringFlag(fs *pflag.FlagSet, name, short, value, usage string) *single {
	s := &single{flag: "--" + name, value: value}
	if short != "" {
		s.flag = "-" + short + "/--" + name
	}
	fs.VarP(s, name, short, usage)
	return s
}
