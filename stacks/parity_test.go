package stacks_test

import (
	"encoding/json"
	"testing"

	"github.com/aws/jsii-runtime-go"

	"github.com/efsfargate/efsfargate/internal/emitter"
)

// The CDK stack and the raw template of the same spec share parameters and
// outputs exactly, and the EFS, ECS and security group resources one for
// one. (A full resource comparison lives with the cross-form tests.)
func TestParityWithRawTemplate(t *testing.T) {
	for name, b := range fixture(t) {
		t.Run(name, func(t *testing.T) {
			raw, err := emitter.Template(b.project)
			if err != nil {
				t.Fatal(err)
			}
			data, err := raw.JSON()
			if err != nil {
				t.Fatal(err)
			}
			var want struct {
				Description string
				Parameters  map[string]interface{}
				Outputs     map[string]map[string]interface{}
				Resources   map[string]struct{ Type string }
			}
			if err := json.Unmarshal(data, &want); err != nil {
				t.Fatal(err)
			}
			got := *b.template.ToJSON()
			if got["Description"] != want.Description {
				t.Errorf("Description %q, want %q", got["Description"], want.Description)
			}

			params := map[string]interface{}{}
			for k, v := range got["Parameters"].(map[string]interface{}) {
				if k != "BootstrapVersion" { // CDK's own
					params[k] = v
				}
			}
			if want.Parameters == nil {
				want.Parameters = map[string]interface{}{}
			}
			if !b.project.Network.Default || !b.project.ClusterDefault {
				jsonEqual(t, "parameters", params, want.Parameters)
			} else if len(params) != 0 {
				// The raw form takes VpcId, SubnetIds and ClusterArn here;
				// the CDK stack makes the VPC and cluster instead.
				t.Errorf("parameters %v, want none", params)
			}

			outputs := map[string]interface{}{}
			for k, v := range got["Outputs"].(map[string]interface{}) {
				o := v.(map[string]interface{})
				outputs[k] = map[string]interface{}{"Description": o["Description"], "Export": o["Export"]}
			}
			wantOutputs := map[string]interface{}{}
			for k, o := range want.Outputs {
				wantOutputs[k] = map[string]interface{}{"Description": o["Description"], "Export": o["Export"]}
			}
			jsonEqual(t, "outputs", outputs, wantOutputs)

			counts := map[string]int{}
			for _, r := range want.Resources {
				counts[r.Type]++
			}
			types := []string{"AWS::EFS::FileSystem", "AWS::EFS::MountTarget", "AWS::EFS::AccessPoint",
				"AWS::EC2::SecurityGroup", "AWS::EC2::SecurityGroupIngress", "AWS::ECS::TaskDefinition", "AWS::ECS::Service"}
			if !b.project.Network.Default {
				// A made VPC adds its flow-log group and role.
				types = append(types, "AWS::Logs::LogGroup", "AWS::IAM::Role")
			}
			for _, typ := range types {
				n := len(*b.template.FindResources(jsii.String(typ), nil))
				if n != counts[typ] {
					t.Errorf("%s: %d in the CDK stack, %d in the raw template", typ, n, counts[typ])
				}
			}
		})
	}
}
