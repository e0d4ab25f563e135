package spec

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/efsfargate/efsfargate/internal/ecsrules"
)

// resolve checks a decoded File and turns it into a Project with every
// default filled in. It records every problem and keeps going, so the user
// sees them all at once.
type resolver struct {
	d          *decoder
	p          *Project
	volumeDefs map[string]*volumeDef
	volumeIDs  map[string]string // access-point logical-ID fragment → volume name
	rootAccess []rootAccessUse
}

// fail records an error located at path (or its nearest located parent),
// unless decoding already reported that field: one mistake, one message.
func (r *resolver) fail(path, fix, format string, args ...any) {
	if r.failedAt(path, false) {
		return
	}
	r.d.add(r.located(path, fix, format, args...))
}

// warn records a problem that does not stop the stack from deploying.
func (r *resolver) warn(path, fix, format string, args ...any) {
	r.p.Warnings = append(r.p.Warnings, r.located(path, fix, format, args...))
}

// located is a FieldError at path, or at its nearest located parent.
func (r *resolver) located(path, fix, format string, args ...any) *FieldError {
	e := &FieldError{File: r.d.file, Path: path, Msg: fmt.Sprintf(format, args...), Fix: fix}
	for p := path; ; p = parentPath(p) {
		if at, ok := r.d.pos[p]; ok {
			e.Line, e.Col = at.line, at.col
			break
		}
		if p == "" {
			break
		}
	}
	return e
}

// failErr records an ecsrules error, whose message carries its own fix.
func (r *resolver) failErr(path string, err error) {
	if err != nil {
		r.fail(path, "", "%s", err.Error())
	}
}

// failedAt reports whether an error is already recorded at path or, with
// under, anywhere below it.
func (r *resolver) failedAt(path string, under bool) bool {
	return r.d.errAt[path] || (under && r.d.errUnder[path])
}

func parentPath(p string) string {
	if i := strings.LastIndexAny(p, ".["); i >= 0 {
		return p[:i]
	}
	return ""
}

func resolveFile(d *decoder, f *File) *Project {
	r := &resolver{d: d, p: &Project{}}
	p := r.p
	p.App = f.App
	if _, given := d.pos["app"]; given && !appNameRe.MatchString(f.App) {
		r.fail("app", appNameRule, "%q is not a valid app name", f.App)
	}
	p.Stage = deref(f.Stage, defStage)
	if !appNameRe.MatchString(p.Stage) {
		r.fail("stage", appNameRule, "%q is not a valid stage name", p.Stage)
	}
	p.LogRetentionDays = deref(f.LogRetentionDays, defLogRetentionDays)
	if !slices.Contains(logRetentionDays, p.LogRetentionDays) {
		r.fail("log_retention_days", "use one of "+joinInts(logRetentionDays), "%d is not a CloudWatch Logs retention value", p.LogRetentionDays)
	}
	p.Layout = r.enum("layout", f.Layout, defLayout, layouts...)
	r.fileSystem(f.FileSystem)
	r.network(f.Network)
	r.cluster(f.Cluster)
	if len(f.Services) == 0 && d.pos["services"] != (pos{}) {
		r.fail("services", "add at least one service with an image", "no services")
	}
	r.services(f.Services)
	r.workloads()
	r.checkRootAccess()
	r.checkDefaultPaths()
	r.checkParameters()
	p.volumeIndex = make(map[string]int, len(r.volumeDefs))
	for name, def := range r.volumeDefs {
		p.volumeIndex[name] = def.index
	}
	return p
}

func deref[T any](v *T, def T) T {
	if v == nil {
		return def
	}
	return *v
}

func joinInts(v []int) string {
	s := make([]string, len(v))
	for i, n := range v {
		s[i] = strconv.Itoa(n)
	}
	return strings.Join(s, ", ")
}

