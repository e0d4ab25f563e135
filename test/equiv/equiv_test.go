package equiv

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/efsfargate/efsfargate/internal/emitter"
)

// loadGolden reads an emitter golden template as a generic JSON value.
func loadGolden(t *testing.T, name string) Template {
	t.Helper()
	data, err := os.ReadFile("../../internal/emitter/testdata/" + name + "/template.yml")
	if err != nil {
		t.Fatal(err)
	}
	// Short-form functions (!Ref, !GetAtt) read as their long form.
	v, err := emitter.DecodeYAML(data)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(v)
	var tmpl Template
	json.Unmarshal(b, &tmpl)
	return tmpl
}

// respell rewrites a raw template the way CDK spells the same stack: hashed
// logical IDs, inline policies as AWS::IAM::Policy resources, Fn::Join ARNs,
// a Ref for security-group ids, the 2049 rule inline on the group, and a new
// VPC with subnets and a cluster in place of the network parameters.
func respell(t *testing.T, raw Template) Template {
	t.Helper()
	b, _ := json.Marshal(raw)
	s := string(b)
	res := raw["Resources"].(map[string]any)
	for id := range res {
		s = strings.ReplaceAll(s, `"`+id+`"`, `"`+id+`A1B2C3D4"`)
		s = strings.ReplaceAll(s, "${"+id+"}", "${"+id+"A1B2C3D4}")
	}
	var out Template
	json.Unmarshal([]byte(s), &out)
	res = out["Resources"].(map[string]any)
	for id, r := range res {
		m := r.(map[string]any)
		props, _ := m["Properties"].(map[string]any)
		switch m["Type"] {
		case "AWS::IAM::Role":
			for i, p := range props["Policies"].([]any) {
				res[id+"Policy"+string(rune('0'+i))] = map[string]any{"Type": "AWS::IAM::Policy", "Properties": map[string]any{
					"PolicyName": "DefaultPolicy", "PolicyDocument": p.(map[string]any)["PolicyDocument"],
					"Roles": []any{map[string]any{"Ref": id}}}}
			}
			delete(props, "Policies")
		case "AWS::EC2::SecurityGroupIngress":
			group := res[props["GroupId"].(map[string]any)["Ref"].(string)].(map[string]any)["Properties"].(map[string]any)
			rule := map[string]any{}
			for k, v := range props {
				if k != "GroupId" {
					rule[k] = v
				}
			}
			rules, _ := group["SecurityGroupIngress"].([]any)
			group["SecurityGroupIngress"] = append(rules, rule)
			delete(res, id)
		}
	}
	// CDK makes what waited for a role wait for its policies as well.
	for _, r := range res {
		m := r.(map[string]any)
		deps, _ := m["DependsOn"].([]any)
		for _, d := range deps {
			for id, p := range res {
				if p.(map[string]any)["Type"] == "AWS::IAM::Policy" && strings.HasPrefix(id, d.(string)+"Policy") {
					deps = append(deps, id)
				}
			}
		}
		if deps != nil {
			m["DependsOn"] = deps
		}
	}
	s2, _ := json.Marshal(out)
	str := string(s2)
	// Fn::Sub of the file-system ARN as CDK's Fn::Join.
	str = strings.ReplaceAll(str, `{"Fn::Sub":"arn:${AWS::Partition}:elasticfilesystem:${AWS::Region}:${AWS::AccountId}:file-system/${FileSystemA1B2C3D4}"}`,
		`{"Fn::Join":["",["arn:",{"Ref":"AWS::Partition"},":elasticfilesystem:",{"Ref":"AWS::Region"},":",{"Ref":"AWS::AccountId"},":file-system/",{"Ref":"FileSystemA1B2C3D4"}]]}`)
	// Network parameters become a new VPC, its subnets and a cluster.
	str = strings.ReplaceAll(str, `{"Ref":"VpcId"}`, `{"Ref":"Vpc8378EB38"}`)
	str = strings.ReplaceAll(str, `{"Ref":"SubnetIds"}`, `[{"Ref":"VpcPrivateSubnet1"},{"Ref":"VpcPrivateSubnet2"}]`)
	str = strings.ReplaceAll(str, `{"Ref":"ClusterArn"}`, `{"Ref":"ClusterEB0386A7"}`)
	json.Unmarshal([]byte(str), &out)
	res = out["Resources"].(map[string]any)
	// Mount targets name their subnet directly, not by Fn::Select.
	for _, r := range res {
		m := r.(map[string]any)
		if m["Type"] == "AWS::EFS::MountTarget" {
			props := m["Properties"].(map[string]any)
			sel := props["SubnetId"].(map[string]any)["Fn::Select"].([]any)
			props["SubnetId"] = sel[1].([]any)[int(sel[0].(float64))]
		}
	}
	res["Vpc8378EB38"] = map[string]any{"Type": "AWS::EC2::VPC", "Properties": map[string]any{"CidrBlock": "10.0.0.0/16"}}
	res["VpcPrivateSubnet1"] = map[string]any{"Type": "AWS::EC2::Subnet", "Properties": map[string]any{"VpcId": map[string]any{"Ref": "Vpc8378EB38"}}}
	res["VpcPrivateSubnet2"] = map[string]any{"Type": "AWS::EC2::Subnet", "Properties": map[string]any{"VpcId": map[string]any{"Ref": "Vpc8378EB38"}}}
	res["ClusterEB0386A7"] = map[string]any{"Type": "AWS::ECS::Cluster"}
	res["VpcFlowLogRole"] = map[string]any{"Type": "AWS::IAM::Role", "Properties": map[string]any{}}
	res["VpcFlowLogGroup"] = map[string]any{"Type": "AWS::Logs::LogGroup", "Properties": map[string]any{}}
	res["VpcFlowLogRolePolicy"] = map[string]any{"Type": "AWS::IAM::Policy", "Properties": map[string]any{"Roles": []any{map[string]any{"Ref": "VpcFlowLogRole"}}}}
	res["VpcFlowLog"] = map[string]any{"Type": "AWS::EC2::FlowLog", "Properties": map[string]any{
		"DeliverLogsPermissionArn": map[string]any{"Fn::GetAtt": []any{"VpcFlowLogRole", "Arn"}},
		"LogGroupName":             map[string]any{"Ref": "VpcFlowLogGroup"}}}
	res["CDKMetadata"] = map[string]any{"Type": "AWS::CDK::Metadata"}
	delete(out["Parameters"].(map[string]any), "VpcId")
	delete(out["Parameters"].(map[string]any), "SubnetIds")
	delete(out["Parameters"].(map[string]any), "ClusterArn")
	out["Parameters"].(map[string]any)["BootstrapVersion"] = map[string]any{"Type": "AWS::SSM::Parameter::Value<String>"}
	return out
}

