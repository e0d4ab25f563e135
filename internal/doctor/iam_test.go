package doctor

import (
	"strings"
	"testing"
)

// taskWithRole is a task definition with an IAM-authorized volume on
// file system FileSystem and a task role whose policy part is given.
func taskWithRole(fsExtra, rolePolicies string) string {
	return `
Resources:
  FileSystem:
    Type: AWS::EFS::FileSystem
    DeletionPolicy: Retain
    UpdateReplacePolicy: Retain
    Properties:
      Encrypted: true
      BackupPolicy: {Status: ENABLED}
` + fsExtra + `
  AccessPoint:
    Type: AWS::EFS::AccessPoint
    Properties:
      FileSystemId: !Ref FileSystem
      PosixUser: {Uid: '1000', Gid: '1000'}
      RootDirectory: {Path: /, CreationInfo: {OwnerUid: '1000', OwnerGid: '1000', Permissions: '755'}}
  TaskRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: app-task
      AssumeRolePolicyDocument: {}
` + rolePolicies + `
  TaskDefinition:
    Type: AWS::ECS::TaskDefinition
    Properties:
      Cpu: '256'
      Memory: '512'
      RequiresCompatibilities: [FARGATE]
      TaskRoleArn: !GetAtt TaskRole.Arn
      Volumes:
        - Name: data
          EFSVolumeConfiguration:
            FilesystemId: !Ref FileSystem
            TransitEncryption: ENABLED
            AuthorizationConfig: {AccessPointId: !Ref AccessPoint, IAM: ENABLED}
      ContainerDefinitions:
        - Name: app
          Image: app:1
          MountPoints: [{SourceVolume: data, ContainerPath: /data}]
          LogConfiguration: {LogDriver: awslogs}
`
}

const fsPolicy = `      FileSystemPolicy:
        Statement:
          - {Effect: Deny, Principal: {AWS: '*'}, Action: 'elasticfilesystem:*', Condition: {Bool: {'aws:SecureTransport': 'false'}}}
`

func analyzeText(t *testing.T, name, text string) []Finding {
	t.Helper()
	src, err := LoadBytes(name, []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	return Analyze([]*Source{src})
}

func TestTaskRoleGrants(t *testing.T) {
	cases := []struct {
		name, fsExtra, policies string
		want                    string // "RULE severity" lines, sorted by position
	}{
		{"AWS-managed client read-write policy", fsPolicy, `      ManagedPolicyArns:
        - !Sub arn:${AWS::Partition}:iam::aws:policy/AmazonElasticFileSystemClientReadWriteAccess
`, "EFD015 warning"}, // AWS-managed: on every file system, no access-point condition
		{"AWS-managed read-only policy lacks ClientWrite", fsPolicy, `      ManagedPolicyArns: [arn:aws:iam::aws:policy/AmazonElasticFileSystemClientReadOnlyAccess]
`, "EFD011 error\nEFD015 warning"},
		{"customer managed policy outside the file", fsPolicy, `      ManagedPolicyArns: [arn:aws:iam::123456789012:policy/efs-clients]
`, "EFD090 info"},
		{"managed policy resource attached by ARN", fsPolicy, `      ManagedPolicyArns: [!Ref EfsPolicy]
  EfsPolicy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Statement:
          - {Effect: Allow, Action: ['elasticfilesystem:Client*'], Resource: !GetAtt FileSystem.Arn}
`, "EFD012 warning\nEFD015 warning"},
		{"policy attached by role name", fsPolicy, `  NamedPolicy:
    Type: AWS::IAM::Policy
    Properties:
      Roles: [app-task]
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: [elasticfilesystem:ClientMount, elasticfilesystem:ClientWrite]
            Resource: !GetAtt FileSystem.Arn
            Condition:
              StringEquals: {elasticfilesystem:AccessPointArn: !GetAtt AccessPoint.Arn}
              Bool: {elasticfilesystem:AccessedViaMountTarget: 'true', aws:SecureTransport: 'true'}
`, ""},
		{"condition on a key the doctor does not evaluate", fsPolicy, `      Policies:
        - PolicyDocument:
            Statement:
              - Effect: Allow
                Action: [elasticfilesystem:ClientMount, elasticfilesystem:ClientWrite]
                Resource: '*'
                Condition: {StringEquals: {aws:PrincipalTag/team: storage}}
`, "EFD090 info"},
		{"grant requires an access point IfExists-free, volume has one: fine; wildcard action", fsPolicy, `      Policies:
        - PolicyDocument:
            Statement:
              - {Effect: Allow, Action: 'elasticfilesystem:*', Resource: '*'}
`, "EFD012 warning\nEFD015 warning"},
		{"deny-only file system policy keeps missing ClientMount an error", fsPolicy, `      Policies:
        - PolicyDocument:
            Statement:
              - {Effect: Allow, Action: s3:GetObject, Resource: '*'}
`, "EFD010 error"},
		{"no file system policy: EFS's default policy lets the mount through", "", `      Policies:
        - PolicyDocument:
            Statement:
              - {Effect: Allow, Action: s3:GetObject, Resource: '*'}
`, "EFD010 warning"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := analyzeText(t, "t.yaml", taskWithRole(tc.fsExtra, tc.policies))
			var lines []string
			for _, f := range got {
				lines = append(lines, f.Rule+" "+string(f.Severity))
			}
			if g := strings.Join(lines, "\n"); g != tc.want {
				t.Errorf("got\n%s\nwant\n%s%s", g, tc.want, dump(got))
			}
		})
	}
}

// A JSON task definition's role ARN is matched to a template role with
// that RoleName, so the grant is checked across files.
func TestRoleFoundAcrossFiles(t *testing.T) {
	tpl, err := LoadBytes("roles.yaml", []byte(`
Resources:
  TaskRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: ecsTaskRole
      Policies:
        - PolicyDocument:
            Statement:
              - {Effect: Allow, Action: elasticfilesystem:ClientMount, Resource: 'arn:aws:elasticfilesystem:us-east-1:123456789012:file-system/fs-0abc123def456789'}
`))
	if err != nil {
		t.Fatal(err)
	}
	srcs := append(loadAll(t, "guide/task-definition.json"), tpl)
	got := Analyze(srcs)
	if g := strings.Join(ruleResources(got), ", "); g != "EFD011 TaskRole, EFD060 web-app-with-efs" {
		t.Errorf("got %s%s", g, dump(got))
	}
}

// An access point whose POSIX user is root still needs ClientRootAccess.
func TestRootAccessNeededForRootPosixUser(t *testing.T) {
	policies := `      Policies:
        - PolicyDocument:
            Statement:
              - Effect: Allow
                Action: [elasticfilesystem:ClientMount, elasticfilesystem:ClientWrite, elasticfilesystem:ClientRootAccess]
                Resource: !GetAtt FileSystem.Arn
`
	// The grant has no access-point condition either (EFD015).
	for uid, want := range map[string]string{"'1000'": "EFD012,EFD015", "'0'": "EFD015"} {
		text := strings.Replace(taskWithRole(fsPolicy, policies), "PosixUser: {Uid: '1000'", "PosixUser: {Uid: "+uid, 1)
		got := analyzeText(t, "t.yaml", text)
		if g := strings.Join(rulesOf(got), ","); g != want {
			t.Errorf("uid %s: got %q, want %q%s", uid, g, want, dump(got))
		}
	}
}

func rulesOf(fs []Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Rule)
	}
	return out
}
