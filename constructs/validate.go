package efsfargate

import (
	"errors"
	"fmt"
	"path"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsecs"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsefs"
	"github.com/aws/constructs-go/constructs/v10"

	"github.com/efsfargate/efsfargate/internal/ecsrules"
)

// Invalid props panic, like CDK's own validation errors, with the messages
// of internal/ecsrules so the spec validator and the construct agree.

// childPath is the construct path id will get under scope, for messages
// written before the construct exists.
func childPath(scope constructs.Construct, id *string) string {
	p := *scope.Node().Path()
	if id == nil {
		return p
	}
	return path.Join(p, *id)
}

// platformVersions maps CDK's enum to the version ECS sees.
var platformVersions = map[awsecs.FargatePlatformVersion]string{
	awsecs.FargatePlatformVersion_LATEST:     "LATEST",
	awsecs.FargatePlatformVersion_VERSION1_4: "1.4.0",
	awsecs.FargatePlatformVersion_VERSION1_3: "1.3.0",
	awsecs.FargatePlatformVersion_VERSION1_2: "1.2.0",
	awsecs.FargatePlatformVersion_VERSION1_1: "1.1.0",
	awsecs.FargatePlatformVersion_VERSION1_0: "1.0.0",
}

// PlatformVersion returns CDK's enum for a platform version string
// ("LATEST", "1.4.0"), or an error naming the versions CDK can express.
func PlatformVersion(v string) (awsecs.FargatePlatformVersion, error) {
	if err := ecsrules.CheckPlatformVersion(v); err != nil {
		return "", err
	}
	for enum, s := range platformVersions {
		if s == v {
			return enum, nil
		}
	}
	return "", fmt.Errorf("platform version %s has no aws-ecs FargatePlatformVersion value (use LATEST or 1.4.0)", v)
}

func checkPlatformVersion(v awsecs.FargatePlatformVersion) error {
	s, ok := platformVersions[v]
	if !ok {
		return fmt.Errorf("platform version %q is not a FargatePlatformVersion value (use LATEST or VERSION1_4)", string(v))
	}
	return ecsrules.CheckPlatformVersion(s)
}

var (
	performanceModes = map[awsefs.PerformanceMode]string{
		"":                                     "generalPurpose",
		awsefs.PerformanceMode_GENERAL_PURPOSE: "generalPurpose",
		awsefs.PerformanceMode_MAX_IO:          "maxIO",
	}
	throughputModes = map[awsefs.ThroughputMode]string{
		"":                                "bursting",
		awsefs.ThroughputMode_BURSTING:    "bursting",
		awsefs.ThroughputMode_ELASTIC:     "elastic",
		awsefs.ThroughputMode_PROVISIONED: "provisioned",
	}
)

func checkThroughput(perf awsefs.PerformanceMode, throughput awsefs.ThroughputMode, provisioned awscdk.Size) error {
	var mibps float64
	if provisioned != nil {
		mibps = *provisioned.ToMebibytes(nil)
	}
	return errors.Join(ecsrules.CheckThroughput(performanceModes[perf], throughputModes[throughput], mibps)...)
}

// check applies EFS's rules to a new file system's options.
func (p *SharedFileSystemProps) check() error {
	errs := []error{checkThroughput(p.PerformanceMode, p.ThroughputMode, p.ProvisionedThroughputPerSecond)}
	if p.KmsKey != nil && p.Encrypted != nil && !*p.Encrypted {
		errs = append(errs, errors.New("a KMS key needs Encrypted (leave it unset or true)"))
	}
	return errors.Join(errs...)
}

// validate returns every problem with props; the caller panics with them.
func (p *EfsFargateServiceProps) validate() error {
	var errs []error
	add := func(format string, a ...interface{}) { errs = append(errs, fmt.Errorf(format, a...)) }
	if p.Cluster == nil {
		add("Cluster is required")
	}
	if p.Image == nil {
		add("Image is required")
	}
	if err := ecsrules.CheckCPUMemory(int(num(p.Cpu, defaultCPU)), int(num(p.MemoryLimitMiB, defaultMemory))); err != nil {
		errs = append(errs, err)
	}
	for _, f := range []struct {
		name string
		v    *float64
	}{{"Cpu", p.Cpu}, {"MemoryLimitMiB", p.MemoryLimitMiB}, {"DesiredCount", p.DesiredCount}, {"ContainerPort", p.ContainerPort}} {
		if f.v != nil && (*f.v < 0 || *f.v != float64(int64(*f.v))) {
			add("%s %v must be a whole number of at least 0", f.name, *f.v)
		}
	}
	if p.PlatformVersion != "" {
		if err := checkPlatformVersion(p.PlatformVersion); err != nil {
			errs = append(errs, err)
		}
	}
	if p.FileSystem != nil && p.FileSystemProps != nil {
		add("set FileSystem (an existing or shared file system) or FileSystemProps (a new one), not both")
	}
	if p.FileSystemProps != nil {
		if err := p.FileSystemProps.check(); err != nil {
			errs = append(errs, err)
		}
	}
	if p.Volumes != nil {
		errs = append(errs, checkVolumes(*p.Volumes)...)
	}
	return errors.Join(errs...)
}

func checkVolumes(vols []*EfsVolume) []error {
	var errs []error
	paths := map[string]bool{}
	first := map[string]*EfsVolume{}
	for i, v := range vols {
		if v == nil || v.Name == nil || *v.Name == "" {
			errs = append(errs, fmt.Errorf("Volumes[%d]: Name is required", i))
			continue
		}
		name := *v.Name
		if v.ContainerPath == nil || !strings.HasPrefix(*v.ContainerPath, "/") {
			errs = append(errs, fmt.Errorf("volume %s: ContainerPath must be an absolute path", name))
		} else if paths[*v.ContainerPath] {
			errs = append(errs, fmt.Errorf("volume %s: ContainerPath %s is mounted twice", name, *v.ContainerPath))
		} else {
			paths[*v.ContainerPath] = true
		}
		if v.Path != nil && !strings.HasPrefix(*v.Path, "/") {
			errs = append(errs, fmt.Errorf("volume %s: Path must be an absolute path on the file system", name))
		}
		if v.AccessPoint != nil && (v.Path != nil || v.PosixUser != nil || v.CreateAcl != nil) {
			errs = append(errs, fmt.Errorf("volume %s: Path, PosixUser and CreateAcl describe a new access point; leave them unset with AccessPoint", name))
		}
		if f, seen := first[name]; seen {
			// A second mount of the same volume reuses the first one's access point.
			if v.AccessPoint != nil && v.AccessPoint != f.AccessPoint || v.Path != nil || v.PosixUser != nil || v.CreateAcl != nil {
				errs = append(errs, fmt.Errorf("volume %s: describe its access point on its first entry only", name))
			}
			continue
		}
		first[name] = v
	}
	return errs
}

func num(v *float64, def float64) float64 {
	if v == nil {
		return def
	}
	return *v
}
