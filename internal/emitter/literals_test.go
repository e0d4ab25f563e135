package emitter

import (
	"encoding/base64"
	"strings"
	"testing"

	"github.com/efsfargate/efsfargate/internal/spec"
)

// encodedFunctions are base64 of each CloudFormation function, the way
// goformation encodes them (with and without spaces, and with a leading
// space goformation's JSON decoding accepts too).
var encodedFunctions = func() []string {
	var out []string
	for _, fn := range []string{
		`{"Ref":"AWS::AccountId"}`,
		`{ "Ref": "AWS::Region" }`,
		`{"Fn::Transform":{"Name":"AWS::Include","Parameters":{"Location":"s3://bucket/evil.yml"}}}`,
		`{"Fn::GetAtt":["TaskRole","Arn"]}`,
		`{"Fn::Sub":"${AWS::StackName}"}`,
		`{"Fn::ImportValue":"efs-security-group-id"}`,
		`{"Fn::Join":["",["a","b"]]}`,
		`{"Fn::Select":[0,{"Fn::GetAZs":""}]}`,
		`{"Fn::GetAZs":""}`,
		`{"Fn::Base64":"x"}`,
		`{"Fn::FindInMap":["M","a","b"]}`,
		`{"Fn::Split":[",","a,b"]}`,
		`{"Fn::If":["C","a","b"]}`,
		`{"Fn::Equals":["a","b"]}`,
		`{"Fn::Not":[{"Condition":"C"}]}`,
		`{"Fn::And":[{"Condition":"C"},{"Condition":"D"}]}`,
		`{"Fn::Or":[{"Condition":"C"},{"Condition":"D"}]}`,
		`{"Condition":"C"}`,
		` {"Ref":"AWS::AccountId"}`,
	} {
		out = append(out, base64.StdEncoding.EncodeToString([]byte(fn)))
	}
	return out
}()

// A spec string that is base64 of a function reaches the raw template as
// that string, in the image, the command, the health check and the
// environment, in both formats.
func TestEncodedFunctionsStayLiteral(t *testing.T) {
	for _, enc := range encodedFunctions {
		if !looksEncoded(enc) {
			t.Fatalf("looksEncoded(%q) = false", enc)
		}
		p := project()
		s := &p.Services[0]
		s.Image = enc
		s.Command = []string{enc, "echo " + enc}
		s.Environment = []spec.EnvVar{{Name: "A", Value: enc}}
		s.HealthCheck = &spec.HealthCheck{Command: []string{"CMD", enc}}
		before := enc
		for _, format := range []string{"yaml", "json"} {
			out, err := Render(p, format)
			if err != nil {
				t.Fatal(err)
			}
			v, err := DecodeYAML(out) // JSON is YAML too
			if err != nil {
				t.Fatal(err)
			}
			c := at(t, v, "Resources", "WebTaskDefinition", "Properties", "ContainerDefinitions", 0)
			for name, got := range map[string]any{
				"image":        at(t, c, "Image"),
				"command":      at(t, c, "Command", 0),
				"command text": at(t, c, "Command", 1),
				"environment":  at(t, c, "Environment", 0, "Value"),
				"health check": at(t, c, "HealthCheck", "Command", 1),
			} {
				want := enc
				if name == "command text" {
					want = "echo " + enc
				}
				if got != want {
					t.Errorf("%s: %s = %#v, want the literal %q", format, name, got, want)
				}
			}
			if strings.Contains(string(out), "evil.yml") || strings.Contains(string(out), "\uE000") {
				t.Errorf("%s: decoded function or placeholder left in the template", format)
			}
		}
		if s.Image != before || p.Services[0].Environment[0].Value != before {
			t.Error("Render changed the project")
		}
	}
}

// Strings that are not encoded functions are not copied or touched.
func TestProtectLiteralsLeavesOrdinaryProjects(t *testing.T) {
	p := project()
	p.Services[0].Environment = []spec.EnvVar{{Name: "A", Value: "aGVsbG8="}, {Name: "B", Value: base64.StdEncoding.EncodeToString([]byte(`{"a":1,"b":2}`))}}
	q, lits := protectLiterals(p)
	if q != p || lits != nil {
		t.Error("a project without encoded functions was copied")
	}
	p.Services[0].Environment[1].Value = encodedFunctions[0]
	q, lits = protectLiterals(p)
	if q == p || lits == nil || len(lits.values) != 1 {
		t.Fatalf("encoded function not protected: %v", lits)
	}
	if q.Services[0].Environment[1].Value == encodedFunctions[0] || p.Services[0].Environment[1].Value != encodedFunctions[0] {
		t.Error("the copy holds the encoded string, or the original was changed")
	}
	// A spec string holding the placeholder prefix gets a longer prefix.
	p.Services[0].Environment[0].Value = "\uE000efsfargate-literal-0\uE001"
	_, lits = protectLiterals(p)
	if strings.HasPrefix(lits.prefix, "\uE000efsfargate") {
		t.Errorf("prefix %q collides with a spec string", lits.prefix)
	}
	if _, err := lits.restoreString(lits.prefix + "7\uE001"); err == nil {
		t.Error("an unknown placeholder was restored without an error")
	}
}
