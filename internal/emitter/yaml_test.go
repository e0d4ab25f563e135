package emitter

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/aws-cloudformation/rain/cft/format"
	"github.com/aws-cloudformation/rain/cft/parse"
	"gopkg.in/yaml.v3"

	"github.com/efsfargate/efsfargate/internal/spec"
)

// oddStrings are spec strings whose YAML form is easy to get wrong: strings
// that read as numbers, booleans, null or dates, YAML 1.1 look-alikes,
// indicators, quotes, multi-line text, control and non-ASCII characters.
var oddStrings = []string{
	"plain words", "007", "0x1F", "1e3", "1_000", "0b101", "0o17", "-1", "+1", ".5", "1.", ".inf", "-.Inf", ".NaN",
	"true", "False", "TRUE", "null", "Null", "~", "", " ", "<<", "=",
	"yes", "No", "ON", "off", "y", "N", "1:20", "190:20:30.15", "2001-12-14", "2001-12-14 21:59:43.10 -5", "2001-12-14t21:59:43.10-05:00",
	"- dash", "-", "--- doc", "...", "? key", ": colon", "a: b", "ends:", "a #hash", "#hash", "'quoted'", `"double"`, `back\slash`,
	"@at", "`tick", "|pipe", ">fold", "%pct", "!bang", "&anchor", "*alias", "{flow}", "[list]", ",comma",
	" leading space", "trailing space ", "tab\there", "line one\nline two", "line one\nline two\n", "trail\n\n",
	"\nstarts with a newline", " lead\n\nx\n", "a\n\nb", "cr\r\nlf", "nul\x00byte", "bell\a", "del\x7f", "é accent", "emoji 😀", "\u2028sep", "\ufeffbom",
	"a#b", "x,y", "a:b", "?x", ":x", "-x", "a [b] {c}", "=x", "~x", "<x>", "a'b", `a"b`, "^re$", "a  b", "semi;colon", "q?", "a - b", "a -", "--x", "..x",
	"${AWS::Region}-x", "arn:${AWS::Partition}:s3:::b/*", strings.Repeat("long words ", 30), "key: value # comment",
}

// oddProject has a service whose environment and command hold every odd
// string, and a few services more so that keys like Svc2 and Svc10 meet.
func oddProject() *spec.Project { return stringsProject(oddStrings) }

func stringsProject(values []string) *spec.Project {
	p := bigProject(12)
	s := service("odd", spec.Mount{Volume: "vol-0", Path: "/data"})
	s.Command = values
	for i, v := range values {
		s.Environment = append(s.Environment, spec.EnvVar{Name: fmt.Sprintf("V%02d", i), Value: v})
	}
	s.HealthCheck = &spec.HealthCheck{Command: []string{"CMD-SHELL", "curl -f http://localhost/ || exit 1"}}
	p.Services = append(p.Services, s)
	return p
}

// rainFormat is what rain fmt writes for text, failing the test when rain
// cannot read it or sees a semantic change (rain fmt --verify).
func rainFormat(t *testing.T, name string, text []byte) string {
	t.Helper()
	tmpl, err := parse.String(string(text))
	if err != nil {
		t.Fatalf("%s: rain cannot parse the template: %v", name, err)
	}
	out := format.String(tmpl, format.Options{})
	if err := parse.Verify(tmpl, out); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return out
}

// checkRain asserts the rain fmt --verify contract on doc: layoutYAML in
// rain's own quoting is exactly what rain writes, and writeYAML differs
// from it only by the quotes kept on YAML 1.1 look-alikes.
func checkRain(t *testing.T, name string, doc map[string]any) {
	t.Helper()
	if !rainKeepsAll(doc) {
		t.Logf("%s holds a string rain fmt cannot keep: only its semantics are checked", name)
		return
	}
	exact, err := layoutYAML(doc, false)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if got := rainFormat(t, name, exact); got != string(exact) {
		t.Errorf("%s: rain fmt would reformat the template:\n%s", name, lineDiff(string(exact), got))
	}
	ours, err := writeYAML(doc)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	ol, el := strings.Split(string(ours), "\n"), strings.Split(string(exact), "\n")
	if len(ol) != len(el) {
		t.Fatalf("%s: %d lines, rain's layout has %d", name, len(ol), len(el))
	}
	for i := range ol {
		if ol[i] != el[i] && !quotedLookalike(ol[i], el[i]) {
			t.Errorf("%s line %d: %q, rain writes %q", name, i+1, ol[i], el[i])
		}
	}
}

