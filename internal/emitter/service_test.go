package emitter

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/efsfargate/efsfargate/internal/spec"
)

func TestServiceProperties(t *testing.T) {
	p := project()
	p.Services[0].DesiredCount = 3
	p.Services[0].PlatformVersion = "1.4.0"
	p.Network.AssignPublicIP = true
	doc := render(t, p)
	props := at(t, doc, "Resources", "WebService", "Properties").(map[string]any)
	for key, want := range map[string]string{
		"Cluster":         `{"Ref":"ClusterArn"}`,
		"TaskDefinition":  `{"Ref":"WebTaskDefinition"}`,
		"DesiredCount":    `3`,
		"LaunchType":      `"FARGATE"`,
		"PlatformVersion": `"1.4.0"`,
		"NetworkConfiguration": `{"AwsvpcConfiguration":{"AssignPublicIp":"ENABLED",` +
			`"SecurityGroups":[{"Fn::GetAtt":["WebTaskSecurityGroup","GroupId"]}],"Subnets":{"Ref":"SubnetIds"}}}`,
		"DeploymentConfiguration": `{"DeploymentCircuitBreaker":{"Enable":true,"Rollback":true},"MaximumPercent":200,"MinimumHealthyPercent":100}`,
	} {
		if got := js(props[key]); got != want {
			t.Errorf("%s = %s, want %s", key, got, want)
		}
	}
	if got := js(at(t, doc, "Resources", "WebService", "DependsOn")); got != `["MountTarget1","MountTarget2","WebTaskRole"]` {
		t.Errorf("DependsOn = %s", got)
	}
}

// The subnet list parameter reaches the service as one Ref in both formats.
func TestServiceSubnetsRefInYAML(t *testing.T) {
	out, err := Render(project(), "yaml")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := DecodeYAML(out)
	if err != nil {
		t.Fatal(err)
	}
	got := js(at(t, doc, "Resources", "WebService", "Properties", "NetworkConfiguration", "AwsvpcConfiguration", "Subnets"))
	if got != `{"Ref":"SubnetIds"}` {
		t.Errorf("subnets = %s", got)
	}
}

func TestClusterForms(t *testing.T) {
	for _, tc := range []struct {
		cluster   spec.Value
		want      string
		wantParam bool
	}{
		{spec.Value{Parameter: "ClusterArn"}, `{"Ref":"ClusterArn"}`, true},
		{spec.Value{}, `{"Ref":"ClusterArn"}`, true},
		{spec.Value{Literal: "prod"}, `"prod"`, false},
		{spec.Value{Import: "platform-cluster-arn"}, `{"Fn::ImportValue":"platform-cluster-arn"}`, false},
	} {
		p := project()
		p.Cluster = tc.cluster
		doc := render(t, p)
		if got := js(at(t, doc, "Resources", "WebService", "Properties", "Cluster")); got != tc.want {
			t.Errorf("cluster %+v = %s, want %s", tc.cluster, got, tc.want)
		}
		if has(doc, "Parameters", "ClusterArn") != tc.wantParam {
			t.Errorf("cluster %+v: ClusterArn parameter present = %v", tc.cluster, !tc.wantParam)
		}
	}
}

func TestTaskDefinition(t *testing.T) {
	p := project()
	s := &p.Services[0]
	s.CPU, s.Memory, s.Port = 1024, 4096, 8080
	s.ContainerName, s.Family = "app", "custom-family"
	s.Environment = []spec.EnvVar{{Name: "A", Value: "1"}, {Name: "B", Value: "two"}}
	s.Command = []string{"serve", "--port", "8080"}
	s.HealthCheck = &spec.HealthCheck{Command: []string{"CMD", "true"}, Interval: 10, Retries: 2}
	doc := render(t, p)
	props := at(t, doc, "Resources", "WebTaskDefinition", "Properties").(map[string]any)
	for key, want := range map[string]string{
		"Family":                  `"custom-family"`,
		"Cpu":                     `"1024"`,
		"Memory":                  `"4096"`,
		"NetworkMode":             `"awsvpc"`,
		"RequiresCompatibilities": `["FARGATE"]`,
		"ExecutionRoleArn":        `{"Fn::GetAtt":["WebExecutionRole","Arn"]}`,
		"TaskRoleArn":             `{"Fn::GetAtt":["WebTaskRole","Arn"]}`,
		"Volumes": `[{"EFSVolumeConfiguration":{"AuthorizationConfig":{"AccessPointId":{"Ref":"DataAccessPoint"},"IAM":"ENABLED"},` +
			`"FilesystemId":{"Ref":"FileSystem"},"TransitEncryption":"ENABLED"},"Name":"data"}]`,
	} {
		if got := js(props[key]); got != want {
			t.Errorf("%s = %s, want %s", key, got, want)
		}
	}
	c := at(t, props, "ContainerDefinitions", 0).(map[string]any)
	for key, want := range map[string]string{
		"Name":         `"app"`,
		"Image":        `"nginx:latest"`,
		"Essential":    `true`,
		"PortMappings": `[{"ContainerPort":8080,"Protocol":"tcp"}]`,
		"MountPoints":  `[{"ContainerPath":"/data","ReadOnly":false,"SourceVolume":"data"}]`,
		"Environment":  `[{"Name":"A","Value":"1"},{"Name":"B","Value":"two"}]`,
		"Command":      `["serve","--port","8080"]`,
		// Zero timeout and start period are left to ECS's defaults.
		"HealthCheck": `{"Command":["CMD","true"],"Interval":10,"Retries":2}`,
		"LogConfiguration": `{"LogDriver":"awslogs","Options":{"awslogs-group":{"Ref":"WebLogGroup"},` +
			`"awslogs-region":{"Ref":"AWS::Region"},"awslogs-stream-prefix":"web"}}`,
	} {
		if got := js(c[key]); got != want {
			t.Errorf("container %s = %s, want %s", key, got, want)
		}
	}
}

