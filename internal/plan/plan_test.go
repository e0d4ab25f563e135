package plan

import (
	"reflect"
	"strings"
	"testing"

	"github.com/efsfargate/efsfargate/internal/spec"
)

func actionsOf(sts []Statement) [][]string {
	var out [][]string
	for _, st := range sts {
		out = append(out, st.Actions)
	}
	return out
}

func TestTaskRoleStatementsGrantWhatMountsNeed(t *testing.T) {
	for name, tc := range map[string]struct {
		mounts []Mount
		want   [][]string
		aps    [][]string
	}{
		"read-only gets no ClientWrite": {
			[]Mount{{Volume: "html", ReadOnly: true}},
			[][]string{{ActionClientMount}}, [][]string{{"html"}},
		},
		"writable gets ClientWrite": {
			[]Mount{{Volume: "data"}},
			[][]string{{ActionClientMount, ActionClientWrite}}, [][]string{{"data"}},
		},
		"one writable mount of a volume makes it writable": {
			[]Mount{{Volume: "data", ReadOnly: true}, {Volume: "data"}},
			[][]string{{ActionClientMount, ActionClientWrite}}, [][]string{{"data"}},
		},
		"root access is asked for": {
			[]Mount{{Volume: "data", RootAccess: true}},
			[][]string{{ActionClientMount, ActionClientRootAccess, ActionClientWrite}}, [][]string{{"data"}},
		},
		"same action sets share a statement, in first-mount order": {
			[]Mount{{Volume: "b"}, {Volume: "ro", ReadOnly: true}, {Volume: "a"}},
			[][]string{{ActionClientMount, ActionClientWrite}, {ActionClientMount}}, [][]string{{"b", "a"}, {"ro"}},
		},
		"no mounts, no statements": {nil, nil, nil},
	} {
		got := TaskRoleStatements(tc.mounts)
		if !reflect.DeepEqual(actionsOf(got), tc.want) {
			t.Errorf("%s: actions %v, want %v", name, actionsOf(got), tc.want)
		}
		var aps [][]string
		for _, st := range got {
			if len(st.Resources) != 1 || st.Resources[0] != FileSystemARN() {
				t.Errorf("%s: resources %v, want the file system only", name, st.Resources)
			}
			if len(st.Conditions) != 1 || st.Conditions[0].Key != ConditionAccessPointArn || st.Conditions[0].Operator != "StringEquals" {
				t.Fatalf("%s: conditions %v, want StringEquals on the access point ARN", name, st.Conditions)
			}
			var vols []string
			for _, v := range st.Conditions[0].Values {
				if v.Kind != RefAccessPointARN {
					t.Errorf("%s: condition value %v is not an access point ARN", name, v)
				}
				vols = append(vols, v.Name)
			}
			aps = append(aps, vols)
		}
		if !reflect.DeepEqual(aps, tc.aps) {
			t.Errorf("%s: access points %v, want %v", name, aps, tc.aps)
		}
	}
}

func TestFileSystemPolicyOnlyDeniesInsecureTransport(t *testing.T) {
	p := FileSystemPolicy()
	if len(p) != 1 {
		t.Fatalf("%d statements, want 1", len(p))
	}
	st := p[0]
	if st.Effect != "Deny" || !st.AnyPrincipal {
		t.Errorf("statement %+v is not a Deny for every principal", st)
	}
	want := []string{ActionClientMount, ActionClientRootAccess, ActionClientWrite}
	if !reflect.DeepEqual(st.Actions, want) {
		t.Errorf("actions %v, want %v", st.Actions, want)
	}
	if len(st.Conditions) != 1 || st.Conditions[0].Key != ConditionSecureTransport || st.Conditions[0].Values[0] != Literal("false") {
		t.Errorf("condition %+v, want Bool aws:SecureTransport false", st.Conditions)
	}
}

func TestOnePerAZ(t *testing.T) {
	for _, tc := range []struct {
		azs  []string
		want []int
	}{
		{[]string{"a", "b"}, []int{0, 1}},
		{[]string{"a", "a", "b"}, []int{0, 2}},
		{[]string{"", "", "a", "a"}, []int{0, 1, 2}},
		{nil, nil},
	} {
		if got := OnePerAZ(tc.azs); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("OnePerAZ(%v) = %v, want %v", tc.azs, got, tc.want)
		}
	}
}

