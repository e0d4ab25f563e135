package efsfargate

import (
	"errors"
	"fmt"
	"path"
	"strconv"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsecs"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsefs"
	"github.com/aws/constructs-go/constructs/v10"

	"github.com/efsfargate/efsfargate/internal/ecsrules"
	"github.com/efsfargate/efsfargate/internal/plan"
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
	if p.Cluster != nil && clusterVpc(p.Cluster) == nil {
		// aws-ecs places the service's network configuration in the
		// cluster's VPC, so Vpc alone does not help.
		add("Cluster %s has no VPC (it was imported without one, e.g. with Cluster_FromClusterArn): import it with awsecs.Cluster_FromClusterAttributes and its Vpc", *p.Cluster.Node().Path())
	}
	if p.SecurityGroups != nil && len(*p.SecurityGroups) == 0 {
		add("SecurityGroups is empty (leave it unset for a new group, or give at least one)")
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
	if p.DesiredCount != nil && *p.DesiredCount == float64(int64(*p.DesiredCount)) {
		if err := ecsrules.CheckDesiredCount(int(*p.DesiredCount)); err != nil {
			errs = append(errs, err)
		}
	}
	if p.ContainerPort != nil && (*p.ContainerPort < 1 || *p.ContainerPort > 65535) {
		// The spec validator's words for its port field.
		add("ContainerPort: port %v is out of range (use a port from 1 to 65535)", *p.ContainerPort)
	}
	if h := p.HealthCheck; h != nil && h.Command != nil {
		cmd := make([]string, len(*h.Command))
		for i, c := range *h.Command {
			cmd[i] = *c
		}
		if err := ecsrules.CheckHealthCheckCommand(cmd); err != nil {
			add("HealthCheck.Command: %v", err)
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
		errs = append(errs, checkVolumes(*p.Volumes, p.FileSystem)...)
	}
	return errors.Join(errs...)
}

// checkVolumes applies the spec validator's rules (and messages) to the
// volumes, and checks that given access points open fs (nil: a new file
// system, which no given access point can open).
func checkVolumes(vols []*EfsVolume, fs awsefs.IFileSystem) []error {
	var errs []error
	add := func(i int, field string, err error) {
		if err != nil {
			errs = append(errs, fmt.Errorf("Volumes[%d]%s: %w", i, field, err))
		}
	}
	paths := map[string]bool{}
	first := map[string]*EfsVolume{}
	for i, v := range vols {
		if v == nil || v.Name == nil || *v.Name == "" {
			add(i, ".Name", errors.New("volume name is missing (name the volume, e.g. data)"))
			continue
		}
		name := *v.Name
		path := ""
		if v.ContainerPath != nil {
			path = *v.ContainerPath
		}
		if err := ecsrules.CheckContainerPath(path); err != nil {
			add(i, ".ContainerPath", err)
		} else if paths[path] {
			add(i, ".ContainerPath", fmt.Errorf("container path %s is mounted twice (mount each path once)", path))
		} else {
			paths[path] = true
		}
		if f, seen := first[name]; seen {
			// A second mount of the same volume reuses the first one's access point.
			if v.AccessPoint != nil && v.AccessPoint != f.AccessPoint || v.Path != nil || v.PosixUser != nil || v.CreateAcl != nil {
				add(i, "", fmt.Errorf("volume %s: describe its access point on its first entry only", name))
			}
			continue
		}
		first[name] = v
		if v.AccessPoint != nil {
			if v.Path != nil || v.PosixUser != nil || v.CreateAcl != nil {
				add(i, "", fmt.Errorf("volume %s: Path, PosixUser and CreateAcl describe a new access point; leave them unset with AccessPoint", name))
			}
			add(i, ".AccessPoint", checkAccessPointFileSystem(v.AccessPoint, fs))
			continue
		}
		if v.Path != nil {
			add(i, ".Path", ecsrules.CheckAccessPointPath(*v.Path))
		} else {
			// The default /<volume> must fit EFS's rules too.
			add(i, ".Name", ecsrules.CheckAccessPointPath(plan.NewAccessPoint(name, plan.AccessPointOptions{}).Path))
		}
		if u := v.PosixUser; u != nil {
			add(i, ".PosixUser.Uid", checkPosixID("uid", u.Uid))
			add(i, ".PosixUser.Gid", checkPosixID("gid", u.Gid))
		}
		if a := v.CreateAcl; a != nil {
			add(i, ".CreateAcl.OwnerUid", checkPosixID("uid", a.OwnerUid))
			add(i, ".CreateAcl.OwnerGid", checkPosixID("gid", a.OwnerGid))
			if a.Permissions != nil && !*awscdk.Token_IsUnresolved(a.Permissions) {
				add(i, ".CreateAcl.Permissions", ecsrules.CheckPermissions(*a.Permissions))
			}
		}
	}
	return errs
}

// checkPosixID checks a literal uid or gid as the spec does; a token is
// left to deploy time.
func checkPosixID(what string, id *string) error {
	if id == nil || *awscdk.Token_IsUnresolved(id) {
		return nil
	}
	n, err := strconv.ParseInt(*id, 10, 64)
	if err != nil {
		return fmt.Errorf("%s %q is not a whole number (use a POSIX id from 0 to 4294967295)", what, *id)
	}
	if err := ecsrules.CheckPosixID(int(n)); err != nil {
		return fmt.Errorf("%s %s (use a POSIX id from 0 to 4294967295)", what, err)
	}
	return nil
}

// checkAccessPointFileSystem refuses an access point of another file
// system than the service's: ECS would accept the task definition and
// every mount would fail at run time.
func checkAccessPointFileSystem(ap awsefs.IAccessPoint, fs awsefs.IFileSystem) error {
	apFS := accessPointFileSystem(ap)
	if apFS == nil {
		return nil // imported by id alone: not known here
	}
	if fs == nil {
		return fmt.Errorf("access point %s opens file system %s, but FileSystem is unset, so the service would make a new one (pass %s as FileSystem)",
			*ap.Node().Path(), *apFS.Node().Path(), *apFS.Node().Path())
	}
	if apFS == fs || *apFS.Node().Path() == *fs.Node().Path() {
		return nil
	}
	a, b := apFS.FileSystemId(), fs.FileSystemId()
	if !*awscdk.Token_IsUnresolved(a) && !*awscdk.Token_IsUnresolved(b) && *a == *b {
		return nil // the same file system imported twice
	}
	return fmt.Errorf("access point %s opens file system %s, not FileSystem %s (use an access point of %s, or leave AccessPoint unset for a new one)",
		*ap.Node().Path(), *apFS.Node().Path(), *fs.Node().Path(), *fs.Node().Path())
}

// clusterVpc is the cluster's VPC, nil for a cluster imported without one
// (CDK throws when asked).
func clusterVpc(c awsecs.ICluster) (vpc awsec2.IVpc) {
	defer func() {
		if recover() != nil {
			vpc = nil
		}
	}()
	return c.Vpc()
}

func joinErrors(errs []error) error { return errors.Join(errs...) }

func num(v *float64, def float64) float64 {
	if v == nil {
		return def
	}
	return *v
}
