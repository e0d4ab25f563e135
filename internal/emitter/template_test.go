package emitter

import (
	"strings"
	"testing"

	"github.com/efsfargate/efsfargate/internal/spec"
)

func TestDefaultParameters(t *testing.T) {
	doc := render(t, project())
	params := at(t, doc, "Parameters").(map[string]any)
	if got := js(keys(params)); got != `["ClusterArn","SubnetIds","VpcId"]` {
		t.Errorf("parameters = %s", got)
	}
	for name, typ := range map[string]string{"ClusterArn": "String", "SubnetIds": "List<AWS::EC2::Subnet::Id>", "VpcId": "AWS::EC2::VPC::Id"} {
		if got := at(t, params, name, "Type"); got != typ {
			t.Errorf("%s type = %v, want %s", name, got, typ)
		}
		if d, _ := at(t, params, name, "Description").(string); d == "" {
			t.Errorf("%s has no description", name)
		}
	}
}

func TestParameterUsedAsTwoTypesIsAnError(t *testing.T) {
	p := project()
	p.FileSystem = spec.FileSystem{ID: spec.Value{Parameter: "Shared"}, SecurityGroup: spec.Value{Parameter: "Shared"}}
	if _, err := Template(p); err == nil || !strings.Contains(err.Error(), "Shared") {
		t.Errorf("err = %v, want a conflict on parameter Shared", err)
	}
}

func TestExistingSecurityGroupParameter(t *testing.T) {
	p := project()
	p.FileSystem = spec.FileSystem{ID: spec.Value{Literal: "fs-0abc123def4567890"}, SecurityGroup: spec.Value{Parameter: "EfsGroup"}}
	doc := render(t, p)
	if got := at(t, doc, "Parameters", "EfsGroup", "Type"); got != "AWS::EC2::SecurityGroup::Id" {
		t.Errorf("EfsGroup type = %v", got)
	}
	if got := js(at(t, doc, "Resources", "WebEFSIngressRule", "Properties", "GroupId")); got != `{"Ref":"EfsGroup"}` {
		t.Errorf("ingress group = %s", got)
	}
}

func TestOutputsAndExports(t *testing.T) {
	p := project()
	p.Services = append(p.Services, service("api"))
	p.Services[0].IDPrefix = ""
	doc := render(t, p)
	outputs := at(t, doc, "Outputs").(map[string]any)
	want := map[string]string{
		"FileSystemId":              `{"Ref":"FileSystem"}`,
		"FileSystemSecurityGroupId": `{"Fn::GetAtt":["FileSystemSecurityGroup","GroupId"]}`,
		"DataAccessPointId":         `{"Ref":"DataAccessPoint"}`,
		"TaskSecurityGroupId":       `{"Fn::GetAtt":["TaskSecurityGroup","GroupId"]}`,
		"ServiceName":               `{"Fn::GetAtt":["Service","Name"]}`,
		"ApiTaskSecurityGroupId":    `{"Fn::GetAtt":["ApiTaskSecurityGroup","GroupId"]}`,
		"ApiServiceName":            `{"Fn::GetAtt":["ApiService","Name"]}`,
	}
	if len(outputs) != len(want) {
		t.Errorf("outputs = %v, want %d", keys(outputs), len(want))
	}
	for name, value := range want {
		if got := js(at(t, outputs, name, "Value")); got != value {
			t.Errorf("%s = %s, want %s", name, got, value)
		}
		if got := at(t, outputs, name, "Export", "Name"); got != "shop-dev-"+name {
			t.Errorf("%s export = %v", name, got)
		}
	}
}

func TestDescriptionNamesAppAndStage(t *testing.T) {
	d := at(t, render(t, project()), "Description").(string)
	if !strings.Contains(d, "shop") || !strings.Contains(d, "dev") {
		t.Errorf("description %q does not name app and stage", d)
	}
}

func TestTemplateErrors(t *testing.T) {
	for name, tc := range map[string]struct {
		change func(*spec.Project)
		want   string
	}{
		"no services": {func(p *spec.Project) { p.Services = nil }, "no services"},
		"unknown volume": {func(p *spec.Project) {
			p.Services[0].Mounts = []spec.Mount{{Volume: "nope", Path: "/x"}}
		}, `"nope"`},
		"logical ID clash": {func(p *spec.Project) {
			p.Volumes = append(p.Volumes, volume("Data"))
		}, "DataAccessPoint"},
		"service prefix clash": {func(p *spec.Project) {
			p.Services = append(p.Services, service("web"))
		}, "WebTaskSecurityGroup"},
		"existing file system without group": {func(p *spec.Project) {
			p.FileSystem = spec.FileSystem{ID: spec.Value{Literal: "fs-0abc123def4567890"}}
		}, "security_group"},
		"no retention": {func(p *spec.Project) { p.LogRetentionDays = 0 }, "retention"},
		"no image":     {func(p *spec.Project) { p.Services[0].Image = "" }, "image"},
		"literal subnets without mount target subnets": {func(p *spec.Project) {
			p.Network = spec.Network{VPC: spec.Value{Literal: "vpc-0123456789abcdef0"}, Subnets: []spec.Subnet{{}}}
		}, "subnet"},
		"unnamable volume": {func(p *spec.Project) {
			p.Volumes = []spec.Volume{volume("--")}
			p.Services[0].Mounts = []spec.Mount{{Volume: "--", Path: "/x"}}
		}, `"--"`},
	} {
		p := project()
		tc.change(p)
		_, err := Template(p)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want one mentioning %s", name, err, tc.want)
		}
	}
	if _, err := Template(nil); err == nil {
		t.Error("nil project: no error")
	}
}
