package doctor

import (
	"strings"
	"testing"
)

// The guide's own task definition and template get the findings they
// deserve and nothing else.
func TestGuideFixtures(t *testing.T) {
	cases := []struct {
		name            string
		files, svc, net []string
		want            []string
	}{
		{
			name:  "task definition JSON: iam and transit ENABLED, root directory /, no access point, role outside the file",
			files: []string{"guide/task-definition.json"},
			want:  []string{"EFD060 web-app-with-efs", "EFD090 web-app-with-efs"},
		},
		{
			name:  "CloudFormation template",
			files: []string{"guide/template.yaml"},
			want: []string{
				"EFD060 TaskDefinition", // no access point
				"EFD071 ExecutionRole",  // AWS-managed execution policy
				"EFD072 TaskDefinition", // no log configuration
				"EFD090 Service",        // the mount targets live in another stack
			},
		},
		{
			name:  "existing infrastructure: a mount target in each zone",
			files: []string{"guide/task-definition.json"},
			svc:   []string{"guide/service.json"},
			net:   []string{"guide/subnets.json", "guide/mount-targets.json"},
			want:  []string{"EFD060 web-app-with-efs", "EFD090 web-app-with-efs"},
		},
		{
			name:  "existing infrastructure: us-east-1b has no mount target",
			files: []string{"guide/task-definition.json"},
			svc:   []string{"guide/service.json"},
			net:   []string{"guide/subnets.json", "guide/mount-targets-one-az.json"},
			want:  []string{"EFD040 web-app", "EFD060 web-app-with-efs", "EFD090 web-app-with-efs"},
		},
		{
			name:  "existing infrastructure without subnet zones",
			files: []string{"guide/task-definition.json"},
			svc:   []string{"guide/service.json"},
			net:   []string{"guide/mount-targets-one-az.json"},
			want:  []string{"EFD060 web-app-with-efs", "EFD090 web-app", "EFD090 web-app-with-efs"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := check(t, tc.files, tc.svc, tc.net)
			if g, w := strings.Join(ruleResources(got), ", "), strings.Join(tc.want, ", "); g != w {
				t.Errorf("got  %s\nwant %s%s", g, w, dump(got))
			}
		})
	}
}

func TestGuideMountTargetFindingPointsAtTheSubnet(t *testing.T) {
	got := check(t, []string{"guide/task-definition.json"}, []string{"guide/service.json"}, []string{"guide/subnets.json", "guide/mount-targets-one-az.json"})
	for _, f := range got {
		if f.Rule != "EFD040" {
			continue
		}
		if f.File != "testdata/guide/service.json" || f.Line != 15 || f.Path != "services[0].networkConfiguration.awsvpcConfiguration.subnets[1]" {
			t.Errorf("EFD040 at %s %s", f.Location(), f.Path)
		}
		for _, s := range []string{"subnet-0bbbb222", "us-east-1b", "fs-0abc123def456789", "us-east-1a"} {
			if !strings.Contains(f.Message, s) {
				t.Errorf("message %q does not name %s", f.Message, s)
			}
		}
		if !strings.Contains(f.Runtime, "ResourceInitializationError") || !strings.Contains(f.Runtime, "mount target") {
			t.Errorf("runtime text %q", f.Runtime)
		}
		return
	}
	t.Fatalf("no EFD040 finding%s", dump(got))
}

// A service file naming another family is not linked to the task
// definition: no mount target check is made for it.
func TestServiceLinksByFamily(t *testing.T) {
	srcs := loadAll(t, "guide/task-definition.json")
	svc, err := LoadBytes("svc.json", []byte(`{"serviceName": "other", "taskDefinition": "other-family:3", "launchType": "FARGATE", "platformVersion": "1.3.0",
		"networkConfiguration": {"awsvpcConfiguration": {"subnets": ["subnet-0bbbb222"]}}}`))
	if err != nil {
		t.Fatal(err)
	}
	got := Analyze(append(srcs, svc))
	// 1.3.0 is still reported: the service's task definition is unknown,
	// so it may use EFS, and the doctor says it cannot see it.
	if g := strings.Join(ruleResources(got), ", "); g != "EFD004 other, EFD060 web-app-with-efs, EFD090 other, EFD090 web-app-with-efs" {
		t.Errorf("got %s%s", g, dump(got))
	}
}

func loadAll(t *testing.T, files ...string) []*Source {
	t.Helper()
	var out []*Source
	for _, f := range files {
		s, err := LoadFile("testdata/" + f)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}
