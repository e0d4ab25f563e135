package spec

import (
	"strings"
	"testing"
)

// What a service needs at run time: each case is a spec and the problems
// it must report, by path and words, or the values it must resolve to.
func TestRuntimeRules(t *testing.T) {
	head := "app: shop\nservices:\n"
	for _, c := range []struct {
		name, yaml string
		want       []string // "path: words" of each error, in order
	}{
		{"postgres on another user's access point", head + `  db:
    image: postgres:16
    volumes:
      - {name: pg, path: /var/lib/postgresql/data, access_point: {uid: 1000, gid: 1000}}
`, []string{"services.db.volumes[0]: chown: changing ownership of '/var/lib/postgresql/data': Operation not permitted"}},
		{"postgres run as the access point's user", head + `  db:
    image: postgres:16
    user: "1000:1000"
    volumes:
      - {name: pg, path: /var/lib/postgresql/data, access_point: {uid: 1000, gid: 1000}}
`, nil},
		{"read-only mounts are exempt", head + `  db:
    image: postgres:16
    volumes:
      - {name: pg, path: /seed, read_only: true, access_point: {uid: 1000, gid: 1000}}
`, nil},
		{"rolling deploy of a database", head + `  db:
    image: mongo:7
    deployment: rolling
    volumes: [data:/data/db]
`, []string{"services.db.deployment: a rolling deploy starts the new task before the old one stops"}},
		{"two database replicas", head + `  db:
    image: mysql:8
    desired_count: 2
    volumes: [data:/var/lib/mysql]
`, []string{"services.db.desired_count: a second task on the same data directory"}},
		{"multiple writers opt-out", head + `  db:
    image: mysql:8
    desired_count: 2
    multiple_writers: true
    volumes: [data:/var/lib/mysql]
`, nil},
		{"two writers with different users", head + `  db:
    image: postgres:16
    volumes: [shared:/var/lib/postgresql/data]
  cache:
    image: redis:7
    user: "1000:1000"
    volumes: [shared:/data]
`, []string{"services.cache.volumes[0]: volume \"shared\" is written as 1000:1000 here and as 999:999"}},
		{"secret both plain and secret", head + `  api:
    image: nginx
    environment: {DB_PASSWORD: hunter2}
    secrets: {DB_PASSWORD: /shop/db}
`, []string{"services.api.secrets.DB_PASSWORD: DB_PASSWORD is set both in environment and in secrets"}},
		{"secret that is not a reference", head + `  api:
    image: nginx
    secrets: {TOKEN: "arn:aws:s3:::bucket/key"}
`, []string{"services.api.secrets.TOKEN: is neither a Secrets Manager secret ARN nor an SSM parameter ARN"}},
		{"secret json key without trailing fields", head + `  api:
    image: nginx
    secrets: {TOKEN: "arn:aws:secretsmanager:us-east-1:123456789012:secret:x-AbCdEf:token"}
`, []string{"services.api.secrets.TOKEN: is neither a Secrets Manager secret ARN nor an SSM parameter ARN"}},
		{"kms key not an ARN", head + `  api:
    image: nginx
    secrets: {TOKEN: /api/token}
    secrets_kms_key: alias/mine
`, []string{`services.api.secrets_kms_key: "alias/mine" is not a KMS key ARN`}},
		{"connects to an unknown service", head + `  api:
    image: nginx
    connects_to: [db]
`, []string{`services.api.connects_to[0]: "db" is not a service`}},
		{"connects to a service without port", head + `  api:
    image: nginx
    connects_to: [db]
  db:
    image: postgres:16
`, []string{"services.api.connects_to[0]: service db has no port to connect to"}},
		{"connects to itself", head + `  api:
    image: nginx
    port: 80
    connects_to: [api]
`, []string{"services.api.connects_to[0]: a service cannot connect to itself"}},
		{"user format", head + `  api:
    image: nginx
    user: nginx
`, []string{`services.api.user: "nginx" is not uid:gid`}},
		{"scratch path relative", head + `  api:
    image: nginx
    read_only_root_filesystem: true
    scratch: [tmp]
`, []string{`services.api.scratch[0]: "tmp" is not a clean absolute path`}},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse("test.yml", []byte(c.yaml))
			var got []string
			if list, ok := err.(ErrorList); ok {
				for _, e := range list {
					got = append(got, e.Path+": "+e.Msg)
				}
			} else if err != nil {
				t.Fatalf("unexpected error %T: %v", err, err)
			}
			if len(got) != len(c.want) {
				t.Fatalf("got %d errors, want %d:\n%s", len(got), len(c.want), strings.Join(got, "\n"))
			}
			for i, w := range c.want {
				path, words, _ := strings.Cut(w, ": ")
				if !strings.HasPrefix(got[i], path+": ") || !strings.Contains(got[i], words) {
					t.Errorf("error %d = %s\nwant %s", i, got[i], w)
				}
			}
		})
	}
}