func TestContainerWithoutPortHasNoPortMappings(t *testing.T) {
	doc := render(t, project())
	c := at(t, doc, "Resources", "WebTaskDefinition", "Properties", "ContainerDefinitions", 0).(map[string]any)
	for _, key := range []string{"PortMappings", "Environment", "Command", "HealthCheck"} {
		if _, ok := c[key]; ok {
			t.Errorf("%s set without being asked for: %s", key, js(c[key]))
		}
	}
}

// checkNoOpenIngress fails on any way into the template's security groups
// other than NFS from a task security group.
func checkNoOpenIngress(t *testing.T, name string, doc map[string]any) {
	t.Helper()
	for _, id := range resourcesOfType(t, doc, "AWS::EC2::SecurityGroup") {
		if has(doc, "Resources", id, "Properties", "SecurityGroupIngress") {
			t.Errorf("%s: %s has inline ingress", name, id)
		}
	}
	rules := resourcesOfType(t, doc, "AWS::EC2::SecurityGroupIngress")
	if len(rules) == 0 {
		t.Errorf("%s: no NFS ingress rule", name)
	}
	for _, id := range rules {
		props := at(t, doc, "Resources", id, "Properties").(map[string]any)
		for _, open := range []string{"CidrIp", "CidrIpv6", "SourcePrefixListId"} {
			if v, ok := props[open]; ok {
				t.Errorf("%s: %s allows %s %v", name, id, open, v)
			}
		}
		src := js(props["SourceSecurityGroupId"])
		if !strings.HasPrefix(src, `{"Fn::GetAtt":["`) || !strings.HasSuffix(src, `TaskSecurityGroup","GroupId"]}`) {
			t.Errorf("%s: %s source = %s, want a task security group", name, id, src)
		}
		if js(props["IpProtocol"]) != `"tcp"` || js(props["FromPort"]) != "2049" || js(props["ToPort"]) != "2049" {
			t.Errorf("%s: %s is not TCP 2049: %s", name, id, js(props))
		}
	}
}

func TestNoOpenIngress(t *testing.T) {
	p := project()
	p.Services = append(p.Services, service("api", spec.Mount{Volume: "data", Path: "/data"}))
	p.Services[1].Port = 443
	p.Network.AssignPublicIP = true
	checkNoOpenIngress(t, "hand-built", render(t, p))

	for _, dir := range goldenCases(t) {
		p, err := spec.Load(filepath.Join(dir, "spec.yml"))
		if err != nil {
			t.Fatal(err)
		}
		checkNoOpenIngress(t, dir, render(t, p))
	}
}

func TestEFSIngressRulePerService(t *testing.T) {
	p := project()
	p.Services = append(p.Services, service("api", spec.Mount{Volume: "data", Path: "/data", ReadOnly: true}))
	doc := render(t, p)
	for prefix, name := range map[string]string{"Web": "web", "Api": "api"} {
		got := js(at(t, doc, "Resources", prefix+"EFSIngressRule", "Properties"))
		want := `{"Description":"NFS from ` + name + ` tasks","FromPort":2049,"GroupId":{"Ref":"FileSystemSecurityGroup"},"IpProtocol":"tcp",` +
			`"SourceSecurityGroupId":{"Fn::GetAtt":["` + prefix + `TaskSecurityGroup","GroupId"]},"ToPort":2049}`
		if got != want {
			t.Errorf("%sEFSIngressRule = %s\nwant %s", prefix, got, want)
		}
		egress := js(at(t, doc, "Resources", prefix+"TaskSecurityGroup", "Properties", "SecurityGroupEgress"))
		if egress != `[{"CidrIp":"0.0.0.0/0","Description":"Allow all outbound traffic by default","IpProtocol":"-1"}]` {
			t.Errorf("%sTaskSecurityGroup egress = %s", prefix, egress)
		}
	}
}