func (r *resolver) fileSystem(f *FileSystemFile) {
	fs := &r.p.FileSystem
	if f == nil {
		f = &FileSystemFile{}
	}
	fs.Managed = f.ID == nil
	if !fs.Managed {
		fs.ID = f.ID.value()
		if fs.ID.Literal != "" {
			r.failErr("file_system.id", ecsrules.CheckFileSystemID(fs.ID.Literal))
		}
		if f.SecurityGroup == nil {
			r.fail("file_system.security_group", "add security_group: the mount targets' group (sg-…, {parameter: …} or {import: …}); efsfargate adds the TCP 2049 rule to it", "required when file_system.id is set")
		} else {
			fs.SecurityGroup = f.SecurityGroup.value()
			if l := fs.SecurityGroup.Literal; l != "" && !sgIDRe.MatchString(l) {
				r.fail("file_system.security_group", "write a security group id such as sg-0123456789abcdef0", "%q is not a security group id", l)
			}
		}
		// Options of a managed file system mean nothing for an existing one.
		for key, set := range map[string]bool{
			"name": f.Name != nil, "performance_mode": f.PerformanceMode != nil, "throughput_mode": f.ThroughputMode != nil,
			"provisioned_throughput_mibps": f.ProvisionedThroughputMibps != nil, "encrypted": f.Encrypted != nil,
			"kms_key_id": f.KmsKeyID != nil, "lifecycle": f.Lifecycle != nil, "backup": f.Backup != nil, "removal": f.Removal != nil,
		} {
			if set {
				r.fail("file_system."+key, "remove it, or remove file_system.id to let efsfargate manage the file system", "%s only applies to a managed file system, not to an existing one (file_system.id)", key)
			}
		}
		return
	}
	if f.SecurityGroup != nil {
		r.fail("file_system.security_group", "remove it: efsfargate creates the managed file system's group", "only used with file_system.id")
	}
	fs.Name = deref(f.Name, r.p.Name()+"-efs")
	r.failErr("file_system.name", ecsrules.CheckEFSTagValue("the file system's Name tag", fs.Name))
	fs.PerformanceMode = r.enum("file_system.performance_mode", f.PerformanceMode, defPerformanceMode, performanceModes...)
	fs.ThroughputMode = r.enum("file_system.throughput_mode", f.ThroughputMode, defThroughputMode, throughputModes...)
	fs.ProvisionedThroughputMibps = deref(f.ProvisionedThroughputMibps, 0)
	for _, err := range ecsrules.CheckThroughput(fs.PerformanceMode, fs.ThroughputMode, fs.ProvisionedThroughputMibps) {
		if _, given := r.d.pos["file_system.provisioned_throughput_mibps"]; given && errors.Is(err, ecsrules.ErrProvisionedNeedsValue) {
			continue // a value was given: its range is checked below
		}
		at := "file_system.throughput_mode"
		if errors.Is(err, ecsrules.ErrValueNeedsProvisioned) {
			at = "file_system.provisioned_throughput_mibps"
		}
		r.failErr(at, err)
	}
	if fs.ThroughputMode == "provisioned" && f.ProvisionedThroughputMibps != nil {
		r.failErr("file_system.provisioned_throughput_mibps", ecsrules.CheckProvisionedMibps(fs.ProvisionedThroughputMibps))
	}
	fs.Encrypted = deref(f.Encrypted, defEncrypted)
	fs.KmsKeyID = deref(f.KmsKeyID, "")
	if fs.KmsKeyID != "" && !fs.Encrypted {
		r.fail("file_system.kms_key_id", "remove kms_key_id or set encrypted: true", "a KMS key needs encrypted: true")
	} else if f.KmsKeyID != nil {
		r.failErr("file_system.kms_key_id", ecsrules.CheckKMSKeyID(fs.KmsKeyID))
	}
	fs.Backup = deref(f.Backup, defBackup)
	fs.Retain = r.enum("file_system.removal", f.Removal, defRemoval, removals...) == "retain"
	if l := f.Lifecycle; l != nil {
		fs.Lifecycle.TransitionToIA = r.enum("file_system.lifecycle.transition_to_ia", l.TransitionToIA, "", toIAValues...)
		fs.Lifecycle.TransitionToArchive = r.enum("file_system.lifecycle.transition_to_archive", l.TransitionToArchive, "", toArchiveValues...)
		fs.Lifecycle.TransitionToPrimary = r.enum("file_system.lifecycle.transition_to_primary", l.TransitionToPrimary, "", toPrimaryValues...)
		if fs.Lifecycle.TransitionToArchive != "" && fs.ThroughputMode != "elastic" {
			r.fail("file_system.lifecycle.transition_to_archive", "set file_system.throughput_mode: elastic or remove transition_to_archive", "the Archive storage class needs elastic throughput")
		}
	}
}

