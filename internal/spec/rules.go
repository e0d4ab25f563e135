package spec

import (
	"regexp"

	"github.com/efsfargate/efsfargate/internal/ecsrules"
)

// Rules the validator enforces that JSON Schema can state, keyed by
// "<Go type>.<yaml key>". The resolver checks values against these tables
// and the schema publishes them, so an editor flags what validate refuses.

// intRange is an inclusive range of a whole-number field.
type intRange struct{ min, max int }

var intRanges = map[string]intRange{
	"ServiceFile.port":             {1, 65535},
	"ServiceFile.desired_count":    {0, ecsrules.MaxDesiredCount},
	"NetworkFile.subnet_count":     {1, 6},
	"HealthCheckFile.interval":     {5, 300}, // ECS HealthCheck: interval 5-300 s
	"HealthCheckFile.timeout":      {2, 120}, // timeout 2-120 s
	"HealthCheckFile.retries":      {1, 10},  // retries 1-10
	"HealthCheckFile.start_period": {0, 300}, // startPeriod 0-300 s
	"AccessPointFile.uid":          {0, 4294967295},
	"AccessPointFile.gid":          {0, 4294967295},
}

// inRange reports whether v is within the range of key.
func inRange(key string, v int) bool {
	r := intRanges[key]
	return v >= r.min && v <= r.max
}

var (
	// containerPathRe is an absolute, clean path that is not /: no empty,
	// ".." or trailing component.
	containerPathRe = regexp.MustCompile(`^(/([^/.][^/]*|\.[^/.][^/]*|\.\.[^/]+|\.))+$`)
	// volumeShortRe is the short volumes form: a volume name, a container
	// path without colons, and an optional mode.
	volumeShortRe = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]{0,` + itoa(maxVolumeLogicalName-1) + `}:(/([^/.:][^/:]*|\.[^/.:][^/:]*|\.\.[^/:]+|\.))+(:(ro|rw))?$`)
	// accessPointPathRe is EFS's Path pattern without the look-ahead RE2
	// lacks: each of one to four components starts with anything but ".".
	accessPointPathRe = regexp.MustCompile("^(/|(/[^.$#<>;`|&?{}^*/\\n\\x00-\\x1f\\x7f][^$#<>;`|&?{}^*/\\n\\x00-\\x1f\\x7f]*){1,4})$")
	// platformSchemaRe is LATEST or a version 1.4.0 or later.
	platformSchemaRe = regexp.MustCompile(`^(LATEST|1\.([4-9]|[1-9][0-9]{1,8})\.(0|[1-9][0-9]{0,8})|([2-9]|[1-9][0-9]{1,8})\.(0|[1-9][0-9]{0,8})\.(0|[1-9][0-9]{0,8}))$`)
	// tagValueRe is EFS's tag value pattern (see ecsrules.CheckEFSTagValue).
	tagValueRe      = regexp.MustCompile(`^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$`)
	idPrefixRe      = regexp.MustCompile(`^([A-Za-z][A-Za-z0-9]*)?$`)
	fileSystemIDRe  = regexp.MustCompile(`^fs-[0-9a-f]{8,40}$`)
	accessPointIDRe = regexp.MustCompile(`^fsap-[0-9a-f]{8,40}$`)
	permissionsRe   = regexp.MustCompile(`^[0-7]{3,4}$`)
)

// stringRule is a pattern and length limits of a string field.
type stringRule struct {
	pattern *regexp.Regexp
	maxLen  int // 0: none
}

var stringRules = map[string]stringRule{
	"File.app":                     {pattern: appNameRe},
	"File.stage":                   {pattern: appNameRe},
	"FileSystemFile.name":          {pattern: tagValueRe, maxLen: ecsrules.MaxTagValueLength},
	"FileSystemFile.kms_key_id":    {pattern: regexp.MustCompile(ecsrules.KMSKeyPattern()), maxLen: ecsrules.MaxKMSKeyIDLength},
	"ServiceFile.image":            {pattern: regexp.MustCompile(ecsrules.ImagePattern), maxLen: ecsrules.MaxImageLength},
	"ServiceFile.platform_version": {pattern: platformSchemaRe},
	"ServiceFile.id_prefix":        {pattern: idPrefixRe, maxLen: maxIDPrefix},
	"ServiceFile.container_name":   {pattern: ecsNameRe},
	"ServiceFile.family":           {pattern: ecsNameRe},
	"ServiceFile.user":             {pattern: userRe},
	"ServiceFile.secrets_kms_key":  {pattern: kmsKeyARNRe},
	"VolumeLong.name":              {pattern: volumeNameRe, maxLen: maxVolumeLogicalName},
	"VolumeLong.path":              {pattern: containerPathRe},
	"AccessPointFile.id":           {pattern: accessPointIDRe},
	"AccessPointFile.path":         {pattern: accessPointPathRe, maxLen: ecsrules.MaxAccessPointPathLength},
	"AccessPointFile.permissions":  {pattern: permissionsRe},
}

// literalRules are the patterns of the literal form of value fields
// (a literal, {parameter: Name} or {import: ExportName}).
var literalRules = map[string]*regexp.Regexp{
	"File.cluster":                  clusterRe,
	"FileSystemFile.id":             fileSystemIDRe,
	"FileSystemFile.security_group": sgIDRe,
	"NetworkFile.vpc":               vpcIDRe,
}
