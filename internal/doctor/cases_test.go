package doctor

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// caseFixtures are behaviours that are not one rule each: what the doctor
// follows (nested stacks), what it says it cannot see, and rules that must
// stay quiet on sound setups.
var caseFixtures = []struct {
	file string
	want []string // "RULE severity resource file:line"
}{
	{"cases/nested/parent.yaml", []string{
		// The parent passes 1.3.0 over the child's default LATEST.
		"EFD004 error Service cases/nested/child.yaml:38",
		"EFD090 info Service cases/nested/child.yaml:41",
		"EFD090 info Service cases/nested/child.yaml:42",
		"EFD090 info Network cases/nested/parent.yaml:13",
	}},
	{"cases/custom-taskdef.yaml", []string{
		"EFD090 info Service cases/custom-taskdef.yaml:11",
		"EFD090 info Jobs cases/custom-taskdef.yaml:17",
	}},
	// The closed group is reported without any service in the file; the
	// shared group's self-referencing all-protocol rule is sound.
	{"cases/closed-group.yaml", []string{"EFD030 error Closed cases/closed-group.yaml:18"}},
	// Exported, the group may get its rule in another stack.
	{"cases/closed-exported.yaml", []string{"EFD090 info Closed cases/closed-exported.yaml:18"}},
}

func TestCaseFixtures(t *testing.T) {
	for _, tc := range caseFixtures {
		t.Run(tc.file, func(t *testing.T) {
			var got []string
			for _, f := range check(t, []string{tc.file}, nil, nil) {
				rel, _ := filepath.Rel("testdata", f.File)
				got = append(got, fmt.Sprintf("%s %s %s %s:%d", f.Rule, f.Severity, f.Resource, filepath.ToSlash(rel), f.Line))
			}
			if g, w := strings.Join(got, "\n"), strings.Join(tc.want, "\n"); g != w {
				t.Errorf("got\n%s\nwant\n%s", g, w)
			}
		})
	}
}

// A spec is refused as input, pointing to validate.
func TestSpecRefused(t *testing.T) {
	_, err := Check([]string{"testdata/cases/spec.yml"}, nil, nil)
	var pe *ParseError
	if !errors.As(err, &pe) || pe.Line != 1 || !strings.Contains(pe.Msg, "efsfargate validate -f testdata/cases/spec.yml") {
		t.Fatalf("got %v", err)
	}
}

// The "cannot tell" fix names no flag the doctor does not have.
func TestCannotTellFixNamesNoFlag(t *testing.T) {
	if fix := ruleByID["EFD090"].Fix; strings.Contains(fix, "--") {
		t.Errorf("EFD090 fix names a flag: %s", fix)
	}
}

// EFD041 names why the two mount targets collide: one subnet, or two
// subnets of one zone.
func TestDuplicateMountTargetReasons(t *testing.T) {
	for file, want := range map[string]string{
		"rules/EFD041.yaml":           "both use subnet !Select [0, ${SubnetIds}]",
		"rules/EFD041-same-zone.yaml": "both subnets are in Availability Zone eu-west-1a",
	} {
		var msgs []string
		for _, f := range check(t, []string{file}, nil, nil) {
			if f.Rule == "EFD041" {
				msgs = append(msgs, f.Message)
			}
		}
		if len(msgs) != 1 || !strings.HasSuffix(msgs[0], want) {
			t.Errorf("%s: EFD041 messages %q, want one ending %q", file, msgs, want)
		}
	}
}

// The access point's user is accepted when the container runs as it, and
// read-only mounts are exempt.
func TestImageUserFixes(t *testing.T) {
	base, err := os.ReadFile("testdata/rules/EFD064.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for name, edit := range map[string][2]string{
		"container User": {"          Image: postgres:16\n", "          Image: postgres:16\n          User: '1000:1000'\n"},
		"read-only":      {"              ReadOnly: false", "              ReadOnly: true"},
	} {
		text := strings.Replace(string(base), edit[0], edit[1], 1)
		if text == string(base) {
			t.Fatalf("%s: edit did not apply", name)
		}
		for _, f := range analyzeText(t, "t.yaml", text) {
			if f.Rule == "EFD064" {
				t.Errorf("%s: %s", name, f.Message)
			}
		}
	}
}