func TestRuntimeDefaults(t *testing.T) {
	p, err := Parse("test.yml", []byte(`app: shop
services:
  db:
    image: postgres:16
    port: 5432
    secrets:
      POSTGRES_PASSWORD: arn:aws:secretsmanager:us-east-1:123456789012:secret:db
    volumes: [pg:/var/lib/postgresql/data]
  grafana:
    image: grafana/grafana:11.0.0
    volumes: [dash:/var/lib/grafana]
  web:
    image: nginx
    connects_to: [db]
    volumes: [pg:/srv/backup:ro]
`))
	if err != nil {
		t.Fatal(err)
	}
	vol := func(name string) Volume { return *p.Volume(name) }
	if v := vol("pg"); v.UID != 999 || v.GID != 999 {
		t.Errorf("postgres volume owner %d:%d, want 999:999", v.UID, v.GID)
	}
	if v := vol("dash"); v.UID != 472 || v.GID != 0 {
		t.Errorf("grafana volume owner %d:%d, want 472:0", v.UID, v.GID)
	}
	want := map[string]string{"db": Recreate, "grafana": Recreate, "web": Rolling}
	for _, s := range p.Services {
		if s.Deployment != want[s.Name] {
			t.Errorf("%s deployment %s, want %s", s.Name, s.Deployment, want[s.Name])
		}
	}
	sec := p.Services[0].Secrets[0]
	if sec.SSM || sec.Resource != "arn:${AWS::Partition}:secretsmanager:us-east-1:123456789012:secret:db-??????" {
		t.Errorf("partial secret ARN resource %+v", sec)
	}
	if got := p.Services[2].ConnectsTo; len(got) != 1 || got[0] != "db" {
		t.Errorf("connects_to %v", got)
	}
	if len(p.Warnings) != 0 {
		t.Errorf("warnings: %v", p.Warnings)
	}
}

// An image that runs as a fixed user without checking its directory works
// through another user's access point: a warning, not an error.
func TestRuntimeOwnerWarning(t *testing.T) {
	p, err := Parse("test.yml", []byte(`app: shop
services:
  ci:
    image: jenkins/jenkins:lts
    volumes:
      - {name: home, path: /var/jenkins_home, access_point: {uid: 2000, gid: 2000}}
`))
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Warnings) != 1 || p.Warnings[0].Path != "services.ci.volumes[0]" || !strings.Contains(p.Warnings[0].Msg, "owned by another user") || p.Warnings[0].Line != 6 {
		t.Errorf("warnings %v", p.Warnings)
	}
}

// The user pattern the JSON Schema states accepts exactly the ids the
// validator accepts: 0..4294967295, leading zeros allowed up to ten digits.
func TestUserPatternIsTheRange(t *testing.T) {
	ids := []string{"0", "7", "999", "65534", "999999999", "0000000001", "0999999999", "1000000000",
		"3999999999", "4000000000", "4199999999", "4289999999", "4293999999", "4294899999", "4294959999",
		"4294966999", "4294967199", "4294967289", "4294967295", "4294967296", "4294967300", "4294968000",
		"4295000000", "4300000000", "5000000000", "9999999999", "42949672950", "", "-1", "1e3"}
	for _, id := range ids {
		u := id + ":1"
		_, _, err := parseUser(u)
		valid := userShapeRe.MatchString(u) && err == nil
		if got := userRe.MatchString(u); got != valid {
			t.Errorf("%q: pattern says %v, the range check %v", u, got, valid)
		}
		if got := userRe.MatchString("1:" + id); got != valid {
			t.Errorf("gid %q: pattern says %v, the range check %v", id, got, valid)
		}
	}
}