func compareTemplates(t *testing.T, a, b Template) []string {
	t.Helper()
	ma, err := Normalize(a)
	if err != nil {
		t.Fatal(err)
	}
	mb, err := Normalize(b)
	if err != nil {
		t.Fatal(err)
	}
	return Compare(ma, mb, "raw", "cdk")
}

// paramsOnly drops the parameter comparison: the respelled form replaces the
// network parameters with a VPC, as the CDK stack does for such a spec.
func withoutParameterDiffs(diffs []string) []string {
	var out []string
	for _, d := range diffs {
		if !strings.HasPrefix(d, "Parameter ") {
			out = append(out, d)
		}
	}
	return out
}

func TestSpellingsAreEquivalent(t *testing.T) {
	for _, golden := range []string{"nanokit-mongo", "shared-fs", "read-only"} {
		raw := loadGolden(t, golden)
		if diffs := withoutParameterDiffs(compareTemplates(t, raw, respell(t, raw))); len(diffs) > 0 {
			t.Errorf("%s: respelled template differs:\n%s", golden, Report(diffs))
		}
	}
}

// Breaking one side must be found and named.
func TestComparerFindsBreakage(t *testing.T) {
	cases := []struct {
		name   string
		break_ func(res map[string]any)
		want   string
	}{
		{"drop ClientWrite", func(res map[string]any) {
			doc := res["DatabaseTaskRoleA1B2C3D4Policy0"].(map[string]any)["Properties"].(map[string]any)["PolicyDocument"].(map[string]any)
			stmt := doc["Statement"].([]any)[0].(map[string]any)
			stmt["Action"] = []any{"elasticfilesystem:ClientMount"}
		}, `TaskRole database: Statements[0].Action: raw has ["elasticfilesystem:ClientMount","elasticfilesystem:ClientWrite"], cdk has ["elasticfilesystem:ClientMount"]`},
		{"read-only flipped", func(res map[string]any) {
			td := res["DatabaseTaskDefinitionA1B2C3D4"].(map[string]any)["Properties"].(map[string]any)
			mp := td["ContainerDefinitions"].([]any)[0].(map[string]any)["MountPoints"].([]any)[0].(map[string]any)
			mp["ReadOnly"] = true
		}, `TaskDefinition database: ContainerDefinitions[0].MountPoints[0].ReadOnly: raw has "false", cdk has "true"`},
		{"transit encryption off", func(res map[string]any) {
			td := res["DatabaseTaskDefinitionA1B2C3D4"].(map[string]any)["Properties"].(map[string]any)
			td["Volumes"].([]any)[0].(map[string]any)["EFSVolumeConfiguration"].(map[string]any)["TransitEncryption"] = "DISABLED"
		}, `TaskDefinition database: Volumes[0].EFSVolumeConfiguration.TransitEncryption: raw has "ENABLED", cdk has "DISABLED"`},
		{"second mount target dropped", func(res map[string]any) {
			delete(res, "MountTarget2A1B2C3D4")
			dropDependency(res, "DatabaseServiceA1B2C3D4", "MountTarget2A1B2C3D4")
		}, `MountTarget ${ref:FileSystem} in ${subnet[1]}: only in raw`},
		{"service no longer waits for a mount target", func(res map[string]any) {
			dropDependency(res, "DatabaseServiceA1B2C3D4", "MountTarget2A1B2C3D4")
		}, `Service database: @DependsOn MountTarget ${ref:FileSystem} in ${subnet[1]}: raw has it, cdk has nothing`},
		{"service no longer waits for the task role's policy", func(res map[string]any) {
			dropDependency(res, "DatabaseServiceA1B2C3D4", "DatabaseTaskRoleA1B2C3D4Policy0")
		}, `Service database: @DependsOn TaskRole database policy: raw has it, cdk has nothing`},
		{"access point waits for a mount target", func(res map[string]any) {
			res["DataStoreAccessPointA1B2C3D4"].(map[string]any)["DependsOn"] = "MountTarget1A1B2C3D4"
		}, `AccessPoint /data-store: @DependsOn MountTarget ${ref:FileSystem} in ${subnet[0]}: raw has nothing, cdk has it`},
		{"file system deleted with the stack", func(res map[string]any) {
			res["FileSystemA1B2C3D4"].(map[string]any)["DeletionPolicy"] = "Delete"
		}, `FileSystem: @DeletionPolicy: raw has "Retain", cdk has "Delete"`},
		{"log group replaced on update", func(res map[string]any) {
			res["DatabaseLogGroupA1B2C3D4"].(map[string]any)["UpdateReplacePolicy"] = "Delete"
		}, `LogGroup database: @UpdateReplacePolicy: raw has "Retain", cdk has "Delete"`},
		{"service made conditional", func(res map[string]any) {
			res["DatabaseServiceA1B2C3D4"].(map[string]any)["Condition"] = "IsProd"
		}, `Service database: @Condition: raw has nothing, cdk has "${unknown condition:IsProd}"`},
		{"open ingress added", func(res map[string]any) {
			sg := res["FileSystemSecurityGroupA1B2C3D4"].(map[string]any)["Properties"].(map[string]any)
			sg["SecurityGroupIngress"] = append(sg["SecurityGroupIngress"].([]any), map[string]any{"CidrIp": "0.0.0.0/0", "IpProtocol": "tcp", "FromPort": 2049.0, "ToPort": 2049.0})
		}, `Ingress to ${sg:FileSystemSecurityGroup} from 0.0.0.0/0 tcp 2049-2049: only in cdk`},
		{"platform version", func(res map[string]any) {
			res["DatabaseServiceA1B2C3D4"].(map[string]any)["Properties"].(map[string]any)["PlatformVersion"] = "1.3.0"
		}, `Service database: PlatformVersion: raw has "LATEST", cdk has "1.3.0"`},
		{"retain dropped", func(res map[string]any) {
			delete(res["FileSystemA1B2C3D4"].(map[string]any), "UpdateReplacePolicy")
		}, `FileSystem: @UpdateReplacePolicy: raw has "Retain", cdk has nothing`},
		{"log retention", func(res map[string]any) {
			res["DatabaseLogGroupA1B2C3D4"].(map[string]any)["Properties"].(map[string]any)["RetentionInDays"] = 7.0
		}, `LogGroup database: RetentionInDays: raw has "30", cdk has "7"`},
		{"access point condition", func(res map[string]any) {
			doc := res["DatabaseTaskRoleA1B2C3D4Policy0"].(map[string]any)["Properties"].(map[string]any)["PolicyDocument"].(map[string]any)
			delete(doc["Statement"].([]any)[0].(map[string]any), "Condition")
		}, `TaskRole database: Statements[0].Condition: raw has {"StringEquals":{"elasticfilesystem:AccessPointArn":["arn:${AWS::Partition}:elasticfilesystem:${AWS::Region}:${AWS::AccountId}:access-point/${ref:AccessPoint /data-store}"]}}, cdk has nothing`},
	}
	raw := loadGolden(t, "nanokit-mongo")
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cdk := respell(t, raw)
			c.break_(cdk["Resources"].(map[string]any))
			diffs := withoutParameterDiffs(compareTemplates(t, raw, cdk))
			if len(diffs) != 1 || diffs[0] != c.want {
				t.Errorf("want exactly\n  %s\ngot\n%s", c.want, Report(diffs))
			}
		})
	}
}