// quotedLookalike reports whether ours is exact with one YAML 1.1
// look-alike scalar double-quoted.
func quotedLookalike(ours, exact string) bool {
	i := 0
	for i < len(ours) && i < len(exact) && ours[i] == exact[i] {
		i++
	}
	v, ok := strings.CutPrefix(ours[i:], `"`)
	key := strings.HasSuffix(v, `":`)
	v = strings.TrimSuffix(v, ":")
	if !ok || !strings.HasSuffix(v, `"`) {
		return false
	}
	v = strings.TrimSuffix(v, `"`)
	if key {
		return exact[i:] == v+":" && yaml11NotString(v)
	}
	return exact[i:] == v && yaml11NotString(v)
}

// decodeJSON decodes a rendered JSON template the way Render does.
func decodeJSON(t *testing.T, data []byte) map[string]any {
	t.Helper()
	doc, err := decodeTemplate(data, nil)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// sameDocument asserts that the YAML text reads back (yaml.v3, YAML 1.2) as
// exactly the JSON template: same types, same strings.
func sameDocument(t *testing.T, name string, yamlText, jsonText []byte) {
	t.Helper()
	fromYAML, err := DecodeYAML(yamlText)
	if err != nil {
		t.Fatalf("%s: the YAML does not parse: %v", name, err)
	}
	var fromJSON any
	dec := json.NewDecoder(bytes.NewReader(jsonText))
	dec.UseNumber()
	if err := dec.Decode(&fromJSON); err != nil {
		t.Fatal(err)
	}
	if d := firstDifference("", fromYAML, fromJSON); d != "" {
		t.Errorf("%s: the YAML reads back differently from the JSON: %s", name, d)
	}
}

func firstDifference(path string, a, b any) string {
	switch x := a.(type) {
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) {
			return fmt.Sprintf("%s: %T with %d keys vs %T", path, a, len(x), b)
		}
		for k := range x {
			if d := firstDifference(path+"/"+k, x[k], y[k]); d != "" {
				return d
			}
		}
		return ""
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return fmt.Sprintf("%s: list of %d vs %#v", path, len(x), b)
		}
		for i := range x {
			if d := firstDifference(fmt.Sprintf("%s/%d", path, i), x[i], y[i]); d != "" {
				return d
			}
		}
		return ""
	case json.Number:
		if y, ok := b.(json.Number); ok {
			xf, _ := x.Float64()
			yf, _ := y.Float64()
			if xf == yf {
				return ""
			}
		}
	}
	if !reflect.DeepEqual(a, b) {
		return fmt.Sprintf("%s: %#v vs %#v", path, a, b)
	}
	return ""
}

// allRenders is every golden case, every example spec and the
// odd-strings project.
func allRenders(t *testing.T) map[string]*spec.Project {
	out := map[string]*spec.Project{"odd-strings": oddProject(), "reference": spec.Reference()}
	for _, dir := range goldenCases(t) {
		p, err := spec.Load(filepath.Join(dir, "spec.yml"))
		if err != nil {
			t.Fatal(err)
		}
		out["golden "+filepath.Base(dir)] = p
	}
	examples, _ := filepath.Glob(filepath.Join("..", "..", "examples", "*.yml"))
	if len(examples) == 0 {
		t.Fatal("no example specs in examples/")
	}
	for _, f := range examples {
		p, err := spec.Load(f)
		if err != nil {
			t.Fatal(err)
		}
		if p.Split() {
			continue // several templates: TestSplitStacksLayout
		}
		out["example "+filepath.Base(f)] = p
	}
	return out
}

