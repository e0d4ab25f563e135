package emitter

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// readAsYAML11 loads a template with PyYAML's SafeLoader (YAML 1.1, the
// reader cfn-lint uses and the rules CloudFormation follows), short tags
// as their long form, and prints every place it differs from the JSON.
const readAsYAML11 = `
import json, sys, yaml
class Loader(yaml.SafeLoader):
    pass
def function(loader, suffix, node):
    name = suffix if suffix in ("Ref", "Condition") else "Fn::" + suffix
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
        if name == "Fn::GetAtt":
            value = value.split(".", 1)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    return {name: value}
Loader.add_multi_constructor("!", function)
def diff(a, b, path):
    if isinstance(b, dict):
        if not isinstance(a, dict) or set(a) != set(b):
            print("DIFF", path, repr(a)[:80]); return
        for k in b: diff(a[k], b[k], path + "/" + k)
    elif isinstance(b, list):
        if not isinstance(a, list) or len(a) != len(b):
            print("DIFF", path, repr(a)[:80]); return
        for i, x in enumerate(b): diff(a[i], x, path + "/" + str(i))
    elif type(a) != type(b) or a != b:
        print("DIFF", path, repr(a), "!=", repr(b))
for i in range(1, len(sys.argv), 2):
    with open(sys.argv[i]) as f: y = yaml.load(f, Loader=Loader)
    with open(sys.argv[i + 1]) as f: j = json.load(f)
    diff(y, j, sys.argv[i] + ":")
print("compared")
`

// A YAML 1.1 reader reads the odd strings and every golden case exactly as
// the JSON form: no "yes" turned into true, no "1:20" into 80, no date.
func TestYAMLReadsBackInYAML11(t *testing.T) {
	python, err := exec.LookPath("python3")
	if err != nil {
		t.Fatal("python3 not found: install cfn-lint (pip install cfn-lint==1.51.0), which brings PyYAML")
	}
	dir := t.TempDir()
	script := filepath.Join(dir, "read.py")
	if err := os.WriteFile(script, []byte(readAsYAML11), 0o644); err != nil {
		t.Fatal(err)
	}
	args := []string{script}
	for name, p := range allRenders(t) {
		for _, format := range []string{"yaml", "json"} {
			out, err := Render(p, format)
			if err != nil {
				t.Fatal(err)
			}
			file := filepath.Join(dir, strings.ReplaceAll(name, " ", "-")+"."+format)
			if err := os.WriteFile(file, out, 0o644); err != nil {
				t.Fatal(err)
			}
			args = append(args, file)
		}
	}
	out, err := exec.Command(python, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("PyYAML (comes with cfn-lint) could not read the templates: %v\n%s", err, out)
	}
	if text := string(out); text != "compared\n" {
		t.Errorf("a YAML 1.1 reader reads the templates differently from their JSON form:\n%s", text)
	}
	if len(args) < 2*12+1 {
		t.Errorf("only %d templates compared", (len(args)-1)/2)
	}
}

// The check itself sees an unquoted YAML 1.1 boolean, as rain writes it.
func TestYAML11CheckSeesUnquotedBooleans(t *testing.T) {
	python, err := exec.LookPath("python3")
	if err != nil {
		t.Fatal("python3 not found: install cfn-lint (pip install cfn-lint==1.51.0), which brings PyYAML")
	}
	dir := t.TempDir()
	files := map[string]string{
		"read.py": readAsYAML11,
		"t.yml":   "Resources:\n  A:\n    Type: T\n    Properties:\n      V: off\n      W: 1:20\n",
		"t.json":  `{"Resources": {"A": {"Type": "T", "Properties": {"V": "off", "W": "1:20"}}}}`,
	}
	for f, body := range files {
		if err := os.WriteFile(filepath.Join(dir, f), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out, err := exec.Command(python, filepath.Join(dir, "read.py"), filepath.Join(dir, "t.yml"), filepath.Join(dir, "t.json")).CombinedOutput()
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if !strings.Contains(string(out), ":/Resources/A/Properties/V False != 'off'") || !strings.Contains(string(out), "/W 80 != '1:20'") {
		t.Errorf("the YAML 1.1 check missed unquoted look-alikes:\n%s", out)
	}
}