func dropDependency(res map[string]any, from, to string) {
	r := res[from].(map[string]any)
	var kept []any
	for _, d := range r["DependsOn"].([]any) {
		if d != to {
			kept = append(kept, d)
		}
	}
	r["DependsOn"] = kept
}

// What a resource waits for compares alike however it is said: DependsOn
// in any order, as a single string, or through a reference.
func TestDependencySpellings(t *testing.T) {
	raw := loadGolden(t, "nanokit-mongo")
	cdk := respell(t, raw)
	res := cdk["Resources"].(map[string]any)
	svc := res["DatabaseServiceA1B2C3D4"].(map[string]any)
	deps := svc["DependsOn"].([]any)
	for i, j := 0, len(deps)-1; i < j; i, j = i+1, j-1 {
		deps[i], deps[j] = deps[j], deps[i]
	}
	// Waiting explicitly for what it refers to anyway changes nothing.
	svc["DependsOn"] = append(deps, "DatabaseTaskDefinitionA1B2C3D4", deps[0])
	res["DataStoreAccessPointA1B2C3D4"].(map[string]any)["DependsOn"] = "FileSystemA1B2C3D4"
	if diffs := withoutParameterDiffs(compareTemplates(t, raw, cdk)); len(diffs) > 0 {
		t.Errorf("same dependencies, other spelling:\n%s", Report(diffs))
	}
}