func TestNewAccessPointDefaults(t *testing.T) {
	ap := NewAccessPoint("data-store", AccessPointOptions{})
	if ap.Path != "/data-store" || ap.UID != DefaultUID || ap.GID != DefaultGID || ap.Permissions != DefaultPermissions || ap.LogicalID != "DataStoreAccessPoint" {
		t.Errorf("defaults: %+v", ap)
	}
	uid, gid := 33, 82
	ap = NewAccessPoint("x", AccessPointOptions{Path: "/srv", UID: &uid, GID: &gid, Permissions: "750"})
	if ap.Path != "/srv" || ap.UIDString() != "33" || ap.GIDString() != "82" || ap.Permissions != "750" {
		t.Errorf("given: %+v", ap)
	}
}

func TestBuildReference(t *testing.T) {
	s, err := Build(spec.Reference())
	if err != nil {
		t.Fatal(err)
	}
	if s.FileSystem.Managed || s.FileSystem.ID.Parameter != "EFSFileSystemId" {
		t.Errorf("reference file system: %+v", s.FileSystem)
	}
	var params []string
	for _, p := range s.Parameters {
		params = append(params, p.Name)
	}
	if strings.Join(params, ",") != "VpcId,SubnetIds,ClusterArn,EFSFileSystemId" {
		t.Errorf("parameters %v", params)
	}
	if len(s.Services) != 1 {
		t.Fatalf("%d services", len(s.Services))
	}
	svc := s.Services[0]
	if svc.IDs.TaskRole() != "TaskRole" || svc.NFS == nil || svc.NFS.Port != NFSPort || svc.Deployment != DeploymentFor(Rolling) {
		t.Errorf("service: %+v", svc)
	}
	if len(svc.Volumes) != 1 || svc.Volumes[0].TransitEncryption != "ENABLED" || svc.Volumes[0].IAM != "ENABLED" {
		t.Errorf("volumes: %+v", svc.Volumes)
	}
	if s.AccessPoint("shared-data") == nil || s.AccessPoint("nope") != nil {
		t.Error("AccessPoint lookup")
	}
}

func TestBuildManagedMountTargetsOnePerAZ(t *testing.T) {
	p, err := spec.Parse("efsfargate.yml", []byte(`app: shop
network:
  vpc: vpc-0123456789abcdef0
  subnets:
    - {id: subnet-0123456789abcdef0, az: eu-west-1a}
    - {id: subnet-0123456789abcdef1, az: eu-west-1a}
    - {id: subnet-0123456789abcdef2, az: eu-west-1b}
services:
  web:
    image: nginx:latest
    volumes: [html:/usr/share/nginx/html:ro]
`))
	if err != nil {
		t.Fatal(err)
	}
	s, err := Build(p)
	if err != nil {
		t.Fatal(err)
	}
	var subnets []string
	for _, mt := range s.FileSystem.MountTargets {
		subnets = append(subnets, mt.LogicalID+"="+mt.Subnet.ID)
	}
	want := "MountTarget1=subnet-0123456789abcdef0,MountTarget2=subnet-0123456789abcdef2"
	if strings.Join(subnets, ",") != want {
		t.Errorf("mount targets %v, want %s", subnets, want)
	}
	if !s.FileSystem.Retain || s.FileSystem.BackupStatus != "ENABLED" || !s.FileSystem.Encrypted {
		t.Errorf("file system defaults: %+v", s.FileSystem)
	}
	if got := actionsOf(s.Services[0].TaskRole); !reflect.DeepEqual(got, [][]string{{ActionClientMount}}) {
		t.Errorf("read-only task role: %v", got)
	}
}

func TestBuildRefusesClashingParameters(t *testing.T) {
	p := spec.Reference()
	p.Cluster = spec.Value{Parameter: "VpcId"}
	if _, err := Build(p); err == nil || !strings.Contains(err.Error(), "VpcId") {
		t.Errorf("err = %v, want the clash on VpcId", err)
	}
}
