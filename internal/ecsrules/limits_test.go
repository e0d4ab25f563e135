package ecsrules

import (
	"math"
	"strings"
	"testing"
)

func TestCheckImage(t *testing.T) {
	for image, ok := range map[string]bool{
		"nginx:latest": true, "public.ecr.aws/nginx/nginx:stable": true, "ghcr.io/org/app:1.2.3": true,
		"123456789012.dkr.ecr.us-east-1.amazonaws.com/team/api@sha256:" + strings.Repeat("a", 64): true,
		"registry:5000/app#tag":  true,
		strings.Repeat("a", 255): true, strings.Repeat("a", 256): false,
		"nginx latest": false, "nginx;rm": false, "nginx$(x)": false, "ngïnx": false, "nginx\n": false, "a|b": false,
	} {
		if err := CheckImage(image); (err == nil) != ok {
			t.Errorf("CheckImage(%q) = %v, want ok=%v", image, err, ok)
		}
	}
}

func TestCheckEFSTagValue(t *testing.T) {
	for v, ok := range map[string]bool{
		"shop-prod-efs": true, "": true, "Données 2026": true, "a_b.c:d/e=f+g-h@i": true, strings.Repeat("é", 256): true,
		strings.Repeat("a", 257): false, "a<b": false, "a;b": false, "a*b": false, "a\nb": false, "a\"b": false,
	} {
		if err := CheckEFSTagValue("tag", v); (err == nil) != ok {
			t.Errorf("CheckEFSTagValue(%q) = %v, want ok=%v", v, err, ok)
		}
	}
}

func TestCheckAccessPointPath(t *testing.T) {
	for p, want := range map[string]string{
		"/": "", "/data": "", "/a/b/c/d": "", "/a.b/c": "", "/" + strings.Repeat("a", 99): "", "/data dir": "",
		"data":                         "is relative",
		"/" + strings.Repeat("a", 100): "101 characters long and EFS accepts at most 100",
		"/a/b/c/d/e":                   "more than four subdirectories",
		"/.hidden":                     `starting with "."`,
		"/a/..":                        `starting with "."`,
		"/a//b":                        "not clean",
		"/a/":                          "not clean",
		"/a;b":                         "';'",
		"/a$b":                         "'$'",
		"/a`b":                         "'`'",
		"/a\x01b":                      "'\\x01'",
	} {
		err := CheckAccessPointPath(p)
		if (err == nil) != (want == "") || (err != nil && !strings.Contains(err.Error(), want)) {
			t.Errorf("CheckAccessPointPath(%q) = %v, want %q", p, err, want)
		}
	}
}

func TestCheckHealthCheckCommand(t *testing.T) {
	for _, c := range []struct {
		cmd []string
		ok  bool
	}{
		{[]string{"CMD", "curl", "-f", "http://localhost/"}, true}, {[]string{"CMD-SHELL", "curl -f http://localhost/ || exit 1"}, true}, {[]string{"NONE"}, true},
		{nil, false}, {[]string{}, false}, {[]string{"CMD"}, false}, {[]string{"CMD-SHELL"}, false}, {[]string{"curl", "x"}, false}, {[]string{"cmd", "x"}, false},
	} {
		if err := CheckHealthCheckCommand(c.cmd); (err == nil) != c.ok {
			t.Errorf("CheckHealthCheckCommand(%q) = %v, want ok=%v", c.cmd, err, c.ok)
		}
	}
}

func TestStrictPlatformVersion(t *testing.T) {
	for v, ok := range map[string]bool{"1.4.0": true, "1.10.0": true, "10.0.0": true, "+1.4.0": false, "1.+4.0": false, "01.4.0": false, "1.4.0 ": false, "1.4.0-beta": false, "-1.4.0": false, "1.4.": false, "1..0": false, "1.4.0.0": false, "1.4.99999999999": false} {
		if err := CheckPlatformVersion(v); (err == nil) != ok {
			t.Errorf("CheckPlatformVersion(%q) = %v, want ok=%v", v, err, ok)
		}
	}
}

