package doctor

import (
	"strings"
	"testing"
)

func TestMetadataSuppression(t *testing.T) {
	base := `
Resources:
  FileSystem:
    Type: AWS::EFS::FileSystem
%s    Properties:
      Encrypted: false
      BackupPolicy: {Status: ENABLED}
`
	cases := []struct {
		name, top, res string
		want           string
	}{
		{"nothing silenced", "", "", "EFD050 FileSystem, EFD051 FileSystem"},
		{"resource silences one rule", "", "    Metadata:\n      efsfargate-doctor:\n        ignore: [EFD051]\n", "EFD050 FileSystem"},
		{"template silences one rule", "Metadata:\n  efsfargate-doctor:\n    ignore: [EFD050]\n", "", "EFD051 FileSystem"},
		{"other keys do not silence", "", "    Metadata:\n      cfn-lint:\n        ignore: [EFD051]\n", "EFD050 FileSystem, EFD051 FileSystem"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := analyzeText(t, "t.yaml", tc.top+strings.Replace(base, "%s", tc.res, 1))
			if g := strings.Join(ruleResources(got), ", "); g != tc.want {
				t.Errorf("got %s, want %s", g, tc.want)
			}
		})
	}
}
