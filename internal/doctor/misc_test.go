package doctor

import "testing"

func TestImageUser(t *testing.T) {
	cases := map[string]bool{
		"postgres:16":               true,
		"docker.io/library/mongo:7": true,
		"123456789012.dkr.ecr.us-east-1.amazonaws.com/redis@sha256:abc": true,
		"localhost:5000/grafana/grafana:11.0.0":                         true,
		"bitnami/postgresql:16":                                         true,
		"nginx:latest":                                                  false,
		"ghcr.io/example/postgres-exporter:1":                           false,
		"public.ecr.aws/docker/library/python:3.12":                     false,
	}
	for image, want := range cases {
		if _, got := imageUser(image); got != want {
			t.Errorf("imageUser(%q) = %v, want %v", image, got, want)
		}
	}
}

func TestParseCPUMemory(t *testing.T) {
	for in, want := range map[string]int{"256": 256, "0.25 vCPU": 256, ".5 vcpu": 512, "2 vCPU": 2048} {
		if got, ok := parseCPU(in); !ok || got != want {
			t.Errorf("parseCPU(%q) = %d %v, want %d", in, got, ok, want)
		}
	}
	for in, want := range map[string]int{"512": 512, "1 GB": 1024, "0.5GB": 512, "30 gb": 30720} {
		if got, ok := parseMemory(in); !ok || got != want {
			t.Errorf("parseMemory(%q) = %d %v, want %d", in, got, ok, want)
		}
	}
	if _, ok := parseCPU("lots"); ok {
		t.Error("parseCPU accepted lots")
	}
}

func TestFindingsSortedAndDeduplicated(t *testing.T) {
	fs := []Finding{
		{Rule: "EFD002", File: "b.yaml", Line: 1},
		{Rule: "EFD001", File: "a.yaml", Line: 9},
		{Rule: "EFD001", File: "a.yaml", Line: 2, Column: 5},
		{Rule: "EFD001", File: "a.yaml", Line: 2, Column: 5},
		{Rule: "EFD003", File: "a.yaml", Line: 2, Column: 1},
	}
	got := sortFindings(fs)
	want := []string{"a.yaml:2:1 EFD003", "a.yaml:2:5 EFD001", "a.yaml:9 EFD001", "b.yaml:1 EFD002"}
	if len(got) != len(want) {
		t.Fatalf("got %d findings, want %d", len(got), len(want))
	}
	for i, f := range got {
		if s := f.Location() + " " + f.Rule; s != want[i] {
			t.Errorf("%d: %s, want %s", i, s, want[i])
		}
	}
}

// Task sets and scheduled tasks run tasks too: their platform version is
// checked like a service's.
func TestScheduledTasksAndTaskSets(t *testing.T) {
	got := analyzeText(t, "t.yaml", `
Resources:
  Nightly:
    Type: AWS::Events::Rule
    Properties:
      Targets:
        - Id: job
          EcsParameters:
            TaskDefinitionArn: !Ref TaskDefinition
            LaunchType: FARGATE
            PlatformVersion: 1.3.0
  Hourly:
    Type: AWS::Scheduler::Schedule
    Properties:
      Target:
        EcsParameters:
          TaskDefinitionArn: !Ref TaskDefinition
          PlatformVersion: '1.4'
  Blue:
    Type: AWS::ECS::TaskSet
    Properties:
      TaskDefinition: !Ref TaskDefinition
      PlatformVersion: LATEST
  TaskDefinition:
    Type: AWS::ECS::TaskDefinition
    Properties:
      Volumes:
        - Name: data
          EFSVolumeConfiguration: {FilesystemId: fs-0abc123def456789, TransitEncryption: ENABLED, AuthorizationConfig: {AccessPointId: fsap-0abc123def4567890}}
      ContainerDefinitions:
        - {Name: app, Image: app:1, MountPoints: [{SourceVolume: data, ContainerPath: /data}], LogConfiguration: {LogDriver: awslogs}}
`)
	var platform []string
	for _, f := range got {
		if f.Rule == "EFD004" {
			platform = append(platform, f.Resource+" "+f.Path)
		}
	}
	want := []string{"Nightly Resources.Nightly.Properties.Targets[0].EcsParameters.PlatformVersion", "Hourly Resources.Hourly.Properties.Target.EcsParameters.PlatformVersion"}
	if len(platform) != 2 || platform[0] != want[0] || platform[1] != want[1] {
		t.Errorf("EFD004 findings %v, want %v%s", platform, want, dump(got))
	}
}
