// Package cdktest holds the helpers the CDK test packages share: CDK's
// assertions fail by panicking through jsii, and these turn that into test
// errors and read templates as plain Go values.
package cdktest

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/jsii-runtime-go"
)

// FeatureFlags reads the context (feature flags) of a cdk.json, so tests
// synthesize what `cdk synth` would.
func FeatureFlags(cdkJSON string) (map[string]interface{}, error) {
	data, err := os.ReadFile(cdkJSON)
	if err != nil {
		return nil, err
	}
	var cfg struct{ Context map[string]interface{} }
	if err := json.Unmarshal(data, &cfg); err != nil {
		return nil, err
	}
	return cfg.Context, nil
}

// Check turns a failed CDK assertion (a panic through jsii) into a test
// error with CDK's explanation.
func Check(t testing.TB, what string, assertion func()) {
	t.Helper()
	defer func() {
		if r := recover(); r != nil {
			t.Errorf("%s: %v", what, r)
		}
	}()
	assertion()
}

// HasProps asserts a resource of the type has the properties.
func HasProps(t testing.TB, tmpl assertions.Template, typ string, props map[string]interface{}) {
	t.Helper()
	Check(t, typ, func() { tmpl.HasResourceProperties(jsii.String(typ), props) })
}

// CountIs asserts how many resources of the type exist.
func CountIs(t testing.TB, tmpl assertions.Template, typ string, n int) {
	t.Helper()
	Check(t, typ+" count", func() { tmpl.ResourceCountIs(jsii.String(typ), jsii.Number(float64(n))) })
}

// Resources returns the template's resources of one type, by logical ID.
func Resources(tmpl assertions.Template, typ string) map[string]map[string]interface{} {
	out := map[string]map[string]interface{}{}
	for id, r := range *tmpl.FindResources(jsii.String(typ), nil) {
		out[id] = *r
	}
	return out
}

// Only returns the one resource of a type, failing the test otherwise.
func Only(t testing.TB, tmpl assertions.Template, typ string) (string, map[string]interface{}) {
	t.Helper()
	rs := Resources(tmpl, typ)
	if len(rs) != 1 {
		t.Fatalf("want exactly one %s, got %d", typ, len(rs))
	}
	for id, r := range rs {
		return id, r
	}
	return "", nil
}

// Props digs into a resource's Properties along a path of keys and indexes.
func Props(r map[string]interface{}, path ...interface{}) interface{} {
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

// JSONEqual compares two values by their JSON encoding.
func JSONEqual(t testing.TB, what string, got, want interface{}) {
	t.Helper()
	g, _ := json.Marshal(got)
	w, _ := json.Marshal(want)
	if string(g) != string(w) {
		t.Errorf("%s:\n got %s\nwant %s", what, g, w)
	}
}

// NoOpenIngress fails when any security group or ingress rule in the
// template admits 0.0.0.0/0 or ::/0.
func NoOpenIngress(t testing.TB, tmpl assertions.Template) {
	t.Helper()
	for _, typ := range []string{"AWS::EC2::SecurityGroup", "AWS::EC2::SecurityGroupIngress"} {
		for id, r := range Resources(tmpl, typ) {
			var rules interface{} = Props(r, "SecurityGroupIngress")
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

// Main runs a CDK test package: jsii quiet about Node 20, one output folder
// for the package's apps (set into *outdir), and the Node process closed at
// the end.
func Main(m *testing.M, prefix string, outdir *string) {
	os.Setenv("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")
	dir, err := os.MkdirTemp("", prefix)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	*outdir = dir
	code := m.Run()
	jsii.Close()
	os.RemoveAll(dir)
	os.Exit(code)
}

// Actions returns an IAM statement's actions as a list, whether the
// template wrote one action as a string or several as a list.
func Actions(statement interface{}) []string {
	var out []string
	switch a := statement.(map[string]interface{})["Action"].(type) {
	case string:
		out = []string{a}
	case []interface{}:
		for _, x := range a {
			out = append(out, x.(string))
		}
	}
	return out
}
