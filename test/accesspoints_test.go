package test

import (
	"fmt"
	"strconv"
	"testing"
)

// Each form makes, per volume, an access point whose POSIX user and root
// directory owner are the spec's uid and gid, checked against the spec
// rather than against the other form: a gid taken from the uid, or uid and
// gid swapped, fails here even when both forms make the same mistake.
func TestAccessPointsFollowTheSpec(t *testing.T) {
	differing := 0
	for _, c := range cases(t) {
		if c.Stack != "" && c.Stack != c.Project.Name() {
			continue // a split project's access points are in its base stack
		}
		want := map[string]string{}
		for _, v := range c.Project.Volumes {
			if v.ExistingAccessPointID != "" {
				continue
			}
			if v.UID != v.GID {
				differing++
			}
			want[v.Path] = fmt.Sprintf("user %d:%d, owner %d:%d, mode %s", v.UID, v.GID, v.UID, v.GID, v.Permissions)
		}
		for form, body := range map[string][]byte{"raw": c.Raw, "cdk": c.CDK} {
			got := map[string]string{}
			for _, r := range decode(t, body)["Resources"].(map[string]any) {
				m := r.(map[string]any)
				if m["Type"] != "AWS::EFS::AccessPoint" {
					continue
				}
				p := m["Properties"].(map[string]any)
				user, _ := p["PosixUser"].(map[string]any)
				root, _ := p["RootDirectory"].(map[string]any)
				info, _ := root["CreationInfo"].(map[string]any)
				path := fmt.Sprint(root["Path"])
				if _, dup := got[path]; dup {
					t.Errorf("%s (%s): two access points on %s", c.Name, form, path)
				}
				got[path] = fmt.Sprintf("user %s:%s, owner %s:%s, mode %s", num(user["Uid"]), num(user["Gid"]),
					num(info["OwnerUid"]), num(info["OwnerGid"]), info["Permissions"])
			}
			for path, w := range want {
				if got[path] != w {
					t.Errorf("%s (%s): access point %s: got %q, want %q", c.Name, form, path, got[path], w)
				}
			}
			if len(got) != len(want) {
				t.Errorf("%s (%s): %d access points, want %d", c.Name, form, len(got), len(want))
			}
		}
	}
	if differing < 4 {
		t.Errorf("only %d volumes have a uid different from the gid: the test cannot see a gid taken from the uid", differing)
	}
}

// num spells a uid or gid written as a string or a number the same way.
func num(v any) string {
	switch x := v.(type) {
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case nil:
		return "none"
	}
	return fmt.Sprint(v)
}
