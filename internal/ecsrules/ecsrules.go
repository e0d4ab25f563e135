// Package ecsrules holds the ECS, Fargate and EFS rules that AWS enforces at
// deploy time and CloudFormation does not check early. The spec validator, the
// CDK construct and the doctor share them so all three say the same thing.
package ecsrules

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// fargateMemory lists, per CPU value, the valid memory range in MiB.
var fargateMemory = []struct{ cpu, min, max, step int }{
	{256, 512, 2048, 0}, // 512, 1024, 2048: listed below
	{512, 1024, 4096, 1024},
	{1024, 2048, 8192, 1024},
	{2048, 4096, 16384, 1024},
	{4096, 8192, 30720, 1024},
	{8192, 16384, 61440, 4096},
	{16384, 32768, 122880, 8192},
}

// FargateMemoryChoices returns the memory values valid for cpu, or nil when
// cpu itself is not a Fargate value.
func FargateMemoryChoices(cpu int) []int {
	for _, r := range fargateMemory {
		if r.cpu != cpu {
			continue
		}
		if r.step == 0 {
			return []int{512, 1024, 2048}
		}
		var out []int
		for m := r.min; m <= r.max; m += r.step {
			out = append(out, m)
		}
		return out
	}
	return nil
}

// FargateCPUs returns the valid Fargate CPU values.
func FargateCPUs() []int {
	out := make([]int, len(fargateMemory))
	for i, r := range fargateMemory {
		out[i] = r.cpu
	}
	return out
}

// CheckCPUMemory returns nil when cpu/memory is a valid Fargate pair, or an
// error that says which values are allowed.
func CheckCPUMemory(cpu, memory int) error {
	choices := FargateMemoryChoices(cpu)
	if choices == nil {
		return fmt.Errorf("cpu %d is not a Fargate CPU value (use one of %s)", cpu, joinInts(FargateCPUs()))
	}
	for _, m := range choices {
		if m == memory {
			return nil
		}
	}
	return fmt.Errorf("memory %d is not valid with cpu %d on Fargate (use %s)", memory, cpu, describeRange(cpu))
}

func describeRange(cpu int) string {
	for _, r := range fargateMemory {
		if r.cpu == cpu {
			if r.step == 0 {
				return "512, 1024 or 2048"
			}
			return fmt.Sprintf("%d to %d in steps of %d", r.min, r.max, r.step)
		}
	}
	return ""
}

func joinInts(v []int) string {
	s := make([]string, len(v))
	for i, n := range v {
		s[i] = strconv.Itoa(n)
	}
	return strings.Join(s, ", ")
}

// platformRe is a version of three plain numbers. strconv.Atoi alone would
// take "+1.4.0", which ECS refuses.
var platformRe = regexp.MustCompile(`^(0|[1-9][0-9]{0,8})\.(0|[1-9][0-9]{0,8})\.(0|[1-9][0-9]{0,8})$`)

// CheckPlatformVersion accepts LATEST and any version 1.4.0 or later, the
// first Fargate platform that mounts EFS.
func CheckPlatformVersion(v string) error {
	if v == "LATEST" {
		return nil
	}
	m := platformRe.FindStringSubmatch(v)
	if m == nil {
		return fmt.Errorf("platform version %q is not LATEST or a version like 1.4.0 (use LATEST or 1.4.0)", v)
	}
	major, _ := strconv.Atoi(m[1])
	minor, _ := strconv.Atoi(m[2])
	if major < 1 || (major == 1 && minor < 4) {
		return fmt.Errorf("platform version %s cannot mount EFS volumes; Fargate needs 1.4.0 or later (use LATEST or 1.4.0)", v)
	}
	return nil
}

// CheckEFSVolume applies ECS's rules for an EFS volume configuration:
// IAM authorization needs transit encryption, and an access point needs the
// root directory to be "/" or unset.
func CheckEFSVolume(transitEncryption, iam, accessPointID, rootDirectory string) []error {
	var errs []error
	if strings.EqualFold(iam, "ENABLED") && !strings.EqualFold(transitEncryption, "ENABLED") {
		errs = append(errs, fmt.Errorf("IAM authorization requires transit encryption (set transit encryption to ENABLED)"))
	}
	if accessPointID != "" && rootDirectory != "" && rootDirectory != "/" {
		errs = append(errs, fmt.Errorf("root directory %q cannot be combined with an access point (set the directory on the access point and leave the root directory as /)", rootDirectory))
	}
	return errs
}

var (
	fileSystemIDRe  = regexp.MustCompile(`^fs-[0-9a-f]{8,40}$`)
	accessPointIDRe = regexp.MustCompile(`^fsap-[0-9a-f]{8,40}$`)
)

// CheckFileSystemID accepts ids like fs-0abc123def456789.
func CheckFileSystemID(id string) error {
	if !fileSystemIDRe.MatchString(id) {
		return fmt.Errorf("file system id %q does not look like fs- followed by hex digits (e.g. fs-0abc123def456789)", id)
	}
	return nil
}

// CheckAccessPointID accepts ids like fsap-0abc123def456789.
func CheckAccessPointID(id string) error {
	if !accessPointIDRe.MatchString(id) {
		return fmt.Errorf("access point id %q does not look like fsap- followed by hex digits (e.g. fsap-0abc123def4567890)", id)
	}
	return nil
}

// Throughput problems, so callers can point at the right field.
var (
	ErrProvisionedNeedsValue = errors.New("provisioned throughput needs provisioned_throughput_mibps (set a value such as 128)")
	ErrValueNeedsProvisioned = errors.New("provisioned_throughput_mibps is only used with throughput_mode: provisioned (remove it or set throughput_mode: provisioned)")
	ErrElasticWithMaxIO      = errors.New("elastic throughput is not available with maxIO performance mode (use generalPurpose, or bursting/provisioned throughput)")
)

// CheckThroughput applies EFS's rules on performance and throughput modes.
func CheckThroughput(performanceMode, throughputMode string, provisionedMibps float64) []error {
	var errs []error
	if throughputMode == "provisioned" && provisionedMibps <= 0 {
		errs = append(errs, ErrProvisionedNeedsValue)
	}
	if throughputMode != "provisioned" && provisionedMibps != 0 {
		errs = append(errs, ErrValueNeedsProvisioned)
	}
	if throughputMode == "elastic" && performanceMode == "maxIO" {
		errs = append(errs, ErrElasticWithMaxIO)
	}
	return errs
}

// CheckPosixID checks a uid or gid is in EFS's range.
func CheckPosixID(id int) error {
	if id < 0 || id > 4294967295 {
		return fmt.Errorf("%d is outside 0..4294967295", id)
	}
	return nil
}

var permissionsRe = regexp.MustCompile(`^[0-7]{3,4}$`)

// CheckPermissions accepts an octal mode string like 755 or 0750.
func CheckPermissions(p string) error {
	if !permissionsRe.MatchString(p) {
		return fmt.Errorf("permissions %q is not an octal mode such as 755 or 0750 (write it as a quoted string of 3 or 4 octal digits)", p)
	}
	return nil
}
