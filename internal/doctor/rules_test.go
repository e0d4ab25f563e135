package doctor

import (
	"fmt"
	"strings"
	"testing"
)

// want is one expected finding.
type want struct {
	rule     string
	severity Severity
	resource string
	path     string
	line     int
}

// ruleCases has one fixture per rule; each produces exactly the findings
// listed (a rule whose problem implies another lists both).
var ruleCases = []struct {
	file string
	want []want
}{
	{"rules/EFD001.yaml", []want{{"EFD001", Error, "TaskDefinition", "Resources.TaskDefinition.Properties.Volumes[0].EFSVolumeConfiguration.TransitEncryption", 38}}},
	{"rules/EFD002.json", []want{{"EFD002", Error, "app", "taskDefinition.volumes[0].efsVolumeConfiguration.rootDirectory", 16}}},
	{"rules/EFD003.yaml", []want{
		{"EFD003", Warning, "TaskDefinition", "Resources.TaskDefinition.Properties.Volumes[0].EFSVolumeConfiguration.TransitEncryption", 14},
		{"EFD060", Info, "TaskDefinition", "Resources.TaskDefinition.Properties.Volumes[0].EFSVolumeConfiguration", 14},
	}},
	{"rules/EFD004.yaml", []want{{"EFD004", Error, "Service", "Resources.Service.Properties.PlatformVersion", 209}}},
	{"rules/EFD005.yaml", []want{{"EFD005", Error, "TaskDefinition", "Resources.TaskDefinition.Properties.Volumes[0].EFSVolumeConfiguration.FilesystemId", 23}}},
	{"rules/EFD006.yaml", []want{{"EFD006", Error, "TaskDefinition", "Resources.TaskDefinition.Properties.Volumes[0].EFSVolumeConfiguration.TransitEncryption", 14}}},
	{"rules/EFD007.yaml", []want{{"EFD007", Warning, "TaskDefinition", "Resources.TaskDefinition.Properties.Volumes[0].EFSVolumeConfiguration.RootDirectory", 16}}},
	{"rules/EFD010.yaml", []want{{"EFD010", Error, "TaskRole", "Resources.TaskRole.Properties", 6}}},
	{"rules/EFD011.yaml", []want{{"EFD011", Error, "TaskRole", "Resources.TaskRole.Properties.Policies", 13}}},
	{"rules/EFD012.yaml", []want{{"EFD012", Warning, "TaskRole", "Resources.TaskRole.Properties.Policies[0].PolicyDocument.Statement[0].Action", 26}}},
	{"rules/EFD013.yaml", []want{{"EFD013", Error, "TaskRole", "Resources.TaskRole.Properties.Policies[0].PolicyDocument.Statement[0].Condition.StringEquals.elasticfilesystem:AccessPointArn", 23}}},
	{"rules/EFD014.yaml", []want{{"EFD014", Error, "TaskDefinition", "Resources.TaskDefinition.Properties.TaskRoleArn", 6}}},
	{"rules/EFD015.yaml", []want{{"EFD015", Warning, "TaskRole", "Resources.TaskRole.Properties.Policies[0].PolicyDocument.Statement[0].Resource", 140}}},
	{"rules/EFD016.yaml", []want{{"EFD016", Warning, "TaskRole", "Resources.TaskRole.Properties.Policies[0].PolicyDocument.Statement[0].Action", 137}}},
	{"rules/EFD020.yaml", []want{{"EFD020", Error, "TaskDefinition", "Resources.TaskDefinition.Properties.ContainerDefinitions[0].MountPoints[1].SourceVolume", 26}}},
	{"rules/EFD021.yaml", []want{{"EFD021", Info, "TaskDefinition", "Resources.TaskDefinition.Properties.Volumes[1]", 19}}},
	{"rules/EFD022.json", []want{{"EFD022", Error, "app", "containerDefinitions[0].mountPoints[0].containerPath", 21}}},
	{"rules/EFD023.yaml", []want{{"EFD023", Error, "TaskDefinition", "Resources.TaskDefinition.Properties.ContainerDefinitions[0].MountPoints[1].ContainerPath", 28}}},
	{"rules/EFD024.yaml", []want{{"EFD024", Error, "TaskDefinition", "Resources.TaskDefinition.Properties.Volumes[0].EFSVolumeConfiguration.FileSystemId", 15}}},
	{"rules/EFD025.yaml", []want{{"EFD025", Error, "TaskDefinition", "Resources.TaskDefinition.Properties.Volumes[0].EFSVolumeConfiguration.FilesystemId", 15}}},
	{"rules/EFD026.yaml", []want{{"EFD026", Error, "FileSystemIdAgain", "Outputs.FileSystemIdAgain.Export.Name", 20}}},
	{"rules/EFD030.yaml", []want{{"EFD030", Error, "FileSystemSecurityGroup", "Resources.FileSystemSecurityGroup.Properties", 46}}},
	{"rules/EFD031.yaml", []want{{"EFD031", Warning, "FileSystemSecurityGroup", "Resources.FileSystemSecurityGroup.Properties.SecurityGroupIngress[0]", 50}}},
	{"rules/EFD032.yaml", []want{{"EFD032", Error, "TaskSecurityGroup", "Resources.TaskSecurityGroup.Properties.SecurityGroupEgress", 94}}},
	{"rules/EFD040.yaml", []want{{"EFD040", Error, "Service", "Resources.Service.Properties.NetworkConfiguration.AwsvpcConfiguration.Subnets[1]", 213}}},
	{"rules/EFD041.yaml", []want{
		{"EFD041", Error, "MountTarget2", "Resources.MountTarget2.Properties.SubnetId", 70},
		// Both mount targets on element 0: the other zones have none.
		{"EFD040", Error, "Service", "Resources.Service.Properties.NetworkConfiguration.AwsvpcConfiguration.Subnets", 209},
	}},
	// Different subnets, one zone: the zone branch, not the subnet one.
	{"rules/EFD041-same-zone.yaml", []want{{"EFD041", Error, "MountTarget2", "Resources.MountTarget2.Properties.SubnetId", 70}}},
	{"rules/EFD050.yaml", []want{{"EFD050", Warning, "FileSystem", "Resources.FileSystem.Properties.Encrypted", 8}}},
	{"rules/EFD051.yaml", []want{{"EFD051", Warning, "FileSystem", "Resources.FileSystem.UpdateReplacePolicy", 4}}},
	{"rules/EFD052.yaml", []want{{"EFD052", Warning, "FileSystem", "Resources.FileSystem.Properties.BackupPolicy", 10}}},
	{"rules/EFD060.yaml", []want{{"EFD060", Info, "TaskDefinition", "Resources.TaskDefinition.Properties.Volumes[0].EFSVolumeConfiguration", 14}}},
	{"rules/EFD061.yaml", []want{{"EFD061", Info, "TaskDefinition", "Resources.TaskDefinition.Properties.Volumes[0].EFSVolumeConfiguration", 14}}},
	{"rules/EFD062.yaml", []want{{"EFD062", Warning, "AccessPoint", "Resources.AccessPoint.Properties.RootDirectory.CreationInfo", 9}}},
	{"rules/EFD063.yaml", []want{{"EFD063", Info, "AccessPoint", "Resources.AccessPoint.Properties.PosixUser", 6}}},
	{"rules/EFD064.yaml", []want{{"EFD064", Error, "TaskDefinition", "Resources.TaskDefinition.Properties.ContainerDefinitions[0].MountPoints[0]", 192}}},
	{"rules/EFD065.yaml", []want{
		{"EFD065", Error, "Service", "Resources.Service.Properties.DesiredCount", 208},
		{"EFD065", Error, "Service", "Resources.Service.Properties.DeploymentConfiguration.MaximumPercent", 221},
	}},
	{"rules/EFD070.yaml", []want{{"EFD070", Error, "TaskDefinition", "Resources.TaskDefinition.Properties.Memory", 9}}},
	{"rules/EFD071.yaml", []want{{"EFD071", Info, "ExecutionRole", "Resources.ExecutionRole.Properties.ManagedPolicyArns[0]", 14}}},
	{"rules/EFD072.yaml", []want{{"EFD072", Info, "TaskDefinition", "Resources.TaskDefinition.Properties.ContainerDefinitions[0].LogConfiguration", 20}}},
	// ALLOW_EMPTY_PASSWORD: "no" is a setting, not a secret.
	{"rules/EFD073.yaml", []want{{"EFD073", Warning, "TaskDefinition", "Resources.TaskDefinition.Properties.ContainerDefinitions[0].Environment[0]", 188}}},
	{"rules/EFD090.yaml", []want{{"EFD090", Info, "TaskDefinition", "Resources.TaskDefinition.Properties.TaskRoleArn", 12}}},
}

