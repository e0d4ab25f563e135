package emitter

import (
	"strings"
	"testing"

	"github.com/efsfargate/efsfargate/internal/spec"
)

// efsStatementsOf returns the EFS statements of a service's task role.
func efsStatementsOf(t *testing.T, doc map[string]any, prefix string) []any {
	t.Helper()
	return at(t, doc, "Resources", prefix+"TaskRole", "Properties", "Policies", 0, "PolicyDocument", "Statement").([]any)
}

func TestReadOnlyMountGetsNoClientWrite(t *testing.T) {
	p := project()
	p.Services = append(p.Services, service("reader", spec.Mount{Volume: "data", Path: "/data", ReadOnly: true}))
	doc := render(t, p)

	reader := efsStatementsOf(t, doc, "Reader")
	if len(reader) != 1 {
		t.Fatalf("reader statements = %s", js(reader))
	}
	if got := js(at(t, reader[0], "Action")); got != `["elasticfilesystem:ClientMount"]` {
		t.Errorf("read-only mount actions = %s, want ClientMount only", got)
	}
	web := efsStatementsOf(t, doc, "Web")
	if got := js(at(t, web[0], "Action")); got != `["elasticfilesystem:ClientMount","elasticfilesystem:ClientWrite"]` {
		t.Errorf("read-write mount actions = %s", got)
	}
	for _, st := range [][]any{reader, web} {
		if got := js(at(t, st[0], "Condition")); got != `{"StringEquals":{"elasticfilesystem:AccessPointArn":{"Fn::GetAtt":["DataAccessPoint","Arn"]}}}` {
			t.Errorf("condition = %s, want the data access point's ARN", got)
		}
		if got := js(at(t, st[0], "Resource")); got != `{"Fn::Sub":"arn:${AWS::Partition}:elasticfilesystem:${AWS::Region}:${AWS::AccountId}:file-system/${FileSystem}"}` {
			t.Errorf("resource = %s, want the file system ARN from its id", got)
		}
	}
}

func TestStatementsGroupedByActionSet(t *testing.T) {
	p := project()
	p.Volumes = []spec.Volume{volume("data"), volume("logs"), volume("config"), volume("admin")}
	p.Services = []spec.Service{service("app",
		spec.Mount{Volume: "data", Path: "/data"},
		spec.Mount{Volume: "config", Path: "/config", ReadOnly: true},
		spec.Mount{Volume: "logs", Path: "/logs"},
		// The same volume read-only and read-write: write wins.
		spec.Mount{Volume: "admin", Path: "/admin-ro", ReadOnly: true},
		spec.Mount{Volume: "admin", Path: "/admin", RootAccess: true},
	)}
	doc := render(t, p)
	st := efsStatementsOf(t, doc, "App")
	var got []string
	for _, s := range st {
		got = append(got, js(at(t, s, "Action"))+" "+js(at(t, s, "Condition", "StringEquals", "elasticfilesystem:AccessPointArn")))
	}
	want := []string{
		`["elasticfilesystem:ClientMount","elasticfilesystem:ClientWrite"] [{"Fn::GetAtt":["DataAccessPoint","Arn"]},{"Fn::GetAtt":["LogsAccessPoint","Arn"]}]`,
		`["elasticfilesystem:ClientMount"] {"Fn::GetAtt":["ConfigAccessPoint","Arn"]}`,
		`["elasticfilesystem:ClientMount","elasticfilesystem:ClientRootAccess","elasticfilesystem:ClientWrite"] {"Fn::GetAtt":["AdminAccessPoint","Arn"]}`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("statements:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// One task definition volume per distinct volume, even mounted twice.
	vols := at(t, doc, "Resources", "AppTaskDefinition", "Properties", "Volumes").([]any)
	if len(vols) != 4 {
		t.Errorf("task definition volumes = %s, want 4", js(vols))
	}
	mps := at(t, doc, "Resources", "AppTaskDefinition", "Properties", "ContainerDefinitions", 0, "MountPoints").([]any)
	if len(mps) != 5 {
		t.Errorf("mount points = %s, want 5", js(mps))
	}
}

func TestServiceWithoutMountsHasNoEFSPolicy(t *testing.T) {
	p := project()
	p.Services = append(p.Services, service("proxy"))
	doc := render(t, p)
	if has(doc, "Resources", "ProxyTaskRole", "Properties", "Policies") {
		t.Errorf("proxy task role has policies: %s", js(at(t, doc, "Resources", "ProxyTaskRole")))
	}
	if has(doc, "Resources", "ProxyTaskDefinition", "Properties", "Volumes") {
		t.Error("proxy task definition has volumes")
	}
}

func TestExecutionRoleWritesOnlyItsLogs(t *testing.T) {
	doc := render(t, project())
	role := at(t, doc, "Resources", "WebExecutionRole", "Properties").(map[string]any)
	if _, ok := role["ManagedPolicyArns"]; ok {
		t.Error("execution role has managed policies")
	}
	st := at(t, role, "Policies", 0, "PolicyDocument", "Statement").([]any)
	if len(st) != 1 {
		t.Fatalf("statements = %s", js(st))
	}
	if got := js(at(t, st[0], "Action")); got != `["logs:CreateLogStream","logs:PutLogEvents"]` {
		t.Errorf("actions = %s", got)
	}
	if got := js(at(t, st[0], "Resource")); got != `{"Fn::GetAtt":["WebLogGroup","Arn"]}` {
		t.Errorf("resource = %s", got)
	}
	for _, r := range []string{"WebExecutionRole", "WebTaskRole"} {
		trust := js(at(t, doc, "Resources", r, "Properties", "AssumeRolePolicyDocument"))
		want := `{"Statement":[{"Action":"sts:AssumeRole","Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"}}],"Version":"2012-10-17"}`
		if trust != want {
			t.Errorf("%s trust = %s", r, trust)
		}
	}
}

func TestExistingAccessPoint(t *testing.T) {
	p := project()
	p.FileSystem = spec.FileSystem{ID: spec.Value{Literal: "fs-0abc123def4567890"}, SecurityGroup: spec.Value{Literal: "sg-0123456789abcdef0"}}
	p.Volumes[0] = spec.Volume{Name: "data", ExistingAccessPointID: "fsap-0123456789abcdef0"}
	doc := render(t, p)
	if aps := resourcesOfType(t, doc, "AWS::EFS::AccessPoint"); len(aps) != 0 {
		t.Errorf("access points created: %v", aps)
	}
	if has(doc, "Outputs", "DataAccessPointId") {
		t.Error("output for an access point that was not created")
	}
	cond := js(at(t, efsStatementsOf(t, doc, "Web")[0], "Condition", "StringEquals", "elasticfilesystem:AccessPointArn"))
	if cond != `{"Fn::Sub":"arn:${AWS::Partition}:elasticfilesystem:${AWS::Region}:${AWS::AccountId}:access-point/fsap-0123456789abcdef0"}` {
		t.Errorf("condition = %s", cond)
	}
	ap := at(t, doc, "Resources", "WebTaskDefinition", "Properties", "Volumes", 0, "EFSVolumeConfiguration", "AuthorizationConfig", "AccessPointId")
	if ap != "fsap-0123456789abcdef0" {
		t.Errorf("volume access point = %v", ap)
	}
}
