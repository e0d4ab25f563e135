package spec

import (
	"fmt"
	"reflect"
	"testing"
)

// The default tags, which the schema publishes, are what Parse produces for
// an empty service, volume, health check, access point and file system.
func TestDefaultsMatchTags(t *testing.T) {
	p := mustParse(t, `app: shop
file_system: {}
services:
  web:
    image: nginx
    health_check: {command: [CMD, "true"]}
    volumes:
      - {name: data, path: /data, access_point: {}}
`)
	s, m, v, h := p.Services[0], p.Services[0].Mounts[0], p.Volumes[0], p.Services[0].HealthCheck
	fs, n := p.FileSystem, p.Network
	removal := map[bool]string{true: "retain", false: "destroy"}[fs.Retain]
	got := map[string]any{
		"File.stage":                            p.Stage,
		"File.log_retention_days":               p.LogRetentionDays,
		"File.layout":                           p.Layout,
		"File.cluster":                          fmt.Sprintf("{parameter: %s}", p.Cluster.Parameter),
		"FileSystemFile.name":                   fs.Name,
		"FileSystemFile.performance_mode":       fs.PerformanceMode,
		"FileSystemFile.throughput_mode":        fs.ThroughputMode,
		"FileSystemFile.encrypted":              fs.Encrypted,
		"FileSystemFile.backup":                 fs.Backup,
		"FileSystemFile.removal":                removal,
		"NetworkFile.vpc":                       fmt.Sprintf("{parameter: %s}", n.VPC.Parameter),
		"NetworkFile.subnets":                   fmt.Sprintf("{parameter: %s}", n.SubnetsParameter),
		"NetworkFile.subnet_count":              n.SubnetCount,
		"NetworkFile.assign_public_ip":          n.AssignPublicIP,
		"ServiceFile.cpu":                       s.CPU,
		"ServiceFile.memory":                    s.Memory,
		"ServiceFile.desired_count":             s.DesiredCount,
		"ServiceFile.platform_version":          s.PlatformVersion,
		"ServiceFile.id_prefix":                 s.IDPrefix,
		"ServiceFile.container_name":            s.ContainerName,
		"ServiceFile.family":                    s.Family,
		"ServiceFile.deployment":                s.Deployment,
		"ServiceFile.multiple_writers":          s.MultipleWriters,
		"ServiceFile.read_only_root_filesystem": s.ReadOnlyRootFilesystem,
		"HealthCheckFile.interval":              h.Interval,
		"HealthCheckFile.timeout":               h.Timeout,
		"HealthCheckFile.retries":               h.Retries,
		"HealthCheckFile.start_period":          h.StartPeriod,
		"VolumeLong.read_only":                  m.ReadOnly,
		"VolumeLong.root_access":                m.RootAccess,
		"AccessPointFile.path":                  v.Path,
		"AccessPointFile.uid":                   v.UID,
		"AccessPointFile.gid":                   v.GID,
		"AccessPointFile.permissions":           v.Permissions,
	}
	// Derived defaults are described by their tag; here is what each
	// description means for this spec.
	derived := map[string]any{
		"<app>-<stage>-efs":             "shop-dev-efs",
		"the service name in CamelCase": "Web",
		"recreate for a known single-writer image (databases, jenkins, grafana …) with a writable volume, else rolling": "rolling",
		"the user of a known image that writes the volume (postgres, mongo … 999), else 1000":                           "1000",
		"the service name":        "web",
		"<app>-<stage>-<service>": "shop-dev-web",
		"/<volume-name>":          "/data",
	}
	// Defaults the validator enforces rather than stores: any other value
	// is refused, so the model has no field for them.
	enforced := map[string]string{
		"VolumeLong.transit_encryption": "transit_encryption: false",
		"VolumeLong.iam_authorization":  "iam_authorization: false",
		"VolumeLong.root_directory":     "root_directory: /data",
	}
	seen := 0
	for _, typ := range []reflect.Type{reflect.TypeOf(File{}), reflect.TypeOf(FileSystemFile{}), reflect.TypeOf(NetworkFile{}),
		reflect.TypeOf(ServiceFile{}), reflect.TypeOf(HealthCheckFile{}), reflect.TypeOf(VolumeLong{}), reflect.TypeOf(AccessPointFile{}), reflect.TypeOf(LifecycleFile{})} {
		for i := range typ.NumField() {
			f := typ.Field(i)
			def, ok := f.Tag.Lookup("default")
			if !ok {
				continue
			}
			seen++
			key := typ.Name() + "." + f.Tag.Get("yaml")
			if bad, ok := enforced[key]; ok {
				src := "app: shop\nservices:\n  web:\n    image: nginx\n    volumes:\n      - {name: data, path: /data, " + bad + "}\n"
				if _, err := Parse("t.yml", []byte(src)); err == nil {
					t.Errorf("%s: default %s is not enforced: %s accepted", key, def, bad)
				}
				continue
			}
			value, ok := got[key]
			if !ok {
				t.Errorf("%s has default %q that this test does not check", key, def)
				continue
			}
			want := typedDefault(f.Type, def)
			if d, ok := derived[def]; ok {
				want = d
			}
			if !reflect.DeepEqual(value, want) {
				t.Errorf("%s: Parse gives %#v, the tag says %#v", key, value, want)
			}
		}
	}
	if seen != len(got)+len(enforced) {
		t.Errorf("%d default tags, %d checked", seen, len(got)+len(enforced))
	}
}
