package images

import (
	"reflect"
	"testing"
)

func TestRepository(t *testing.T) {
	for in, want := range map[string]string{
		"postgres":                              "postgres",
		"postgres:16-alpine":                    "postgres",
		"docker.io/library/postgres:16":         "postgres",
		"library/mongo":                         "mongo",
		"public.ecr.aws/docker/library/redis:7": "redis",
		"123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/api:1.0":     "team/api",
		"123456789012.dkr.ecr.us-east-1.amazonaws.com/mysql@sha256:abc": "mysql",
		"localhost:5000/mariadb:11":                                     "mariadb",
		"Grafana/Grafana-OSS:10.4.0":                                    "grafana/grafana-oss",
		"docker.elastic.co/elasticsearch/elasticsearch:8.13.0":          "docker.elastic.co/elasticsearch/elasticsearch",
		"bitnami/postgresql:16":                                         "bitnami/postgresql",
		"ghcr.io/example/notes:1.4.2":                                   "example/notes",
	} {
		if got := Repository(in); got != want {
			t.Errorf("Repository(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestLookup(t *testing.T) {
	type row struct {
		repo         string
		uid, gid     int
		owns, single bool
	}
	for in, want := range map[string]row{
		"postgres:16":                         {"postgres", 999, 999, true, true},
		"docker.io/library/mysql:8":           {"mysql", 999, 999, true, true},
		"mariadb":                             {"mariadb", 999, 999, true, true},
		"public.ecr.aws/docker/library/mongo": {"mongo", 999, 999, true, true},
		"redis:7":                             {"redis", 999, 999, true, true},
		"rabbitmq:3-management":               {"rabbitmq", 999, 999, false, false},
		"grafana/grafana:10.4.0":              {"grafana/grafana", 472, 0, false, true},
		"grafana/grafana-oss":                 {"grafana/grafana", 472, 0, false, true},
		"grafana/grafana-enterprise":          {"grafana/grafana", 472, 0, false, true},
		"jenkins/jenkins:lts":                 {"jenkins/jenkins", 1000, 1000, false, true},
		"jenkins":                             {"jenkins/jenkins", 1000, 1000, false, true},
		"elasticsearch:8.13.0":                {"elasticsearch", 1000, 0, false, false},
		"docker.elastic.co/elasticsearch/elasticsearch:8.13.0": {"elasticsearch", 1000, 0, false, false},
		"sonarqube:community":     {"sonarqube", 1000, 0, false, true},
		"bitnami/wordpress:6":     {"bitnami/", 1001, 0, true, false},
		"prom/prometheus:v2.51.0": {"prom/prometheus", 65534, 65534, false, true},
	} {
		img, ok := Lookup(in)
		got := row{img.Repository, img.UID, img.GID, img.OwnsDataDir, img.SingleWriter}
		if !ok || got != want || img.User == "" || len(img.DataDirs) == 0 {
			t.Errorf("Lookup(%q) = %+v, %v; want %+v", in, img, ok, want)
		}
	}
	for _, in := range []string{"nginx:latest", "ghcr.io/example/postgres-exporter", "bitnamiish/app", "", "example.com/postgres-backup"} {
		if img, ok := Lookup(in); ok {
			t.Errorf("Lookup(%q) = %+v, want unknown", in, img)
		}
	}
}

// Lookup hands out copies: a caller cannot change the table.
func TestLookupCopies(t *testing.T) {
	a, _ := Lookup("postgres")
	a.DataDirs[0] = "/changed"
	b, _ := Lookup("postgres")
	if !reflect.DeepEqual(b.DataDirs, []string{"/var/lib/postgresql/data"}) {
		t.Errorf("table changed through a lookup: %v", b.DataDirs)
	}
}
