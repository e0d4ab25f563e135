package doctor

import (
	"bytes"
	"fmt"
	"testing"
	"time"
)

// bigTemplate writes a JSON template of n resources (a multiple of 10):
// groups of a file system, mount target, security group, ingress rule,
// access point, role, policy, task definition, service and log group that
// refer to each other, so every cross-resource pass has work to do.
func bigTemplate(n int) []byte {
	var b bytes.Buffer
	b.WriteString(`{"AWSTemplateFormatVersion":"2010-09-09","Parameters":{"Subnets":{"Type":"List<AWS::EC2::Subnet::Id>"}},"Resources":{`)
	for g := 0; g < n/10; g++ {
		if g > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `"F%[1]d":{"Type":"AWS::EFS::FileSystem"},"M%[1]d":{"Type":"AWS::EFS::MountTarget","Properties":{"FileSystemId":{"Ref":"F%[1]d"},"SubnetId":{"Fn::Select":[0,{"Ref":"Subnets"}]},"SecurityGroups":[{"Ref":"G%[1]d"}]}},"G%[1]d":{"Type":"AWS::EC2::SecurityGroup"},"I%[1]d":{"Type":"AWS::EC2::SecurityGroupIngress","Properties":{"GroupId":{"Ref":"G%[1]d"},"IpProtocol":"tcp","FromPort":2049,"ToPort":2049,"SourceSecurityGroupId":{"Ref":"G%[1]d"}}},"A%[1]d":{"Type":"AWS::EFS::AccessPoint","Properties":{"FileSystemId":{"Ref":"F%[1]d"},"PosixUser":{"Uid":"1000","Gid":"1000"}}},"R%[1]d":{"Type":"AWS::IAM::Role","Properties":{"AssumeRolePolicyDocument":{}}},"P%[1]d":{"Type":"AWS::IAM::Policy","Properties":{"Roles":[{"Ref":"R%[1]d"}],"PolicyDocument":{"Statement":[{"Effect":"Allow","Action":["elasticfilesystem:ClientMount","elasticfilesystem:ClientWrite"],"Resource":{"Fn::GetAtt":["F%[1]d","Arn"]}}]}}},"T%[1]d":{"Type":"AWS::ECS::TaskDefinition","Properties":{"Cpu":"256","Memory":"512","RequiresCompatibilities":["FARGATE"],"TaskRoleArn":{"Fn::GetAtt":["R%[1]d","Arn"]},"Volumes":[{"Name":"v","EFSVolumeConfiguration":{"FilesystemId":{"Ref":"F%[1]d"},"TransitEncryption":"ENABLED","AuthorizationConfig":{"AccessPointId":{"Ref":"A%[1]d"},"IAM":"ENABLED"}}}],"ContainerDefinitions":[{"Name":"c","Image":"nginx","MountPoints":[{"SourceVolume":"v","ContainerPath":"/d"}]}]}},"S%[1]d":{"Type":"AWS::ECS::Service","Properties":{"TaskDefinition":{"Ref":"T%[1]d"},"LaunchType":"FARGATE","DesiredCount":1,"NetworkConfiguration":{"AwsvpcConfiguration":{"Subnets":[{"Fn::Select":[0,{"Ref":"Subnets"}]}],"SecurityGroups":[{"Ref":"G%[1]d"}]}}}},"L%[1]d":{"Type":"AWS::Logs::LogGroup"}`, g)
	}
	b.WriteString("}}\n")
	return b.Bytes()
}

// BenchmarkDoctor100k loads and checks a 100,000-resource JSON template.
func BenchmarkDoctor100k(b *testing.B) {
	data := bigTemplate(100000)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		src, err := LoadBytes("big.json", data)
		if err != nil {
			b.Fatal(err)
		}
		Analyze([]*Source{src})
	}
}

// TestBigTemplateLinear checks that 10x the resources costs about 10x the
// time, not 100x: every pass over resources must stay linear.
func TestBigTemplateLinear(t *testing.T) {
	if testing.Short() {
		t.Skip("skipped in -short mode: times two template sizes")
	}
	run := func(n int) (int, float64) {
		data := bigTemplate(n)
		best := time.Duration(1 << 62)
		for range 3 { // the fastest of three: other processes add noise
			start := time.Now()
			src, err := LoadBytes("big.json", data)
			if err != nil {
				t.Fatal(err)
			}
			Analyze([]*Source{src})
			best = min(best, time.Since(start))
		}
		return len(data), float64(best)
	}
	_, small := run(1000)
	size, big := run(10000)
	if size > MaxInputBytes {
		t.Fatalf("generated template of %d bytes is past the input cap", size)
	}
	if ratio := big / small; ratio > 40 {
		t.Errorf("10x the resources took %.1fx the time: some pass is not linear", ratio)
	}
}

func BenchmarkDoctor10k(b *testing.B) {
	data := bigTemplate(10000)
	for b.Loop() {
		src, err := LoadBytes("big.json", data)
		if err != nil {
			b.Fatal(err)
		}
		Analyze([]*Source{src})
	}
}
