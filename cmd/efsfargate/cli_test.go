package main

import (
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/efsfargate/efsfargate/internal/emitter"
	"github.com/efsfargate/efsfargate/internal/spec"
)

// In an empty folder: emit says it falls back to the reference stack;
// after init it emits the starter spec's template, with nothing on stderr.
func TestInitThenEmitInEmptyFolder(t *testing.T) {
	t.Chdir(t.TempDir())
	code, before, errs := runCLI(t, "", "emit")
	if code != 0 || strings.Count(errs, "\n") != 1 || !strings.Contains(errs, "no efsfargate.yml here; emitting the reference stack") {
		t.Fatalf("emit without a spec: exit %d, stderr %q", code, errs)
	}
	if _, ref, _ := runCLI(t, ""); ref != before {
		t.Error("emit without a spec is not the reference template")
	}
	if code, _, errs := runCLI(t, "", "init"); code != 0 {
		t.Fatalf("init: exit %d: %s", code, errs)
	}
	code, after, errs := runCLI(t, "", "emit")
	if code != 0 || errs != "" {
		t.Fatalf("emit after init: exit %d, stderr %q", code, errs)
	}
	starter, err := spec.Parse("efsfargate.yml", spec.StarterYAML())
	if err != nil {
		t.Fatal(err)
	}
	want, err := emitter.Render(starter, "yaml")
	if err != nil {
		t.Fatal(err)
	}
	if after != string(want) || after == before {
		t.Error("emit after init does not emit the starter spec's template")
	}
	// validate and emit read the same default file.
	if code, out, _ := runCLI(t, "", "validate"); code != 0 || !strings.HasPrefix(out, "efsfargate.yml: valid") {
		t.Errorf("validate after init: exit %d, %q", code, out)
	}
}

func TestVersion(t *testing.T) {
	code, out, errs := runCLI(t, "", "--version")
	if code != 0 || errs != "" || !strings.HasPrefix(out, "efsfargate ") || !strings.Contains(out, "revision") {
		t.Errorf("--version: exit %d, stdout %q, stderr %q", code, out, errs)
	}
	cases := []struct {
		info debug.BuildInfo
		want string
	}{
		{debug.BuildInfo{Main: debug.Module{Version: "v1.2.0"}, GoVersion: "go1.26.8",
			Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "abc123"}, {Key: "vcs.modified", Value: "false"}}},
			"v1.2.0, revision abc123, go1.26.8"},
		{debug.BuildInfo{Main: debug.Module{Version: "(devel)"},
			Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "abc123"}, {Key: "vcs.modified", Value: "true"}}},
			"(devel), revision abc123 with local changes"},
		// -buildvcs=false: no revision recorded.
		{debug.BuildInfo{Main: debug.Module{Version: ""}, GoVersion: "go1.26.8"}, "(devel), unknown revision, go1.26.8"},
	}
	for _, c := range cases {
		if got := describeBuild(&c.info); got != c.want {
			t.Errorf("describeBuild = %q, want %q", got, c.want)
		}
	}
}

func TestCompletion(t *testing.T) {
	for shell, marker := range map[string]string{"bash": "complete -o default -F __start_efsfargate efsfargate", "zsh": "#compdef efsfargate",
		"fish": "complete -c efsfargate", "powershell": "Register-ArgumentCompleter"} {
		code, out, errs := runCLI(t, "", "completion", shell)
		if code != 0 || errs != "" || !strings.Contains(out, marker) {
			t.Errorf("completion %s: exit %d, stderr %q, lacks %q", shell, code, errs, marker)
		}
	}
	// Flag values complete too.
	_, out, _ := runCLI(t, "", "__complete", "emit", "--format", "")
	if !strings.HasPrefix(out, "yaml\njson\n") {
		t.Errorf("completion of --format: %q", out)
	}
	if code, _, errs := runCLI(t, "", "completion", "tcsh"); code != 2 || !strings.Contains(errs, `unknown shell "tcsh"`) {
		t.Errorf("completion tcsh: exit %d, stderr %q; want 2", code, errs)
	}
}

func TestHelpCommand(t *testing.T) {
	for _, cmd := range []string{"emit", "validate", "init", "schema", "doctor"} {
		code, viaHelp, errs := runCLI(t, "", "help", cmd)
		_, viaFlag, _ := runCLI(t, "", cmd, "--help")
		if code != 0 || errs != "" || viaHelp != viaFlag || !strings.HasPrefix(viaHelp, "Usage: efsfargate "+cmd) {
			t.Errorf("help %s: exit %d, stderr %q, output:\n%s", cmd, code, errs, viaHelp)
		}
	}
	wants := map[string][]string{
		"emit":     {"-f, --file", "-o, --output", "--format", "./efsfargate.yml"},
		"validate": {"-f, --file", "--format", `(default "efsfargate.yml")`},
		"init":     {"-o, --output"},
		"schema":   {"-o, --output"},
		"doctor":   {"--format", "--service", "--network", "EFD001", "Exit codes"},
	}
	for cmd, want := range wants {
		_, out, _ := runCLI(t, "", cmd, "--help")
		for _, w := range want {
			if !strings.Contains(out, w) {
				t.Errorf("%s --help lacks %q:\n%s", cmd, w, out)
			}
		}
	}
	for _, topic := range [][]string{{"bogus"}, {"emit", "extra"}} {
		code, out, errs := runCLI(t, "", append([]string{"help"}, topic...)...)
		if code != 2 || out != "" || !strings.Contains(errs, "not a command") {
			t.Errorf("help %v: exit %d, stdout %q, stderr %q", topic, code, out, errs)
		}
	}
	_, out, _ := runCLI(t, "", "__complete", "help", "")
	if !strings.Contains(out, "emit\t") || !strings.Contains(out, "doctor\t") {
		t.Errorf("completion of help topics: %q", out)
	}
	_, out, _ = runCLI(t, "", "help")
	for _, w := range []string{"emit", "validate", "init", "schema", "doctor", "completion", "Exit codes"} {
		if !strings.Contains(out, w) {
			t.Errorf("help lacks %q", w)
		}
	}
}

