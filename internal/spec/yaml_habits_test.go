package spec

import (
	"reflect"
	"strings"
	"testing"
)

// Compose habits are accepted: x- keys at any level are ignored, anchors,
// aliases and << merge keys work, and the mapping's own keys win over
// merged ones.
func TestComposeHabits(t *testing.T) {
	p := mustParse(t, `app: shop
x-common: &common
  image: nginx:latest
  cpu: 512
  memory: 1024
  environment: &env {LOG_LEVEL: info, REGION: eu}
x-volumes: &vols ["data:/data", "cache:/cache:ro"]
services:
  x-notes: {anything: [1, 2]}
  web:
    <<: *common
    memory: 2048
    x-owner: team-a
    volumes: *vols
  worker:
    <<: [*common, {desired_count: 3, cpu: 256}]
    environment:
      <<: *env
      REGION: us
    volumes:
      - {name: data, path: /data, x-comment: shared, access_point: {uid: 33, gid: 82, x-why: www-data}}
file_system:
  x-review: pending
  backup: true
`)
	web, worker := p.Services[0], p.Services[1]
	if len(p.Services) != 2 || web.Name != "web" || worker.Name != "worker" {
		t.Fatalf("services: %+v", p.Services)
	}
	if web.Image != "nginx:latest" || web.CPU != 512 || web.Memory != 2048 {
		t.Errorf("web: merged image/cpu and own memory: %+v", web)
	}
	if worker.CPU != 512 || worker.Memory != 1024 || worker.DesiredCount != 3 {
		t.Errorf("worker: the first merged mapping wins: cpu %d memory %d desired %d", worker.CPU, worker.Memory, worker.DesiredCount)
	}
	if want := []EnvVar{{"LOG_LEVEL", "info"}, {"REGION", "us"}}; !reflect.DeepEqual(worker.Environment, want) {
		t.Errorf("worker environment %+v, want %+v", worker.Environment, want)
	}
	if want := []Mount{{Volume: "data", Path: "/data"}, {Volume: "cache", Path: "/cache", ReadOnly: true}}; !reflect.DeepEqual(web.Mounts, want) {
		t.Errorf("web mounts %+v", web.Mounts)
	}
	if v := p.Volume("data"); v.UID != 33 || v.GID != 82 {
		t.Errorf("data access point %+v", v)
	}
}

// Explicit core-schema tags are honoured as YAML 1.2 defines them.
func TestCoreTagsHonoured(t *testing.T) {
	p := mustParse(t, `app: !!str shop
stage: !!str prod
file_system:
  encrypted: !!bool true
  backup: !!bool FALSE
  throughput_mode: provisioned
  provisioned_throughput_mibps: !!float 128
services:
  web:
    image: !!str 1234
    cpu: !!int 0x200
    memory: !!int 1024
    port: !!int +80
    desired_count: !!null
    environment: !!map {N: !!str 0o17, B: !!bool true}
    command: !!seq [!!str 1, "2"]
`)
	s := p.Services[0]
	if p.Stage != "prod" || s.Image != "1234" || s.CPU != 512 || s.Memory != 1024 || s.Port != 80 || s.DesiredCount != 1 {
		t.Errorf("service %+v stage %q", s, p.Stage)
	}
	if !p.FileSystem.Encrypted || p.FileSystem.Backup || p.FileSystem.ProvisionedThroughputMibps != 128 {
		t.Errorf("file system %+v", p.FileSystem)
	}
	if want := []EnvVar{{"B", "true"}, {"N", "0o17"}}; !reflect.DeepEqual(s.Environment, want) {
		t.Errorf("environment %+v", s.Environment)
	}
	if !reflect.DeepEqual(s.Command, []string{"1", "2"}) {
		t.Errorf("command %q", s.Command)
	}
}

// Integers in every YAML 1.2 core form, and the largest exact one.
func TestCoreIntegers(t *testing.T) {
	for in, want := range map[string]int64{"512": 512, "+512": 512, "0x200": 512, "0o1000": 512, "0": 0, "-0": 0, "9007199254740991": 1<<53 - 1} {
		if got, msg := coreInt(in); msg != "" || got != want {
			t.Errorf("coreInt(%q) = %d, %q; want %d", in, got, msg, want)
		}
	}
	for _, in := range []string{"9007199254740992", "-9007199254740992", "017", "1_000", "0b10", "0x", "1.0", "99999999999999999999"} {
		if _, msg := coreInt(in); msg == "" {
			t.Errorf("coreInt(%q) accepted", in)
		}
	}
	for in, ok := range map[string]bool{"1.5": true, "1e3": true, ".5": true, "128": true, ".inf": false, "-.Inf": false, ".nan": false, "1e400": false, "fast": false} {
		if _, msg := coreFloatValue(in); (msg == "") != ok {
			t.Errorf("coreFloatValue(%q): %q", in, msg)
		}
	}
}

// The non-specific tag "!" makes a plain scalar a string, as YAML defines.
func TestNonSpecificTagIsAString(t *testing.T) {
	for src, want := range map[string]string{
		"    port: ! 80\n":                               `services.web.port: expected a whole number, got "80"`,
		"    port: &p ! 80\n":                            `services.web.port: expected a whole number, got "80"`,
		"    cpu: !\t512\n":                              `services.web.cpu: expected a whole number, got "512"`,
		"    environment: {A: ! true}\n    port: ! 80\n": `services.web.port: expected a whole number, got "80"`,
	} {
		_, err := Parse("t.yml", []byte("app: shop\nservices:\n  web:\n    image: nginx\n"+src))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: got %v, want %q", src, err, want)
		}
	}
	p := mustParse(t, "app: shop\nservices:\n  web:\n    image: ! 1234\n    environment: {A: ! 12}\n")
	if p.Services[0].Image != "1234" || p.Services[0].Environment[0].Value != "12" {
		t.Errorf("strings: %+v", p.Services[0])
	}
}
