package stacks_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/jsii-runtime-go"
)

// Assertion helpers: CDK's assertions fail by panicking through jsii; these
// turn that into test errors and read templates as plain Go values.

// check turns a failed CDK assertion (a panic through jsii) into a test
// error with CDK's explanation.
func check(t *testing.T, what string, assertion func()) {
	t.Helper()
	defer func() {
		if r := recover(); r != nil {
			t.Errorf("%s: %v", what, r)
		}
	}()
	assertion()
}

func hasProps(t *testing.T, tmpl assertions.Template, typ string, props map[string]interface{}) {
	t.Helper()
	check(t, typ, func() { tmpl.HasResourceProperties(jsii.String(typ), props) })
}

func countIs(t *testing.T, tmpl assertions.Template, typ string, n int) {
	t.Helper()
	check(t, typ+" count", func() { tmpl.ResourceCountIs(jsii.String(typ), jsii.Number(float64(n))) })
}

// resources returns the template's resources of one type, by logical ID.
func resources(tmpl assertions.Template, typ string) map[string]map[string]interface{} {
	out := map[string]map[string]interface{}{}
	for id, r := range *tmpl.FindResources(jsii.String(typ), nil) {
		out[id] = *r
	}
	return out
}

// only returns the one resource of a type, failing the test otherwise.
func only(t *testing.T, tmpl assertions.Template, typ string) (string, map[string]interface{}) {
	t.Helper()
	rs := resources(tmpl, typ)
	if len(rs) != 1 {
		t.Fatalf("want exactly one %s, got %d", typ, len(rs))
	}
	for id, r := range rs {
		return id, r
	}
	return "", nil
}

// props digs into a resource's Properties along a path of keys and indexes.
func props(r map[string]interface{}, path ...interface{}) interface{} {
	var v interface{} = r["Properties"]
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, _ := v.(map[string]interface{})
			v = m[k]
		case int:
			l, _ := v.([]interface{})
			if k >= len(l) {
				return nil
			}
			v = l[k]
		}
	}
	return v
}

// jsonEqual compares two values by their JSON encoding.
func jsonEqual(t *testing.T, what string, got, want interface{}) {
	t.Helper()
	g, _ := json.Marshal(got)
	w, _ := json.Marshal(want)
	if string(g) != string(w) {
		t.Errorf("%s:\n got %s\nwant %s", what, g, w)
	}
}

// noOpenIngress fails when any security group or ingress rule in the
// template admits 0.0.0.0/0 or ::/0.
func noOpenIngress(t *testing.T, tmpl assertions.Template) {
	t.Helper()
	for _, typ := range []string{"AWS::EC2::SecurityGroup", "AWS::EC2::SecurityGroupIngress"} {
		for id, r := range resources(tmpl, typ) {
			var rules interface{} = props(r, "SecurityGroupIngress")
			if typ == "AWS::EC2::SecurityGroupIngress" {
				rules = []interface{}{r["Properties"]}
			}
			raw, _ := json.Marshal(rules)
			if strings.Contains(string(raw), "0.0.0.0/0") || strings.Contains(string(raw), "::/0") {
				t.Errorf("%s admits the whole internet: %s", id, raw)
			}
		}
	}
}