// Every stack of a split example is in rain's layout and reads back as its
// JSON form, imports included.
func TestSplitStacksLayout(t *testing.T) {
	examples, _ := filepath.Glob(filepath.Join("..", "..", "examples", "*.yml"))
	split := 0
	for _, f := range examples {
		p, err := spec.Load(f)
		if err != nil {
			t.Fatal(err)
		}
		if !p.Split() {
			continue
		}
		split++
		ys, err := RenderStacks(p, "yaml")
		if err != nil {
			t.Fatal(err)
		}
		js, err := RenderStacks(p, "json")
		if err != nil {
			t.Fatal(err)
		}
		for i := range ys {
			name := filepath.Base(f) + " " + ys[i].Name
			sameDocument(t, name, ys[i].Body, js[i].Body)
			checkRain(t, name, decodeJSON(t, js[i].Body))
		}
	}
	if split == 0 {
		t.Fatal("no split example in examples/")
	}
}

// rainKeeps reports whether rain fmt keeps the string s: a template holding
// it (double-quoted, which every reader agrees on) as a property and a list
// item, mid-document, formatted by rain reads back with s in both places,
// and formatting that again changes nothing. Rain does not keep "<<"
// (written unquoted, read back as a merge key), a string with a leading
// newline or "\n" alone (written as a literal block yaml.v3 reads without
// it), a "|2" block with empty lines (its blank-line pass doubles them),
// nor U+0085. writeYAML writes those so that they read back exactly
// (TestOddStringsKeepTheirValue), in a form rain would rewrite.
func rainKeeps(s string) bool {
	if ok, seen := rainKept[s]; seen {
		return ok
	}
	if plainSafe(s) && s != "<<" {
		return true // printable ASCII on one line: plain or double-quoted, stable
	}
	q := func(v string) *yaml.Node {
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: v, Style: yaml.DoubleQuotedStyle}
	}
	m := func(kv ...*yaml.Node) *yaml.Node { return &yaml.Node{Kind: yaml.MappingNode, Content: kv} }
	probe := m(q("Resources"), m(q("A"), m(q("Type"), q("T"), q("Properties"),
		m(q("P"), q(s), q("L"), &yaml.Node{Kind: yaml.SequenceNode, Content: []*yaml.Node{q(s)}}))),
		q("Outputs"), m(q("O"), m(q("Value"), q("v"))))
	text, err := yaml.Marshal(probe)
	ok := err == nil
	var once string
	if ok {
		t1, err := parse.String(string(text))
		ok = err == nil
		if ok {
			once = format.String(t1, format.Options{})
			t2, err := parse.String(once)
			ok = err == nil && format.String(t2, format.Options{}) == once
		}
	}
	if ok {
		v, err := DecodeYAML([]byte(once))
		props, _ := lookup(v, "Resources", "A", "Properties").(map[string]any)
		list, _ := props["L"].([]any)
		ok = err == nil && props["P"] == s && len(list) == 1 && list[0] == s
	}
	rainKept[s] = ok
	return ok
}

var rainKept = map[string]bool{}

// lookup walks maps by key, nil when a key is missing.
func lookup(v any, keys ...string) any {
	for _, k := range keys {
		m, _ := v.(map[string]any)
		v = m[k]
	}
	return v
}

// rainKeepsAll reports whether rain keeps every string in v.
func rainKeepsAll(v any) bool {
	switch x := v.(type) {
	case string:
		return rainKeeps(x)
	case map[string]any:
		for k, c := range x {
			if !rainKeeps(k) || !rainKeepsAll(c) {
				return false
			}
		}
	case []any:
		for _, c := range x {
			if !rainKeepsAll(c) {
				return false
			}
		}
	}
	return true
}

// The rain fmt --verify contract on every golden case and the odd strings.
func TestYAMLIsRainFormatted(t *testing.T) {
	renders := allRenders(t)
	var stable []string
	for _, s := range oddStrings {
		if rainKeeps(s) {
			stable = append(stable, s)
		}
	}
	renders["odd-strings"] = stringsProject(stable)
	for name, p := range renders {
		j, err := Render(p, "json")
		if err != nil {
			t.Fatal(err)
		}
		checkRain(t, name, decodeJSON(t, j))
	}
	// The goldens hold no look-alike: they are rain's layout byte for byte.
	for _, dir := range goldenCases(t) {
		golden := filepath.Join(dir, "template.yml")
		data, err := os.ReadFile(golden)
		if err != nil {
			t.Fatal(err)
		}
		if got := rainFormat(t, golden, data); got != string(data) {
			t.Errorf("rain fmt --verify fails on %s:\n%s", golden, lineDiff(string(data), got))
		}
	}
}