func TestRuleFixtures(t *testing.T) {
	for _, tc := range ruleCases {
		t.Run(tc.file, func(t *testing.T) {
			got := check(t, []string{tc.file}, nil, nil)
			var gotS, wantS []string
			for _, f := range got {
				gotS = append(gotS, fmt.Sprintf("%s %s %s %s :%d", f.Rule, f.Severity, f.Resource, f.Path, f.Line))
			}
			for _, w := range tc.want {
				wantS = append(wantS, fmt.Sprintf("%s %s %s %s :%d", w.rule, w.severity, w.resource, w.path, w.line))
			}
			if strings.Join(gotS, "\n") != strings.Join(wantS, "\n") {
				t.Errorf("findings:\n%s\nwant:\n%s%s", strings.Join(gotS, "\n"), strings.Join(wantS, "\n"), dump(got))
			}
			for _, f := range got {
				if f.Column < 1 || f.Message == "" || f.Runtime == "" || f.Fix == "" {
					t.Errorf("incomplete finding %+v", f)
				}
			}
		})
	}
}

// TestEveryRuleHasAFixture keeps the table above complete.
func TestEveryRuleHasAFixture(t *testing.T) {
	covered := map[string]bool{}
	for _, tc := range ruleCases {
		if strings.Contains(tc.file, tc.want[0].rule) {
			covered[tc.want[0].rule] = true
		}
	}
	for _, r := range Rules {
		if !covered[r.ID] {
			t.Errorf("rule %s has no fixture testdata/rules/%s.*", r.ID, r.ID)
		}
	}
}

func TestRulesAreDescribed(t *testing.T) {
	seen := map[string]bool{}
	for i, r := range Rules {
		if seen[r.ID] || seen[r.Name] {
			t.Errorf("duplicate rule %s %s", r.ID, r.Name)
		}
		seen[r.ID], seen[r.Name] = true, true
		if i > 0 && Rules[i-1].ID >= r.ID {
			t.Errorf("rules out of order at %s", r.ID)
		}
		if r.Title == "" || r.Runtime == "" || r.Fix == "" || r.Severity == "" {
			t.Errorf("rule %s is not fully described", r.ID)
		}
	}
}
