package doctor

import (
	"bytes"
	"errors"
	"path/filepath"
	"strings"
	"testing"
)

// hostileCases are inputs that must be refused with a located message.
var hostileCases = []struct{ file, want string }{
	{"selfalias.yaml", "selfalias.yaml:1:12: YAML anchor &m: CloudFormation templates and task definitions do not support anchors and aliases"},
	{"bomb.yaml", "bomb.yaml:1:4: YAML anchor &a:"},
	{"merge.yaml", "merge.yaml:1:7: YAML anchor &b: CloudFormation templates and task definitions do not support anchors and aliases (write the value out)\ntestdata/hostile/merge.yaml:4:5: YAML merge key <<: CloudFormation does not support it (write the keys out)\ntestdata/hostile/merge.yaml:4:9: YAML alias *b:"},
	{"boolon.yaml", `boolon.yaml:5:18: "on" is not a YAML 1.2 boolean (!!bool takes true or false)`},
	{"badint.yaml", `badint.yaml:5:23: "12abc" is not a YAML 1.2 integer`},
	{"binary.yaml", "binary.yaml:5:15: YAML tag !!binary is not supported in CloudFormation templates"},
	{"strmap.yaml", "strmap.yaml:2:6: YAML tag !!str on a mapping or sequence"},
	{"customtag.yaml", "customtag.yaml:3:11: unknown YAML tag !Foo"},
	{"multi.yaml", "multi.yaml:2:1: a second YAML document starts here"},
	{"badjson.json", "badjson.json:2:13: invalid JSON: invalid character ','"},
	{"empty.yaml", "empty.yaml: empty file"},
	{"nul.yaml", "nul.yaml:3:13: control character U+0000 is not allowed"},
	{"badutf.json", "badutf.json:1:31: invalid UTF-8 byte 0xff: save the file as UTF-8"},
}

func TestHostileInputs(t *testing.T) {
	for _, tc := range hostileCases {
		t.Run(tc.file, func(t *testing.T) {
			_, err := Check([]string{filepath.Join("testdata", "hostile", tc.file)}, nil, nil)
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("got %v, want a ParseError", err)
			}
			if got := strings.TrimPrefix(err.Error(), "testdata/hostile/"); !strings.HasPrefix(got, tc.want) {
				t.Errorf("got  %s\nwant %s…", got, tc.want)
			}
		})
	}
}

// A merge key without anchors (an alias is needed to use one) and explicit
// core tags used as YAML 1.2 defines them are read, canonicalised.
func TestExplicitTagsHonoured(t *testing.T) {
	src, err := LoadBytes("t.yaml", []byte("Resources:\n  FS:\n    Type: !!str AWS::EFS::FileSystem\n    Properties:\n      Encrypted: !!bool True\n      N: !!int 0x10\n      Z: !!null ~\n"))
	if err != nil {
		t.Fatal(err)
	}
	p := src.Root.At("Resources", "FS", "Properties")
	if p.Get("Encrypted").Str() != "true" || p.Get("N").Str() != "16" || p.Get("Z").Str() != "" || src.Root.At("Resources", "FS", "Type").Str() != typeFileSystem {
		t.Errorf("tags not honoured: %+v", p.Node)
	}
}

func TestSizeCaps(t *testing.T) {
	big := bytes.Repeat([]byte(" "), MaxInputBytes+1)
	if _, err := LoadBytes("big.json", big); err == nil || !strings.Contains(err.Error(), "larger than 16 MiB") {
		t.Errorf("input cap: %v", err)
	}
	yml := append([]byte("Resources:\n"), bytes.Repeat([]byte("# padding\n"), MaxYAMLBytes/10+1)...)
	if _, err := LoadBytes("big.yaml", yml); err == nil || !strings.Contains(err.Error(), "larger than 2 MiB") {
		t.Errorf("YAML cap: %v", err)
	}
	defer func(n int) { maxJSONValues = n }(maxJSONValues)
	maxJSONValues = 1000
	dense := append([]byte(`{"Resources": [`), bytes.Repeat([]byte("1,"), maxJSONValues)...)
	dense = append(dense, "1]}"...)
	if _, err := LoadBytes("dense.json", dense); err == nil || !strings.Contains(err.Error(), "dense.json:1:2010: more than 1000 values") {
		t.Errorf("value cap: %v", err)
	}
}

// Deep nesting is refused by the parsers or walked without recursion
// trouble.
func TestDeepNesting(t *testing.T) {
	deep := strings.Repeat("[", 100000) + strings.Repeat("]", 100000)
	_, _ = LoadBytes("deep.json", []byte(`{"Resources": `+deep+`}`))
	_, _ = LoadBytes("deep.yaml", []byte("Resources: "+deep+"\n"))
}