// The YAML and the JSON form of every case are the same document.
func TestYAMLReadsBackAsTheJSON(t *testing.T) {
	for name, p := range allRenders(t) {
		y, err := Render(p, "yaml")
		if err != nil {
			t.Fatal(err)
		}
		j, err := Render(p, "json")
		if err != nil {
			t.Fatal(err)
		}
		sameDocument(t, name, y, j)
	}
}

// Every odd string comes back from the YAML as the same string, in the
// command and in the environment.
func TestOddStringsKeepTheirValue(t *testing.T) {
	y, err := Render(oddProject(), "yaml")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := DecodeYAML(y)
	if err != nil {
		t.Fatal(err)
	}
	c := at(t, doc, "Resources", "OddTaskDefinition", "Properties", "ContainerDefinitions", 0)
	for i, want := range oddStrings {
		if got := at(t, c, "Command", i); got != want {
			t.Errorf("command[%d] = %#v, want %q", i, got, want)
		}
	}
	env := at(t, c, "Environment").([]any)
	if len(env) != len(oddStrings) {
		t.Fatalf("%d environment variables, want %d", len(env), len(oddStrings))
	}
	for i, want := range oddStrings {
		if got := at(t, env[i], "Value"); got != want {
			t.Errorf("environment V%02d = %#v, want %q", i, got, want)
		}
	}
}

// A YAML 1.1 reader (CloudFormation's) would read yes, off or 1:20 without
// quotes as a boolean or a number: those keep their quotes.
func TestYAML11LookalikesStayQuoted(t *testing.T) {
	y, err := Render(oddProject(), "yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range []string{"yes", "No", "ON", "off", "y", "N", "1:20", "190:20:30.15", "2001-12-14 21:59:43.10 -5", "<<", "="} {
		if !bytes.Contains(y, []byte(`- "`+v+`"`)) || !bytes.Contains(y, []byte(`Value: "`+v+`"`)) {
			t.Errorf("%q is not double-quoted in the command and the environment", v)
		}
		if !yaml11NotString(v) {
			t.Errorf("yaml11NotString(%q) = false", v)
		}
	}
	for _, v := range []string{"yesterday", "nope", "1.4.0", "12:70", "2001-12-14x"} {
		if yaml11NotString(v) {
			t.Errorf("yaml11NotString(%q) = true for a string", v)
		}
	}
}

// The layout rain writes, on a small template: section order with blank
// lines, Type before Properties, short forms, 2-space indent.
func TestYAMLLayout(t *testing.T) {
	doc := decodeJSON(t, []byte(`{
 "Outputs": {"Id": {"Export": {"Name": "x-Id"}, "Value": {"Ref": "Bucket"}, "Description": "the id"}},
 "Resources": {
  "Bucket": {"Properties": {"Name": {"Fn::Sub": "${AWS::StackName}-b"}, "Tags": [{"Key": "k", "Value": {"Fn::GetAtt": ["Other", "Arn"]}}],
    "List": {"Fn::Join": ["", ["a", {"Fn::ImportValue": {"Fn::Sub": "${Env}-id"}}]]}, "Zone": {"Fn::Select": [0, {"Fn::GetAZs": ""}]}},
   "Type": "AWS::S3::Bucket", "DeletionPolicy": "Retain", "Condition": "IsProd", "DependsOn": ["Other"]},
  "Other": {"Type": "AWS::SNS::Topic"}
 },
 "Parameters": {"Env": {"Type": "String", "AllowedPattern": "^[a-z]+$", "Description": "env"}},
 "Conditions": {"IsProd": {"Fn::Equals": [{"Ref": "Env"}, "prod"]}},
 "Description": "a: description",
 "AWSTemplateFormatVersion": "2010-09-09"
}`))
	got, err := writeYAML(doc)
	if err != nil {
		t.Fatal(err)
	}
	want := `AWSTemplateFormatVersion: "2010-09-09"

Description: 'a: description'

Parameters:
  Env:
    Description: env
    Type: String
    AllowedPattern: ^[a-z]+$

Conditions:
  IsProd: !Equals
    - !Ref Env
    - prod

Resources:
  Bucket:
    DeletionPolicy: Retain
    Type: AWS::S3::Bucket
    DependsOn:
      - Other
    Properties:
      List: !Join
        - ""
        - - a
          - !ImportValue
            Fn::Sub: ${Env}-id
      Name: !Sub ${AWS::StackName}-b
      Tags:
        - Key: k
          Value: !GetAtt Other.Arn
      Zone: !Select
        - 0
        - !GetAZs
    Condition: IsProd

  Other:
    Type: AWS::SNS::Topic

Outputs:
  Id:
    Description: the id
    Value: !Ref Bucket
    Export:
      Name: x-Id
`
	if string(got) != want {
		t.Errorf("layout differs:\n%s", lineDiff(want, string(got)))
	}
	checkRain(t, "layout", doc)
}

