package test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/efsfargate/efsfargate/internal/doctor"
)

// A second mount target in an Availability Zone that already has one fails
// to create (MountTargetConflict) even on another subnet. The doctor must
// see the zone, not only the subnet: from --network in the raw form, from
// the template's own subnets in the CDK form.

func addMountTarget(t *testing.T, tmpl map[string]any, id string, subnet any) string {
	t.Helper()
	res := tmpl["Resources"].(map[string]any)
	for _, r := range res {
		m := r.(map[string]any)
		if m["Type"] != "AWS::EFS::MountTarget" {
			continue
		}
		props := m["Properties"].(map[string]any)
		res[id] = map[string]any{"Type": "AWS::EFS::MountTarget", "Properties": map[string]any{
			"FileSystemId": props["FileSystemId"], "SecurityGroups": props["SecurityGroups"], "SubnetId": subnet}}
		b, err := json.MarshalIndent(tmpl, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		f := filepath.Join(t.TempDir(), "template.json")
		if err := os.WriteFile(f, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return f
	}
	t.Fatal("template has no mount target")
	return ""
}

// duplicateAZFindings runs the doctor and returns its EFD041 findings.
func duplicateAZFindings(t *testing.T, files, networks []string) []doctor.Finding {
	t.Helper()
	findings, err := doctor.Check(files, nil, networks)
	if err != nil {
		t.Fatal(err)
	}
	var out []doctor.Finding
	for _, f := range findings {
		if f.Rule == "EFD041" {
			out = append(out, f)
		}
	}
	return out
}

// wantSameZone wants one EFD041 naming the added mount target (on it or on
// its twin) for two subnets in one zone.
func wantSameZone(t *testing.T, got []doctor.Finding, resource string) {
	t.Helper()
	if len(got) != 1 || !strings.Contains(got[0].Message, " "+resource+" ") || !strings.Contains(got[0].Message, "both subnets are in Availability Zone") {
		t.Fatalf("want one EFD041 on %s for two subnets in one zone, got %+v", resource, got)
	}
}

func TestDoctorSameZoneOtherSubnetRaw(t *testing.T) {
	// The literal-network golden has two subnets in us-east-1a and, rightly,
	// one mount target there.
	data, err := os.ReadFile(filepath.Join(root, "internal", "emitter", "testdata", "literal-network", "template.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var tmpl map[string]any
	if err := yaml.Unmarshal(data, &tmpl); err != nil {
		t.Fatal(err)
	}
	network := filepath.Join(t.TempDir(), "subnets.json")
	subnets := `{"Subnets": [
  {"SubnetId": "subnet-0aaaaaaaaaaaaaaa1", "AvailabilityZone": "us-east-1a", "VpcId": "vpc-0123456789abcdef0"},
  {"SubnetId": "subnet-0aaaaaaaaaaaaaaa2", "AvailabilityZone": "us-east-1a", "VpcId": "vpc-0123456789abcdef0"},
  {"SubnetId": "subnet-0bbbbbbbbbbbbbbb1", "AvailabilityZone": "us-east-1b", "VpcId": "vpc-0123456789abcdef0"}]}`
	if err := os.WriteFile(network, []byte(subnets), 0o644); err != nil {
		t.Fatal(err)
	}
	clean := filepath.Join(t.TempDir(), "template.yml")
	if err := os.WriteFile(clean, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if got := duplicateAZFindings(t, []string{clean}, []string{network}); len(got) != 0 {
		t.Fatalf("one mount target per zone flagged: %+v", got)
	}
	broken := addMountTarget(t, tmpl, "MountTarget3", "subnet-0aaaaaaaaaaaaaaa2")
	wantSameZone(t, duplicateAZFindings(t, []string{broken}, []string{network}), "MountTarget3")
}

func TestDoctorSameZoneOtherSubnetCDK(t *testing.T) {
	for _, c := range cases(t) {
		if c.Name != "example-mongo" {
			continue
		}
		if got := duplicateAZFindings(t, []string{c.CDKFile}, nil); len(got) != 0 {
			t.Fatalf("one mount target per zone flagged: %+v", got)
		}
		// The new VPC's public subnet 1 shares its zone with private subnet
		// 1, where the construct made a mount target.
		tmpl := decode(t, c.CDK)
		var public string
		for id, r := range tmpl["Resources"].(map[string]any) {
			if r.(map[string]any)["Type"] == "AWS::EC2::Subnet" && strings.HasPrefix(id, "VpcPublicSubnet1") {
				public = id
			}
		}
		if public == "" {
			t.Fatal("no public subnet 1 in the CDK stack")
		}
		broken := addMountTarget(t, tmpl, "ExtraMountTarget", map[string]any{"Ref": public})
		wantSameZone(t, duplicateAZFindings(t, []string{broken}, nil), "ExtraMountTarget")
		return
	}
	t.Fatal("example-mongo not among the specs")
}
