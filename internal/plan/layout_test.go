package plan

import (
	"strings"
	"testing"

	"github.com/efsfargate/efsfargate/internal/spec"
)

func stacksOf(t *testing.T, src string) ([]*Stack, error) {
	t.Helper()
	p, err := spec.Parse("s.yml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return Stacks(p)
}

func paramNames(s *Stack) string {
	var out []string
	for _, p := range s.Parameters {
		out = append(out, p.Name)
	}
	return strings.Join(out, " ")
}

// The base stack takes every parameter and passes on what services use:
// service stacks take none, and run in the subnets the base stack was
// given, in its VPC and cluster.
func TestSplitParameters(t *testing.T) {
	list, err := stacksOf(t, `app: a
layout: split
file_system: {id: {parameter: Fs}, security_group: {parameter: FsGroup}}
services:
  web: {image: nginx, volumes: [html:/usr/share/nginx/html]}
  cron: {image: busybox}
`)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, s := range list {
		got[s.Name] = paramNames(s)
	}
	want := map[string]string{
		"a-dev":      "VpcId SubnetIds ClusterArn Fs FsGroup",
		"a-dev-web":  "",
		"a-dev-cron": "",
	}
	for name, w := range want {
		if got[name] != w {
			t.Errorf("%s: parameters %q, want %q", name, got[name], w)
		}
	}
	if len(list) != 3 || !list[0].Base || list[1].DependsOn[0] != "a-dev" {
		t.Errorf("stacks %+v", list)
	}
	// The service stack imports the access point the base stack makes.
	if ap := list[1].AccessPoint("html"); ap == nil || ap.Import != "a-dev-HtmlAccessPointId" {
		t.Errorf("access point %+v", ap)
	}
	exports := map[string]bool{}
	for _, o := range list[0].Outputs {
		exports[o.Export] = true
	}
	for _, s := range list[1:] {
		got := []string{s.Network.VPC.Import, s.Network.SubnetsImport, s.Cluster.Value.Import}
		if s.Services[0].NFS != nil {
			got = append(got, s.FileSystem.SecurityGroup.Import)
		}
		for _, e := range got {
			if !exports[e] {
				t.Errorf("%s imports %q, which the base stack does not export (%v)", s.Name, e, exports)
			}
		}
		if s.Network.SubnetsParameter != "" || s.Network.Default || len(s.Network.MountTargetSubnets) > 0 {
			t.Errorf("%s: network %+v", s.Name, s.Network)
		}
	}
}

// A base stack with nothing to make is refused: CloudFormation refuses an
// empty stack.
func TestSplitEmptyBase(t *testing.T) {
	_, err := stacksOf(t, `app: a
layout: split
file_system: {id: fs-0123456789abcdef0, security_group: sg-0123456789abcdef0}
services:
  web:
    image: nginx
    volumes: [{name: html, path: /html, access_point: {id: fsap-0123456789abcdef0}}]
`)
	if err == nil || !strings.Contains(err.Error(), "use layout: single") {
		t.Errorf("got %v", err)
	}
}

// Service names that differ only by _ and - would deploy as one stack.
func TestSplitStackNameClash(t *testing.T) {
	_, err := stacksOf(t, "app: a\nlayout: split\nservices:\n  a_b: {image: nginx}\n  a-b: {image: nginx, id_prefix: Other}\n")
	if err == nil || !strings.Contains(err.Error(), "both deploy as stack a-dev-a-b") {
		t.Errorf("got %v", err)
	}
}