// enum returns *v (or def) and records an error when it is not allowed.
func (r *resolver) enum(path string, v *string, def string, allowed ...string) string {
	if v == nil {
		return def
	}
	if !slices.Contains(allowed, *v) {
		fix := "use " + strings.Join(allowed, " or ")
		if s := suggest(*v, allowed); s != "" {
			fix = "did you mean " + s + "?"
		}
		r.fail(path, fix, "%q is not allowed", *v)
		return def
	}
	return *v
}

func (r *resolver) network(f *NetworkFile) {
	n := &r.p.Network
	n.SubnetCount = defSubnetCount
	if f == nil {
		f = &NetworkFile{}
	}
	n.AssignPublicIP = deref(f.AssignPublicIP, defAssignPublicIP)
	n.Default = f.VPC == nil && f.Subnets == nil
	switch {
	case f.VPC != nil && f.Subnets == nil:
		r.fail("network.subnets", "add subnets: a list of subnet ids (one per Availability Zone) or {parameter: SubnetIds}", "required when network.vpc is set")
	case f.VPC == nil && f.Subnets != nil:
		r.fail("network.vpc", "add vpc: vpc-… or {parameter: VpcId}", "required when network.subnets is set")
	}
	n.VPC = Value{Parameter: defVPCParameter}
	if f.VPC != nil {
		n.VPC = f.VPC.value()
		if n.VPC.Import != "" {
			r.fail("network.vpc", "use vpc-… or {parameter: VpcId}", "the VPC cannot be imported")
		}
		if l := n.VPC.Literal; l != "" && !vpcIDRe.MatchString(l) {
			r.fail("network.vpc", "write a VPC id such as vpc-0123456789abcdef0", "%q is not a VPC id", l)
		}
	}
	n.SubnetsParameter = defSubnetsParameter
	if s := f.Subnets; s != nil {
		n.SubnetsParameter = s.Parameter
		r.subnets(s.List)
	}
	if f.SubnetCount != nil {
		n.SubnetCount = *f.SubnetCount
		if n.SubnetsParameter == "" {
			r.fail("network.subnet_count", "remove it: the listed subnets fix the number of mount targets", "only used when subnets come from a parameter")
		} else if !inRange("NetworkFile.subnet_count", n.SubnetCount) {
			r.fail("network.subnet_count", "use 1 to 6, one per Availability Zone the tasks use", "%d is out of range", n.SubnetCount)
		}
	}
}

func (r *resolver) subnets(list []SubnetEntry) {
	n := &r.p.Network
	seen := map[string]bool{}
	withAZ := 0
	for i, s := range list {
		path := index("network.subnets", i)
		if !subnetIDRe.MatchString(s.ID) {
			r.fail(path, "write a subnet id such as subnet-0123456789abcdef0", "%q is not a subnet id", s.ID)
		}
		if seen[s.ID] {
			r.fail(path, "remove the duplicate", "subnet %s is listed twice", s.ID)
		}
		seen[s.ID] = true
		if s.AZ != "" {
			withAZ++
			if !azRe.MatchString(s.AZ) {
				r.fail(join(path, "az"), "write an Availability Zone name such as us-east-1a", "%q is not an Availability Zone name", s.AZ)
			}
		}
		n.Subnets = append(n.Subnets, Subnet(s))
	}
	// Mixed knowledge would make the one-mount-target-per-AZ rule a guess.
	if withAZ > 0 && withAZ < len(list) {
		r.fail("network.subnets", "give az for every subnet or for none (then each subnet must be in its own AZ)", "some subnets have an az and some do not")
	}
}

func (r *resolver) cluster(f *ValueFile) {
	r.p.ClusterDefault = f == nil
	r.p.Cluster = Value{Parameter: defClusterParameter}
	if f == nil {
		return
	}
	r.p.Cluster = f.value()
	if l := r.p.Cluster.Literal; l != "" && !clusterRe.MatchString(l) {
		r.fail("cluster", "give a cluster name (letters, digits, hyphens, underscores) or arn:aws:ecs:<region>:<account>:cluster/<name>", "%q is not a cluster name or ARN", l)
	}
}