func TestCheckProvisionedMibps(t *testing.T) {
	for v, ok := range map[float64]bool{1: true, 1.5: true, 128: true, 3414: true, 0.99: false, 0: false, -5: false, 3414.5: false, math.NaN(): false, math.Inf(1): false, math.Inf(-1): false} {
		if err := CheckProvisionedMibps(v); (err == nil) != ok {
			t.Errorf("CheckProvisionedMibps(%v) = %v, want ok=%v", v, err, ok)
		}
	}
}

func TestCheckKMSKeyID(t *testing.T) {
	for id, ok := range map[string]bool{
		"1234abcd-12ab-34cd-56ef-1234567890ab": true,
		"mrk-1234abcd12ab34cd56ef1234567890ab": true,
		"alias/efs-data":                       true,
		"alias/team/efs_data":                  true,
		"arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab": true,
		"arn:aws-us-gov:kms:us-gov-west-1:123456789012:alias/efs":                     true,
		"my-key": false, "alias/": false, "alias/a b": false, "1234ABCD-12AB-34CD-56EF-1234567890AB": false,
		"arn:aws:kms:us-east-1:123456789012:key/nope": false, "arn:aws:s3:::bucket": false, "": false,
	} {
		if err := CheckKMSKeyID(id); (err == nil) != ok {
			t.Errorf("CheckKMSKeyID(%q) = %v, want ok=%v", id, err, ok)
		}
	}
}

func TestCheckDesiredCount(t *testing.T) {
	for n, ok := range map[int]bool{0: true, 1: true, 5000: true, 5001: false, -1: false} {
		if err := CheckDesiredCount(n); (err == nil) != ok {
			t.Errorf("CheckDesiredCount(%d) = %v", n, err)
		}
	}
}

func TestTaskDefinitionSize(t *testing.T) {
	small := TaskDefinitionContent{Family: "shop-dev-web", ContainerName: "web", Image: "nginx:latest", Mounts: [][2]string{{"data", "/data"}}}
	if err := CheckTaskDefinitionSize(small); err != nil {
		t.Errorf("small task definition: %v", err)
	}
	// The estimate grows with every string, counted as escaped JSON.
	base := EstimateTaskDefinitionBytes(small)
	withEnv := small
	withEnv.Environment = [][2]string{{"A", `"<\>`}}
	if got := EstimateTaskDefinitionBytes(withEnv) - base; got != 32+1+2+6+2+6 {
		t.Errorf("one escaped variable adds %d bytes", got)
	}
	big := small
	big.Environment = [][2]string{{"BIG", strings.Repeat("x", MaxTaskDefinitionBytes)}}
	if err := CheckTaskDefinitionSize(big); err == nil || !strings.Contains(err.Error(), "ECS accepts at most 65536") {
		t.Errorf("64 KiB of environment: %v", err)
	}
	// Just under the limit passes, just over fails.
	room := MaxTaskDefinitionBytes - base - 32 - 1
	edge := small
	edge.Environment = [][2]string{{"A", strings.Repeat("x", room)}}
	if err := CheckTaskDefinitionSize(edge); err != nil {
		t.Errorf("at the limit: %v", err)
	}
	edge.Environment[0][1] += "x"
	if err := CheckTaskDefinitionSize(edge); err == nil {
		t.Error("one byte past the limit accepted")
	}
}

func TestCheckContainerPath(t *testing.T) {
	for p, want := range map[string]string{
		"/data": "", "/usr/share/nginx/html": "", "/a/./b": "", "/a..b": "",
		"":        "container path is missing",
		"data/db": `container path "data/db" is relative (write an absolute path such as /data/db)`,
		"./data":  "write an absolute path such as /data",
		"/":       "cannot mount a volume over the container's root",
		"/a/../b": "is not clean",
		"/a/..":   "is not clean",
		"/a/":     "is not clean",
		"/a//b":   "is not clean",
	} {
		err := CheckContainerPath(p)
		if (err == nil) != (want == "") || (err != nil && !strings.Contains(err.Error(), want)) {
			t.Errorf("CheckContainerPath(%q) = %v, want %q", p, err, want)
		}
	}
}
