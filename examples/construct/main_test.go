package main

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/jsii-runtime-go"

	"github.com/efsfargate/efsfargate/internal/cdktest"
)

// The example synthesizes under the project's feature flags and gives the
// read-only volume's tasks no write access.
func TestExampleSynthesizes(t *testing.T) {
	os.Setenv("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")
	defer jsii.Close()
	flags, err := cdktest.FeatureFlags("../../cdk.json")
	if err != nil {
		t.Fatal(err)
	}
	app := awscdk.NewApp(&awscdk.AppProps{Context: &flags, Outdir: jsii.String(t.TempDir())})
	tmpl := assertions.Template_FromStack(NewSiteStack(app, "Example"), nil)

	counts := map[string]int{
		"AWS::EFS::FileSystem":           1,
		"AWS::EFS::MountTarget":          2,
		"AWS::EFS::AccessPoint":          1,
		"AWS::ECS::Service":              1,
		"AWS::EC2::SecurityGroupIngress": 1,
	}
	for typ, n := range counts {
		if got := len(*tmpl.FindResources(jsii.String(typ), nil)); got != n {
			t.Errorf("%s: %d, want %d", typ, got, n)
		}
	}
	for id, p := range *tmpl.FindResources(jsii.String("AWS::IAM::Policy"), nil) {
		raw, _ := json.Marshal(p)
		if strings.Contains(id, "TaskRole") && strings.Contains(string(raw), "ClientWrite") {
			t.Errorf("read-only volume, yet %s grants ClientWrite: %s", id, raw)
		}
	}
	td := *tmpl.FindResources(jsii.String("AWS::ECS::TaskDefinition"), nil)
	raw, _ := json.Marshal(td)
	if !strings.Contains(string(raw), `"ReadOnly":true`) {
		t.Errorf("mount point is not read-only: %s", raw)
	}
}
