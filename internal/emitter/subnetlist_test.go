package emitter

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/awslabs/goformation/v7/cloudformation"
	"github.com/awslabs/goformation/v7/cloudformation/ecs"
)

func testService() *ecs.Service {
	return &ecs.Service{
		Cluster:      cloudformation.String("prod"),
		DesiredCount: cloudformation.Int(2),
		NetworkConfiguration: &ecs.Service_NetworkConfiguration{
			AwsvpcConfiguration: &ecs.Service_AwsVpcConfiguration{
				AssignPublicIp: cloudformation.String("DISABLED"),
				SecurityGroups: []string{"sg-0123456789abcdef0"},
			},
		},
		AWSCloudFormationDependsOn: []string{"MountTarget1"},
	}
}

// The wrapper changes Subnets and nothing else.
func TestSubnetListReplacesOnlySubnets(t *testing.T) {
	plain, err := json.Marshal(testService())
	if err != nil {
		t.Fatal(err)
	}
	wrapped, err := json.Marshal(&serviceWithSubnetList{Service: testService(), Subnets: cloudformation.Ref("SubnetIds")})
	if err != nil {
		t.Fatal(err)
	}
	var a, b map[string]any
	if err := json.Unmarshal(plain, &a); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(wrapped, &b); err != nil {
		t.Fatal(err)
	}
	vpc := at(t, b, "Properties", "NetworkConfiguration", "AwsvpcConfiguration").(map[string]any)
	if vpc["Subnets"] != cloudformation.Ref("SubnetIds") {
		t.Errorf("Subnets = %v, want the encoded Ref", vpc["Subnets"])
	}
	delete(vpc, "Subnets")
	if js(a) != js(b) {
		t.Errorf("wrapper changed more than Subnets:\nplain   %s\nwrapped %s", js(a), js(b))
	}
}

// Through a template, the encoded Ref comes out as a real Ref.
func TestSubnetListInTemplate(t *testing.T) {
	tmpl := cloudformation.NewTemplate()
	tmpl.Resources["Service"] = &serviceWithSubnetList{Service: testService(), Subnets: cloudformation.Ref("SubnetIds")}
	out, err := tmpl.JSON()
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	got := js(at(t, doc, "Resources", "Service", "Properties", "NetworkConfiguration", "AwsvpcConfiguration", "Subnets"))
	if got != `{"Ref":"SubnetIds"}` {
		t.Errorf("Subnets = %s", got)
	}
	if got := js(at(t, doc, "Resources", "Service", "DependsOn")); got != `["MountTarget1"]` {
		t.Errorf("DependsOn lost: %s", got)
	}
	if got := at(t, doc, "Resources", "Service", "Type"); got != "AWS::ECS::Service" {
		t.Errorf("Type = %v", got)
	}
}

func TestSubnetListErrors(t *testing.T) {
	noNetwork := testService()
	noNetwork.NetworkConfiguration = nil
	withList := testService()
	withList.NetworkConfiguration.AwsvpcConfiguration.Subnets = []string{"subnet-0123456789abcdef0"}
	for name, s := range map[string]*serviceWithSubnetList{
		"no service":          {Subnets: cloudformation.Ref("SubnetIds")},
		"no network":          {Service: noNetwork, Subnets: cloudformation.Ref("SubnetIds")},
		"subnets also listed": {Service: withList, Subnets: cloudformation.Ref("SubnetIds")},
	} {
		if _, err := json.Marshal(s); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestSetJSONPath(t *testing.T) {
	got, err := setJSONPath([]byte(`{"a":{"b":1,"c":{"d":2}}}`), []byte(`"x"`), "a", "c", "e")
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != `{"a":{"b":1,"c":{"d":2,"e":"x"}}}` {
		t.Errorf("got %s", got)
	}
	if _, err := setJSONPath([]byte(`{"a":{}}`), []byte(`1`), "a", "missing", "e"); err == nil || !strings.Contains(err.Error(), "missing") {
		t.Errorf("missing intermediate member: err = %v", err)
	}
	if _, err := setJSONPath([]byte(`{"a":[1]}`), []byte(`1`), "a", "b"); err == nil {
		t.Error("path through an array: no error")
	}
}
