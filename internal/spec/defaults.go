package spec

import (
	"fmt"
	"reflect"
	"regexp"
	"strings"
)

// The defaults and allowed values of the spec, read once from the
// `default:` and `enum:` tags of the file types. The tags are the one place
// they are written: the JSON Schema publishes them and the resolver applies
// these values, so the two cannot disagree. Defaults derived from other
// fields ("<app>-<stage>-efs", "/<volume-name>") are computed where they are
// resolved and only described by their tags.
var (
	defStage            = tagDefault[string](File{}, "stage")
	defLogRetentionDays = tagDefault[int](File{}, "log_retention_days")
	defClusterParameter = tagParameter(File{}, "cluster")
	defLayout           = tagDefault[string](File{}, "layout")
	layouts             = tagEnum(File{}, "layout")

	defPerformanceMode = tagDefault[string](FileSystemFile{}, "performance_mode")
	defThroughputMode  = tagDefault[string](FileSystemFile{}, "throughput_mode")
	defEncrypted       = tagDefault[bool](FileSystemFile{}, "encrypted")
	defBackup          = tagDefault[bool](FileSystemFile{}, "backup")
	defRemoval         = tagDefault[string](FileSystemFile{}, "removal")
	performanceModes   = tagEnum(FileSystemFile{}, "performance_mode")
	throughputModes    = tagEnum(FileSystemFile{}, "throughput_mode")
	removals           = tagEnum(FileSystemFile{}, "removal")
	toIAValues         = tagEnum(LifecycleFile{}, "transition_to_ia")
	toArchiveValues    = tagEnum(LifecycleFile{}, "transition_to_archive")
	toPrimaryValues    = tagEnum(LifecycleFile{}, "transition_to_primary")

	defVPCParameter     = tagParameter(NetworkFile{}, "vpc")
	defSubnetsParameter = tagParameter(NetworkFile{}, "subnets")
	defSubnetCount      = tagDefault[int](NetworkFile{}, "subnet_count")
	defAssignPublicIP   = tagDefault[bool](NetworkFile{}, "assign_public_ip")

	defCPU             = tagDefault[int](ServiceFile{}, "cpu")
	defMemory          = tagDefault[int](ServiceFile{}, "memory")
	defDesiredCount    = tagDefault[int](ServiceFile{}, "desired_count")
	defPlatformVersion = tagDefault[string](ServiceFile{}, "platform_version")

	defInterval    = tagDefault[int](HealthCheckFile{}, "interval")
	defTimeout     = tagDefault[int](HealthCheckFile{}, "timeout")
	defRetries     = tagDefault[int](HealthCheckFile{}, "retries")
	defStartPeriod = tagDefault[int](HealthCheckFile{}, "start_period")

	defReadOnly          = tagDefault[bool](VolumeLong{}, "read_only")
	defRootAccess        = tagDefault[bool](VolumeLong{}, "root_access")
	defTransitEncryption = tagDefault[bool](VolumeLong{}, "transit_encryption")
	defIAMAuthorization  = tagDefault[bool](VolumeLong{}, "iam_authorization")
	defRootDirectory     = tagDefault[string](VolumeLong{}, "root_directory")

	defUID         = tagDefault[int](AccessPointFile{}, "uid")
	defGID         = tagDefault[int](AccessPointFile{}, "gid")
	defPermissions = tagDefault[string](AccessPointFile{}, "permissions")
)

// fieldTag returns a tag of the field with yaml key key in the struct of v;
// it panics at start-up when the field or tag is missing.
func fieldTag(v any, key, tag string) (reflect.StructField, string) {
	t := reflect.TypeOf(v)
	fields, _ := fieldsOf(t)
	i, ok := fields[key]
	if !ok {
		panic(fmt.Sprintf("spec: %s has no field %q", t, key))
	}
	f := t.Field(i)
	s, ok := f.Tag.Lookup(tag)
	if !ok {
		panic(fmt.Sprintf("spec: %s.%s has no %s tag", t, key, tag))
	}
	return f, s
}

// tagDefault reads a literal default in the Go type T of its field.
func tagDefault[T any](v any, key string) T {
	f, s := fieldTag(v, key, "default")
	x, ok := typedDefault(f.Type, s).(T)
	if !ok {
		panic(fmt.Sprintf("spec: default %q of %s.%s is not a %T", s, reflect.TypeOf(v), key, x))
	}
	return x
}

// tagEnum reads the allowed values of a string field.
func tagEnum(v any, key string) []string {
	_, s := fieldTag(v, key, "enum")
	return strings.Split(s, ",")
}

var parameterDefaultRe = regexp.MustCompile(`^\{parameter: ([A-Za-z][A-Za-z0-9]*)\}$`)

// tagParameter reads a default written as {parameter: Name}.
func tagParameter(v any, key string) string {
	_, s := fieldTag(v, key, "default")
	m := parameterDefaultRe.FindStringSubmatch(s)
	if m == nil {
		panic(fmt.Sprintf("spec: default %q of %s.%s is not {parameter: Name}", s, reflect.TypeOf(v), key))
	}
	return m[1]
}