// Usage errors: exit 2, one plain line on stderr and where to find usage,
// nothing on stdout.
func TestUsageMessages(t *testing.T) {
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"validate", "-f", "a.yml", "-f", "b.yml"}, "efsfargate validate: -f/--file given twice (a.yml and b.yml); give it once\n"},
		{[]string{"emit", "--file", "a.yml", "-f", "b.yml"}, "efsfargate emit: -f/--file given twice (a.yml and b.yml); give it once\n"},
		{[]string{"emit", "--format", "json", "--format", "yaml"}, "efsfargate emit: --format given twice (json and yaml); give it once\n"},
		{[]string{"emit", "-o", "a", "--output=b"}, "efsfargate emit: -o/--output given twice (a and b); give it once\n"},
		{[]string{"doctor", "--format", "json", "--format", "sarif", "x.yaml"}, "efsfargate doctor: --format given twice (json and sarif); give it once\n"},
		{[]string{"emit", "--nope"}, "efsfargate emit: unknown flag: --nope\n"},
		{[]string{"emit", "-f"}, "efsfargate emit: flag needs an argument: 'f' in -f\n"},
		{[]string{"emit", "spec.yml"}, "efsfargate emit: unexpected argument \"spec.yml\" (give the spec with -f)\n"},
		{[]string{"emit", "--format", "xml"}, "efsfargate emit: --format must be yaml or json, not \"xml\"\n"},
		{[]string{"bogus"}, "efsfargate: unknown command \"bogus\"\n"},
		{[]string{"emitt", "-f", "x.yml"}, "efsfargate: unknown command \"emitt\" (did you mean emit?)\n"},
	}
	for _, c := range cases {
		code, out, errs := runCLI(t, "", c.args...)
		if code != 2 || out != "" || !strings.HasPrefix(errs, c.want) || !strings.Contains(errs, "--help\" for usage") {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want 2 and %q", c.args, code, out, errs, c.want)
		}
	}
}

// validate runs every check emit runs, the rendered template's size
// included, in each format: both accept or both refuse with the same words.
func TestValidateAndEmitAgree(t *testing.T) {
	dir := t.TempDir()
	specs := map[string]string{
		"good.yml":    nanokit,
		"invalid.yml": strings.Replace(nanokit, "/data/db", "data/db", 1),
		"empty.yml":   "",
	}
	// Services with large environments: the template passes 1 MB long
	// before the resource quota, and JSON passes it before YAML.
	for _, n := range []int{5, 34, 40} {
		var b strings.Builder
		b.WriteString("app: big\nservices:\n")
		for i := range n {
			b.WriteString("  svc" + string(rune('a'+i/26)) + string(rune('a'+i%26)) + ":\n    image: nginx\n    environment:\n")
			for j := range 6 {
				b.WriteString("      V" + string(rune('0'+j)) + ": '" + strings.Repeat("x", 4000) + "'\n")
			}
		}
		specs["env-"+string(rune('0'+n/10))+string(rune('0'+n%10))+".yml"] = b.String()
	}
	refusedForSize := 0
	for name, src := range specs {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		for _, format := range []string{"yaml", "json"} {
			vcode, _, verrs := runCLI(t, "", "validate", "-f", path, "--format", format)
			ecode, _, eerrs := runCLI(t, "", "emit", "-f", path, "--format", format, "-o", filepath.Join(dir, "out"))
			if vcode != ecode || verrs != eerrs {
				t.Errorf("%s (%s): validate exit %d %q, emit exit %d %q", name, format, vcode, verrs, ecode, eerrs)
			}
			if strings.Contains(verrs, "bytes and CloudFormation accepts at most") {
				refusedForSize++
			}
		}
	}
	if refusedForSize == 0 {
		t.Error("no case reached the template size quota; the test checks nothing of it")
	}
}

// A spec from a stream is read up to a bound: /dev/zero and endless
// standard input end with a message, not with all the memory.
func TestStreamSpecBounded(t *testing.T) {
	big := strings.Repeat("#", maxStreamSpec+10)
	code, _, errs := runCLI(t, big, "validate", "-f", "-")
	if code != 1 || !strings.Contains(errs, "<stdin>: the spec is larger than 8 MiB") {
		t.Errorf("large stdin: exit %d, stderr %q", code, errs)
	}
	if _, err := os.Stat("/dev/zero"); err == nil {
		code, _, errs := runCLI(t, "", "emit", "-f", "/dev/zero")
		if code != 1 || !strings.Contains(errs, "/dev/zero: the spec is larger than 8 MiB") {
			t.Errorf("/dev/zero: exit %d, stderr %q", code, errs)
		}
	}
	// Process substitution gives a pipe: it still works.
	code, out, errs := runCLI(t, nanokit, "validate", "-f", "-")
	if code != 0 || !strings.HasPrefix(out, "-: valid") {
		t.Errorf("stdin: exit %d, %q %q", code, out, errs)
	}
}
