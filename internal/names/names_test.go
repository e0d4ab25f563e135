package names

import "testing"

func TestLogicalName(t *testing.T) {
	for in, want := range map[string]string{
		"web-app": "WebApp", "data_store": "DataStore", "a.b": "AB", "shared-data": "SharedData",
		"DB2": "DB2", "x--y": "XY", "9lives": "9lives", "": "", "---": "",
	} {
		if got := LogicalName(in); got != want {
			t.Errorf("LogicalName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestResourceIDs(t *testing.T) {
	s := Service{Prefix: "Db"}
	got := []string{s.TaskSecurityGroup(), s.EFSIngressRule(), s.LogGroup(), s.TaskRole(), s.ExecutionRole(), s.TaskDefinition(), s.Service(), s.DiscoveryService()}
	for i, suffix := range Suffixes {
		if got[i] != "Db"+suffix {
			t.Errorf("id %d = %q, want %q", i, got[i], "Db"+suffix)
		}
	}
	if MountTarget(0) != "MountTarget1" || MountTarget(9) != "MountTarget10" {
		t.Errorf("mount target ids: %s %s", MountTarget(0), MountTarget(9))
	}
	if got := s.IngressFrom(Service{Prefix: "Web"}); got != "DbFromWebIngressRule" {
		t.Errorf("ingress id: %s", got)
	}
	if AccessPoint("data-store") != "DataStoreAccessPoint" {
		t.Errorf("access point id: %s", AccessPoint("data-store"))
	}
}
