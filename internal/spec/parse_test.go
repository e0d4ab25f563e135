package spec

import (
	"reflect"
	"strings"
	"testing"
)

func mustParse(t *testing.T, src string) *Project {
	t.Helper()
	p, err := Parse("test.yml", []byte(src))
	if err != nil {
		t.Fatalf("unexpected errors:\n%v", err)
	}
	return p
}

// The Nanokit-style short form works as written, with every default.
func TestNanokitDefaults(t *testing.T) {
	p := mustParse(t, base)
	want := &Project{
		App: "myapp", Stage: "stage", LogRetentionDays: 30, Layout: "single",
		FileSystem: FileSystem{Managed: true, Name: "myapp-stage-efs", PerformanceMode: "generalPurpose", ThroughputMode: "bursting",
			Encrypted: true, Backup: true, Retain: true},
		Network:        Network{VPC: Value{Parameter: "VpcId"}, SubnetsParameter: "SubnetIds", SubnetCount: 2, Default: true},
		Cluster:        Value{Parameter: "ClusterArn"},
		ClusterDefault: true,
		Services: []Service{{
			Name: "database", IDPrefix: "Database", ContainerName: "database", Family: "myapp-stage-database",
			Image: "mongo:latest", CPU: 256, Memory: 512, DesiredCount: 1, PlatformVersion: "LATEST",
			Mounts:     []Mount{{Volume: "data-store", Path: "/data/db"}},
			Deployment: Recreate,
		}},
		// mongo runs as 999:999 and chowns /data/db: its access point
		// acts as that user, and a second task must never start beside it.
		Volumes:     []Volume{{Name: "data-store", Path: "/data-store", UID: 999, GID: 999, Permissions: "755"}},
		volumeIndex: map[string]int{"data-store": 0},
	}
	if !reflect.DeepEqual(p, want) {
		t.Errorf("got  %+v\nwant %+v", p, want)
	}
}

func TestReferenceSpec(t *testing.T) {
	p := Reference()
	s := p.Services[0]
	if p.FileSystem.Managed || p.FileSystem.ID.Parameter != "EFSFileSystemId" || p.FileSystem.SecurityGroup.Import != "efs-security-group-id" {
		t.Errorf("file system: %+v", p.FileSystem)
	}
	if p.Network.VPC.Parameter != "VpcId" || p.Network.SubnetsParameter != "SubnetIds" || p.Cluster.Parameter != "ClusterArn" {
		t.Errorf("parameters: network %+v cluster %+v", p.Network, p.Cluster)
	}
	if s.Name != "web-app" || s.IDPrefix != "" || s.Image != "nginx:latest" || s.Port != 80 || s.DesiredCount != 2 ||
		s.PlatformVersion != "1.4.0" || s.CPU != 256 || s.Memory != 512 || s.Family != "web-app-efs" {
		t.Errorf("service: %+v", s)
	}
	if !reflect.DeepEqual(s.Mounts, []Mount{{Volume: "shared-data", Path: "/usr/share/nginx/html"}}) {
		t.Errorf("mounts: %+v", s.Mounts)
	}
}

func TestStarterSpecIsValid(t *testing.T) {
	p, err := Parse("starter.yml", StarterYAML())
	if err != nil {
		t.Fatal(err)
	}
	if p.App != "myapp" || len(p.Services) != 1 {
		t.Errorf("starter: %+v", p)
	}
}

func TestVolumeForms(t *testing.T) {
	p := mustParse(t, `app: shop
services:
  web:
    image: nginx
    volumes:
      - uploads:/srv/uploads:ro
      - assets:/srv/assets:rw
      - name: cache
        path: /var/cache/app
        root_access: true
        access_point: {path: /caches/web, uid: 0, gid: 0, permissions: "0750"}
  worker:
    image: busybox
    volumes:
      - uploads:/data
`)
	if got := p.Services[0].Mounts; !reflect.DeepEqual(got, []Mount{
		{Volume: "uploads", Path: "/srv/uploads", ReadOnly: true},
		{Volume: "assets", Path: "/srv/assets"},
		{Volume: "cache", Path: "/var/cache/app", RootAccess: true},
	}) {
		t.Errorf("web mounts: %+v", got)
	}
	// One project-wide volume per name, in order of first use.
	names := []string{}
	for _, v := range p.Volumes {
		names = append(names, v.Name)
	}
	if !reflect.DeepEqual(names, []string{"uploads", "assets", "cache"}) {
		t.Errorf("volumes: %v", names)
	}
	if c := p.Volume("cache"); c.Path != "/caches/web" || c.UID != 0 || c.GID != 0 || c.Permissions != "0750" {
		t.Errorf("cache access point: %+v", c)
	}
	if p.Stage != "dev" || p.Services[1].Family != "shop-dev-worker" {
		t.Errorf("defaults: stage %q family %q", p.Stage, p.Services[1].Family)
	}
}

// A later explicit access point applies to the volume first seen in short form.
func TestAccessPointGivenLater(t *testing.T) {
	p := mustParse(t, `app: a
services:
  one:
    image: x
    volumes: [data:/data]
  two:
    image: y
    volumes:
      - {name: data, path: /d, access_point: {uid: 999, gid: 999}}
`)
	if v := p.Volume("data"); v.UID != 999 || v.Path != "/data" {
		t.Errorf("volume: %+v", v)
	}
}

