package doctor

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
)

// Templates in the shape efsfargate emits (raw and CDK-synthesized) and
// correct task definitions produce no finding at all.
func TestCleanFixtures(t *testing.T) {
	for _, f := range []string{"clean/contract.yaml", "clean/task-only.yaml", "clean/task-role.yaml", "cdk/cms-prod.template.json"} {
		t.Run(f, func(t *testing.T) {
			if got := check(t, []string{f}, nil, nil); len(got) != 0 {
				t.Errorf("want no findings, got%s", dump(got))
			}
		})
	}
}

// The CDK template is clean because its shapes are understood, not because
// they are skipped: break it the way hand edits do and the doctor notices.
func TestCDKTemplateIsReallyChecked(t *testing.T) {
	raw, err := os.ReadFile("testdata/cdk/cms-prod.template.json")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		edit func(res map[string]map[string]any)
		want string
	}{
		{"DefaultPolicy without ClientMount", func(res map[string]map[string]any) {
			for id, r := range res {
				if r["Type"] == typePolicy && strings.Contains(id, "TaskRoleDefaultPolicy") {
					b, _ := json.Marshal(r)
					_ = json.Unmarshal([]byte(strings.ReplaceAll(string(b), "elasticfilesystem:ClientMount", "elasticfilesystem:DescribeMountTargets")), &r)
					res[id] = r
				}
			}
		}, "EFD010"},
		{"no NFS ingress", func(res map[string]map[string]any) {
			for id, r := range res {
				if r["Type"] == typeIngress {
					delete(res, id)
				}
			}
		}, "EFD030"},
		{"transit encryption off", func(res map[string]map[string]any) {
			for id, r := range res {
				if r["Type"] == typeTaskDef {
					b, _ := json.Marshal(r)
					_ = json.Unmarshal([]byte(strings.ReplaceAll(string(b), `"TransitEncryption":"ENABLED"`, `"TransitEncryption":"DISABLED"`)), &r)
					res[id] = r
				}
			}
		}, "EFD001"},
		{"both mount targets in one subnet", func(res map[string]map[string]any) {
			var sub any
			for _, id := range []string{"FileSystemEfsMountTarget1586453F0", "FileSystemEfsMountTarget24B8EBB43"} {
				props := res[id]["Properties"].(map[string]any)
				if sub == nil {
					sub = props["SubnetId"]
				}
				props["SubnetId"] = sub
			}
		}, "EFD041"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var tpl map[string]any
			if err := json.Unmarshal(raw, &tpl); err != nil {
				t.Fatal(err)
			}
			res := map[string]map[string]any{}
			for id, r := range tpl["Resources"].(map[string]any) {
				res[id] = r.(map[string]any)
			}
			tc.edit(res)
			tpl["Resources"] = res
			b, _ := json.MarshalIndent(tpl, "", " ")
			src, err := LoadBytes("cdk.template.json", b)
			if err != nil {
				t.Fatal(err)
			}
			got := Analyze([]*Source{src})
			found := false
			for _, f := range got {
				found = found || f.Rule == tc.want
			}
			if !found {
				t.Errorf("want %s, got%s", tc.want, dump(got))
			}
		})
	}
}
