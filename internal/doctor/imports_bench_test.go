package doctor

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// splitSet generates a base stack and n service stacks in the split
// layout: the base exports the file system, its group, the subnets and
// one access point per service; every service imports them, adds its 2049
// rule to the base's group and scopes its role to its access point.
func splitSet(n int) [][2]string {
	var base strings.Builder
	base.WriteString(`Parameters:
  SubnetIds:
    Type: List<AWS::EC2::Subnet::Id>
Resources:
  FileSystem:
    Type: AWS::EFS::FileSystem
    DeletionPolicy: Retain
    UpdateReplacePolicy: Retain
    Properties: {Encrypted: true, BackupPolicy: {Status: ENABLED}}
  FileSystemSecurityGroup:
    Type: AWS::EC2::SecurityGroup
    Properties: {GroupDescription: efs}
  MountTarget1:
    Type: AWS::EFS::MountTarget
    Properties: {FileSystemId: !Ref FileSystem, SecurityGroups: [!Ref FileSystemSecurityGroup], SubnetId: !Select [0, !Ref SubnetIds]}
  MountTarget2:
    Type: AWS::EFS::MountTarget
    Properties: {FileSystemId: !Ref FileSystem, SecurityGroups: [!Ref FileSystemSecurityGroup], SubnetId: !Select [1, !Ref SubnetIds]}
`)
	for i := range n {
		fmt.Fprintf(&base, `  AP%[1]d:
    Type: AWS::EFS::AccessPoint
    Properties:
      FileSystemId: !Ref FileSystem
      PosixUser: {Uid: "1000", Gid: "1000"}
      RootDirectory: {Path: /s%[1]d, CreationInfo: {OwnerUid: "1000", OwnerGid: "1000", Permissions: "755"}}
`, i)
	}
	base.WriteString(`Outputs:
  FileSystemId: {Value: !Ref FileSystem, Export: {Name: big-FileSystemId}}
  Group: {Value: !GetAtt FileSystemSecurityGroup.GroupId, Export: {Name: big-Group}}
  Subnets: {Value: !Join [",", !Ref SubnetIds], Export: {Name: big-Subnets}}
`)
	for i := range n {
		fmt.Fprintf(&base, "  AP%[1]d: {Value: !Ref AP%[1]d, Export: {Name: big-AP%[1]d}}\n", i)
	}
	files := [][2]string{{"big.yaml", base.String()}}
	for i := range n {
		files = append(files, [2]string{fmt.Sprintf("big-s%d.yaml", i), fmt.Sprintf(`Resources:
  Rule:
    Type: AWS::EC2::SecurityGroupIngress
    Properties: {GroupId: !ImportValue big-Group, IpProtocol: tcp, FromPort: 2049, ToPort: 2049, SourceSecurityGroupId: !GetAtt Tasks.GroupId}
  Tasks:
    Type: AWS::EC2::SecurityGroup
    Properties: {GroupDescription: tasks}
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {}
      Policies:
        - PolicyName: efs
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: [elasticfilesystem:ClientMount, elasticfilesystem:ClientWrite]
                Resource: !Sub ["arn:${AWS::Partition}:elasticfilesystem:${AWS::Region}:${AWS::AccountId}:file-system/${Id}", {Id: !ImportValue big-FileSystemId}]
                Condition:
                  StringEquals:
                    elasticfilesystem:AccessPointArn: !Sub ["arn:${AWS::Partition}:elasticfilesystem:${AWS::Region}:${AWS::AccountId}:access-point/${Id}", {Id: !ImportValue big-AP%[1]d}]
  Task:
    Type: AWS::ECS::TaskDefinition
    Properties:
      Cpu: "256"
      Memory: "512"
      RequiresCompatibilities: [FARGATE]
      TaskRoleArn: !GetAtt Role.Arn
      Volumes:
        - Name: v
          EFSVolumeConfiguration:
            FilesystemId: !ImportValue big-FileSystemId
            TransitEncryption: ENABLED
            AuthorizationConfig: {AccessPointId: !ImportValue big-AP%[1]d, IAM: ENABLED}
      ContainerDefinitions:
        - Name: c
          Image: nginx
          LogConfiguration: {LogDriver: awslogs}
          MountPoints: [{SourceVolume: v, ContainerPath: /d}]
  Service:
    Type: AWS::ECS::Service
    Properties:
      TaskDefinition: !Ref Task
      LaunchType: FARGATE
      NetworkConfiguration:
        AwsvpcConfiguration:
          Subnets: !Split [",", !ImportValue big-Subnets]
          SecurityGroups: [!GetAtt Tasks.GroupId]
`, i)})
	}
	return files
}

func runSplitSet(tb testing.TB, files [][2]string) []Finding {
	var srcs []*Source
	for _, f := range files {
		src, err := LoadBytes(f[0], []byte(f[1]))
		if err != nil {
			tb.Fatal(err)
		}
		srcs = append(srcs, src)
	}
	return Analyze(srcs)
}

// The generated set is sound: every import is followed, so nothing is
// left to "cannot tell" and nothing is wrong.
func TestSplitSetGenerated(t *testing.T) {
	if fs := runSplitSet(t, splitSet(5)); len(fs) != 0 {
		t.Errorf("findings on the generated split set:%s", dump(fs))
	}
}

// BenchmarkDoctorSplit200 checks a base stack and 200 service stacks that
// import from it.
func BenchmarkDoctorSplit200(b *testing.B) {
	files := splitSet(200)
	for b.Loop() {
		runSplitSet(b, files)
	}
}

// TestSplitSetLinear checks that 10x the service stacks costs about 10x
// the time: no pass over services may scan every other stack.
func TestSplitSetLinear(t *testing.T) {
	if testing.Short() {
		t.Skip("skipped in -short mode: times two set sizes")
	}
	run := func(n int) float64 {
		files := splitSet(n)
		best := time.Duration(1 << 62)
		for range 3 {
			start := time.Now()
			runSplitSet(t, files)
			best = min(best, time.Since(start))
		}
		return float64(best)
	}
	small, big := run(40), run(400)
	t.Logf("40 service stacks: %v, 400: %v", time.Duration(small), time.Duration(big))
	if ratio := big / small; ratio > 40 {
		t.Errorf("10x the service stacks took %.1fx the time: some pass is not linear", ratio)
	}
}
