package ecsrules

import (
	"errors"
	"strings"
	"testing"
)

func TestCheckCPUMemory(t *testing.T) {
	for _, c := range []struct {
		cpu, mem int
		want     string // "" for valid
	}{
		{256, 512, ""}, {256, 2048, ""}, {256, 1536, "use 512, 1024 or 2048"}, {512, 4096, ""}, {512, 5120, "1024 to 4096 in steps of 1024"},
		{4096, 30720, ""}, {4096, 31744, "8192 to 30720"}, {8192, 20480, ""}, {8192, 17408, "steps of 4096"},
		{16384, 122880, ""}, {16384, 40960, ""}, {16384, 36864, "steps of 8192"}, {300, 512, "cpu 300 is not a Fargate CPU value"},
	} {
		err := CheckCPUMemory(c.cpu, c.mem)
		if (err == nil) != (c.want == "") || (err != nil && !strings.Contains(err.Error(), c.want)) {
			t.Errorf("CheckCPUMemory(%d, %d) = %v, want %q", c.cpu, c.mem, err, c.want)
		}
	}
}

func TestCheckPlatformVersion(t *testing.T) {
	for v, ok := range map[string]bool{"LATEST": true, "1.4.0": true, "1.5.0": true, "2.0.0": true, "1.3.0": false, "1.0.0": false, "0.9.9": false, "latest": false, "1.4": false, "x.y.z": false} {
		if err := CheckPlatformVersion(v); (err == nil) != ok {
			t.Errorf("CheckPlatformVersion(%q) = %v", v, err)
		}
	}
}

func TestCheckEFSVolume(t *testing.T) {
	if errs := CheckEFSVolume("ENABLED", "ENABLED", "fsap-1", "/"); len(errs) != 0 {
		t.Errorf("valid volume: %v", errs)
	}
	if errs := CheckEFSVolume("DISABLED", "ENABLED", "", ""); len(errs) != 1 || !strings.Contains(errs[0].Error(), "requires transit encryption") {
		t.Errorf("IAM without TLS: %v", errs)
	}
	if errs := CheckEFSVolume("ENABLED", "ENABLED", "fsap-1", "/data"); len(errs) != 1 || !strings.Contains(errs[0].Error(), "cannot be combined with an access point") {
		t.Errorf("root directory with access point: %v", errs)
	}
}

func TestCheckThroughput(t *testing.T) {
	if errs := CheckThroughput("generalPurpose", "provisioned", 0); len(errs) != 1 || !errors.Is(errs[0], ErrProvisionedNeedsValue) {
		t.Errorf("%v", errs)
	}
	if errs := CheckThroughput("generalPurpose", "bursting", 10); len(errs) != 1 || !errors.Is(errs[0], ErrValueNeedsProvisioned) {
		t.Errorf("%v", errs)
	}
	if errs := CheckThroughput("maxIO", "elastic", 0); len(errs) != 1 || !errors.Is(errs[0], ErrElasticWithMaxIO) {
		t.Errorf("%v", errs)
	}
	if errs := CheckThroughput("maxIO", "provisioned", 128); len(errs) != 0 {
		t.Errorf("%v", errs)
	}
}

func TestIDsAndPermissions(t *testing.T) {
	if CheckFileSystemID("fs-0abc123def456789") != nil || CheckFileSystemID("fs-XYZ") == nil || CheckFileSystemID("fsap-0abc123def") == nil {
		t.Error("file system ids")
	}
	if CheckAccessPointID("fsap-0abc123def4567890") != nil || CheckAccessPointID("fs-0abc123def") == nil {
		t.Error("access point ids")
	}
	for p, ok := range map[string]bool{"755": true, "0750": true, "789": false, "75": false, "rwx": false} {
		if (CheckPermissions(p) == nil) != ok {
			t.Errorf("permissions %q", p)
		}
	}
	if CheckPosixID(-1) == nil || CheckPosixID(4294967296) == nil || CheckPosixID(0) != nil {
		t.Error("posix ids")
	}
}