// Keys yaml.v3 cannot write plain (over 128 characters, needing quotes)
// take the yaml.v3 path for their entry and still give rain's layout.
func TestYAMLUnusualKeys(t *testing.T) {
	long := strings.Repeat("K", 140)
	doc := decodeJSON(t, []byte(`{"Resources": {"`+long+`": {"Type": "T", "Properties": {"a: b": "x", "yes": ["line\none", {"Ref": "X"}]}},
	  "Plain": {"Type": "T", "Properties": {"Map": {"123": {"Fn::Base64": {"Fn::Sub": "x"}}, "Text": "a\n\nb\n"}}}},
	  "Metadata": {"Note": "multi\nline"}}`))
	checkRain(t, "unusual keys", doc)
	y, err := writeYAML(doc)
	if err != nil {
		t.Fatal(err)
	}
	j, err := writeJSON(doc)
	if err != nil {
		t.Fatal(err)
	}
	sameDocument(t, "unusual keys", y, j)
}

// A string ending in empty lines, last in its entry, keeps them: rain's
// blank line between entries would join the string.
func TestYAMLKeepBlockAtEntryEnd(t *testing.T) {
	doc := decodeJSON(t, []byte(`{"Resources": {
	  "Fast": {"Type": "T", "Properties": {"Z": "kept\n\n"}},
	  "Slow": {"Type": "T", "Properties": {"yes": "x", "Z": "kept\n\n"}},
	  "Zed": {"Type": "T", "Properties": {"Last": "kept\n\n"}}},
	  "Outputs": {"O": {"Value": "v"}}}`))
	y, err := writeYAML(doc)
	if err != nil {
		t.Fatal(err)
	}
	j, err := writeJSON(doc)
	if err != nil {
		t.Fatal(err)
	}
	sameDocument(t, "keep blocks", y, j)
}

// Public templates from the field, converted to the JSON form the writer
// takes, come out in rain's layout and read back as the same document.
func TestYAMLOnRealWorldTemplates(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "shared", "realworld")
	var files []string
	for _, ext := range []string{"yml", "yaml", "json", "template"} {
		m, _ := filepath.Glob(filepath.Join(dir, "*."+ext))
		files = append(files, m...)
	}
	if len(files) == 0 {
		t.Skipf("no public templates at %s (the shared folder is not next to the repository)", dir)
	}
	n := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		v, err := DecodeYAML(data)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		doc, ok := v.(map[string]any)
		if _, isTemplate := doc["Resources"]; !ok || !isTemplate {
			continue // a task definition or another file, not a template
		}
		name := filepath.Base(f)
		checkRain(t, name, doc)
		y, err := writeYAML(doc)
		if err != nil {
			t.Fatal(err)
		}
		j, err := writeJSON(doc)
		if err != nil {
			t.Fatal(err)
		}
		sameDocument(t, name, y, j)
		n++
	}
	if n < 3 {
		t.Errorf("only %d public templates read from %s", n, dir)
	}
}

func TestYAMLKeyOrder(t *testing.T) {
	for _, c := range [][2]string{{"MountTarget2", "MountTarget10"}, {"A", "B"}, {"Svc9Role", "Svc10Role"}, {"a", "ab"}, {"Z", "a"}} {
		if !yamlKeyLess(c[0], c[1]) || yamlKeyLess(c[1], c[0]) {
			t.Errorf("want %q before %q", c[0], c[1])
		}
	}
}
