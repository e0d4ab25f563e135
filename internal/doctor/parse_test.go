package doctor

import (
	"errors"
	"testing"
)

func TestJSONPositionsAndEscapes(t *testing.T) {
	// yaml.v3 rejects "\/" and surrogate pairs; the JSON reader does not.
	data := "{\n\t\"a\": \"x\\/y \\ud83d\\ude00\",\n\t\"é\": [1, 2.5, true, null],\n  \"c\": {\"d\": \"e\"}\n}"
	src, err := LoadBytes("x.json", []byte(`{"Resources": {}}`))
	if err != nil || src.Kind != KindTemplate {
		t.Fatalf("template JSON: %v %v", src, err)
	}
	n, err := parseDocument("x.json", []byte(data))
	if err != nil {
		t.Fatal(err)
	}
	r := root(n, "", false)
	a := r.Get("a")
	if a.Str() != "x/y 😀" {
		t.Errorf("a = %q", a.Str())
	}
	if l, c := a.Pos(); l != 2 || c != 2 {
		t.Errorf("a at %d:%d, want 2:2", l, c)
	}
	items := r.Get("é").Items()
	if len(items) != 4 || items[1].Node.Tag != "!!float" || items[2].Node.Tag != "!!bool" || items[3].Node.Tag != "!!null" {
		t.Fatalf("array = %+v", items)
	}
	if l, c := items[1].Pos(); l != 3 || c != 11 {
		t.Errorf("2.5 at %d:%d, want 3:11 (columns count characters)", l, c)
	}
	d := r.At("c", "d")
	if l, c := d.Pos(); l != 4 || c != 9 || d.Path != "c.d" {
		t.Errorf("c.d at %d:%d %s", l, c, d.Path)
	}
}

func TestYAMLShortTags(t *testing.T) {
	n, err := parseDocument("t.yaml", []byte("A: !Ref X\nB: !GetAtt R.Arn\nC: !GetAtt [R, Arn]\nD: !Sub\n  - x${y}\n  - {y: !Ref Z}\nE: !Condition IsProd\n"))
	if err != nil {
		t.Fatal(err)
	}
	r := root(n, "", false)
	if got := compact(r.Get("A").Node); got != "{Ref:X}" {
		t.Errorf("A = %s", got)
	}
	for _, k := range []string{"B", "C"} {
		if got := compact(r.Get(k).Node); got != "{Fn::GetAtt:[R,Arn]}" {
			t.Errorf("%s = %s", k, got)
		}
	}
	if got := compact(r.Get("D").Node); got != "{Fn::Sub:[x${y},{y:{Ref:Z}}]}" {
		t.Errorf("D = %s", got)
	}
	if got := compact(r.Get("E").Node); got != "{Condition:IsProd}" {
		t.Errorf("E = %s", got)
	}
	if l, c := r.Get("A").Node.Line, r.Get("A").Node.Column; l != 1 || c != 4 {
		t.Errorf("!Ref at %d:%d, want 1:4", l, c)
	}
}

func TestParseErrors(t *testing.T) {
	cases := []struct {
		name, data   string
		line, column int
	}{
		{"bad.json", "{\n  \"a\": 1,\n  \"b\" 2\n}", 3, 7},
		{"trailing.json", "{\"a\": 1}\n}", 2, 1},
		{"bad.yaml", "a: b\n  c: d\n", 2, 0},
		{"empty.yaml", " \n", 0, 0},
		{"other.yaml", "hello: world\n", 1, 1},
	}
	for _, c := range cases {
		_, err := LoadBytes(c.name, []byte(c.data))
		var pe *ParseError
		if !errors.As(err, &pe) {
			t.Errorf("%s: err = %v, want a ParseError", c.name, err)
			continue
		}
		if pe.Line != c.line || pe.Column != c.column || pe.File != c.name || pe.Msg == "" {
			t.Errorf("%s: %+v, want line %d column %d", c.name, pe, c.line, c.column)
		}
	}
}

func TestDetect(t *testing.T) {
	cases := []struct {
		data string
		want Kind
	}{
		{"AWSTemplateFormatVersion: '2010-09-09'\n", KindTemplate},
		{`{"family": "x", "containerDefinitions": []}`, KindTaskDef},
		{`{"taskDefinition": {"containerDefinitions": []}}`, KindTaskDef},
		{`{"services": [], "failures": []}`, KindService},
		{`{"service": {"serviceName": "x"}}`, KindService},
		{`{"awsvpcConfiguration": {"subnets": ["subnet-1"]}}`, KindService},
		{`{"subnets": ["subnet-1"], "securityGroups": ["sg-1"]}`, KindService},
		{`{"Subnets": [{"SubnetId": "subnet-1", "AvailabilityZone": "us-east-1a"}]}`, KindNetwork},
		{`{"MountTargets": []}`, KindNetwork},
		{`[{"MountTargetId": "fsmt-1", "SubnetId": "subnet-1"}]`, KindNetwork},
	}
	for _, c := range cases {
		src, err := LoadBytes("x", []byte(c.data))
		if err != nil || src.Kind != c.want {
			t.Errorf("%s: %v %v, want %v", c.data, src, err, c.want)
		}
	}
}

func TestCheckRejectsWrongKindForFlag(t *testing.T) {
	_, err := Check([]string{"testdata/guide/task-definition.json"}, []string{"testdata/guide/subnets.json"}, nil)
	var pe *ParseError
	if !errors.As(err, &pe) || pe.File != "testdata/guide/subnets.json" {
		t.Fatalf("err = %v", err)
	}
	_, err = Check([]string{"testdata/no-such-file.yaml"}, nil, nil)
	if !errors.As(err, &pe) || pe.File != "testdata/no-such-file.yaml" {
		t.Fatalf("missing file: err = %v", err)
	}
}

func TestYAMLFlowMappingAccepted(t *testing.T) {
	src, err := LoadBytes("flow.yaml", []byte("{Resources: {A: {Type: 'AWS::EFS::FileSystem'}}}"))
	if err != nil || src.Kind != KindTemplate {
		t.Fatalf("%v %v", src, err)
	}
}