func TestSpaceAfterColonIsExplained(t *testing.T) {
	_, err := Parse("t.yml", []byte(strings.Replace(base, "data-store:/data/db", "data-store: /data/db", 1)))
	if err == nil || !strings.Contains(err.Error(), `t.yml:7:9: services.database.volumes[0]: "data-store: /data/db" is read as a mapping, not a volume (write data-store:/data/db without a space after the colon`) {
		t.Errorf("got %v", err)
	}
}

func TestExistingFileSystemAndNetwork(t *testing.T) {
	p := mustParse(t, `app: a
stage: prod
file_system:
  id: fs-0abc123def4567890
  security_group: {import: shared-efs-sg}
network:
  vpc: vpc-0123456789abcdef0
  subnets:
    - {id: subnet-0000000000000000a, az: us-east-1a}
    - {id: subnet-0000000000000000b, az: us-east-1a}
    - {id: subnet-0000000000000000c, az: us-east-1b}
  assign_public_ip: true
cluster: arn:aws:ecs:us-east-1:123456789012:cluster/main
services:
  web:
    image: nginx
    volumes:
      - {name: site, path: /usr/share/nginx/html, access_point: {id: fsap-0123456789abcdef0}}
`)
	if p.FileSystem.Managed || p.FileSystem.ID.Literal != "fs-0abc123def4567890" || p.FileSystem.SecurityGroup.Import != "shared-efs-sg" {
		t.Errorf("file system: %+v", p.FileSystem)
	}
	if p.Volume("site").ExistingAccessPointID != "fsap-0123456789abcdef0" {
		t.Errorf("volume: %+v", p.Volume("site"))
	}
	mt := p.Network.MountTargetSubnets()
	if !reflect.DeepEqual(mt, []Subnet{{ID: "subnet-0000000000000000a", AZ: "us-east-1a"}, {ID: "subnet-0000000000000000c", AZ: "us-east-1b"}}) {
		t.Errorf("one mount target per AZ: %+v", mt)
	}
	if p.Network.Default || p.ClusterDefault || !p.Network.AssignPublicIP || p.Network.SubnetsParameter != "" {
		t.Errorf("network %+v cluster default %v", p.Network, p.ClusterDefault)
	}
}

func TestLogicalName(t *testing.T) {
	for in, want := range map[string]string{"web-app": "WebApp", "data_store": "DataStore", "api2": "Api2", "Web": "Web", "a-b-c": "ABC"} {
		if got := LogicalName(in); got != want {
			t.Errorf("LogicalName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDeterministic(t *testing.T) {
	a, _ := Parse("t.yml", []byte(base+"  web:\n    image: nginx\n    environment: {B: 2, A: 1, C: x}\n"))
	for i := 0; i < 20; i++ {
		b, _ := Parse("t.yml", []byte(base+"  web:\n    image: nginx\n    environment: {B: 2, A: 1, C: x}\n"))
		if !reflect.DeepEqual(a, b) {
			t.Fatal("two parses differ")
		}
	}
	if env := a.Services[1].Environment; env[0].Name != "A" || env[2].Name != "C" || env[1].Value != "2" {
		t.Errorf("environment not sorted: %+v", env)
	}
}

func TestPrivateECRImages(t *testing.T) {
	for image, want := range map[string]*ECRRepository{
		"123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1.0":                                   {Account: "123456789012", Region: "us-east-1", Name: "app"},
		"123456789012.dkr.ecr.eu-central-1.amazonaws.com/team/api":                               {Account: "123456789012", Region: "eu-central-1", Name: "team/api"},
		"123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/app@sha256:" + strings.Repeat("a", 64): {Account: "123456789012", Region: "cn-north-1", Name: "app"},
		"nginx:latest":                              nil,
		"public.ecr.aws/nginx/nginx:stable":         nil,
		"ghcr.io/org/app:1":                         nil,
		"12345.dkr.ecr.us-east-1.amazonaws.com/app": nil,
	} {
		p := mustParse(t, strings.Replace(base, "mongo:latest", image, 1))
		if got := p.Services[0].ImageRepository; !reflect.DeepEqual(got, want) {
			t.Errorf("%s: got %+v, want %+v", image, got, want)
		}
	}
}

// Volume finds volumes by name, also in a Project changed after Parse.
func TestProjectVolumeLookup(t *testing.T) {
	p := mustParse(t, "app: a\nservices:\n  web: {image: x, volumes: [\"a:/a\", \"b:/b\", \"c:/c\"]}\n")
	for _, name := range []string{"a", "b", "c"} {
		if v := p.Volume(name); v == nil || v.Name != name || v != &p.Volumes[indexOf(p, name)] {
			t.Errorf("Volume(%q) = %+v", name, v)
		}
	}
	if p.Volume("d") != nil {
		t.Error("Volume(d) found a volume")
	}
	p.Volumes = append(p.Volumes[1:], Volume{Name: "d"})
	for _, name := range []string{"b", "c", "d"} {
		if v := p.Volume(name); v == nil || v.Name != name {
			t.Errorf("after a change, Volume(%q) = %+v", name, v)
		}
	}
	if p.Volume("a") != nil {
		t.Error("a removed volume is still found")
	}
}

func indexOf(p *Project, name string) int {
	for i, v := range p.Volumes {
		if v.Name == name {
			return i
		}
	}
	return -1
}