// A condition compares by what it tests, not by its name.
func TestConditionsCompareByDefinition(t *testing.T) {
	raw := loadGolden(t, "nanokit-mongo")
	cond := func(tmpl Template, name, stage string) {
		tmpl["Conditions"] = map[string]any{name: map[string]any{"Fn::Equals": []any{map[string]any{"Ref": "AWS::Region"}, stage}}}
		for id, r := range tmpl["Resources"].(map[string]any) {
			if strings.HasPrefix(id, "DatabaseService") {
				r.(map[string]any)["Condition"] = name
			}
		}
	}
	cond(raw, "InHome", "eu-west-1")
	same := respell(t, raw)
	cond(same, "HomeRegion8F2A", "eu-west-1")
	if diffs := withoutParameterDiffs(compareTemplates(t, raw, same)); len(diffs) > 0 {
		t.Errorf("same condition, other name:\n%s", Report(diffs))
	}
	other := respell(t, raw)
	cond(other, "InHome", "us-east-1")
	want := `Service database: @Condition.Fn::Equals[1]: raw has "eu-west-1", cdk has "us-east-1"`
	if diffs := withoutParameterDiffs(compareTemplates(t, raw, other)); len(diffs) != 1 || diffs[0] != want {
		t.Errorf("want exactly\n  %s\ngot\n%s", want, Report(diffs))
	}
}

// Resources that only one side has and that are not scaffolding are named.
func TestUnmatchedResourcesReported(t *testing.T) {
	raw := loadGolden(t, "nanokit-mongo")
	cdk := respell(t, raw)
	cdk["Resources"].(map[string]any)["Extra"] = map[string]any{"Type": "AWS::SNS::Topic"}
	diffs := withoutParameterDiffs(compareTemplates(t, raw, cdk))
	if len(diffs) != 1 || diffs[0] != "Unmatched AWS::SNS::Topic Extra: only in cdk" {
		t.Errorf("got\n%s", Report(diffs))
	}
}
