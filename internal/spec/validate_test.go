package spec

import (
	"strings"
	"testing"
)

// base is a valid spec that the cases below break one field at a time.
const base = `app: myapp
stage: stage
services:
  database:
    image: mongo:latest
    volumes:
      - data-store:/data/db
`

// wantErr is one expected problem: its field path, position and a part of
// its message.
type wantErr struct {
	path      string
	line, col int
	msg       string
}

func TestValidationErrors(t *testing.T) {
	cases := []struct {
		name string
		yaml string
		want []wantErr
	}{
		{"yaml syntax", "app: x\nservices:\n  a: [\n", []wantErr{{"", 3, 1, "invalid YAML"}}},
		{"yaml tab", "app: x\n\tservices: {}\n", []wantErr{{"", 2, 1, "tab character at 2:1: YAML indents with spaces"}}},
		{"empty file", "", []wantErr{{"", 1, 1, "the file is empty"}}},
		{"comments only", "# nothing\n", []wantErr{{"", 1, 1, "the file is empty"}}},
		{"not a mapping", "- a\n", []wantErr{{"", 1, 1, "expected a mapping"}}},
		{"no services key", "app: x\n", []wantErr{{"services", 1, 1, "services is required"}}},
		{"empty services", "app: x\nservices: {}\n", []wantErr{{"services", 2, 11, "no services"}}},
		{"null services", "app: x\nservices:\n", []wantErr{{"services", 2, 10, "no services"}}},
		{"app missing", "services:\n  a:\n    image: x\n", []wantErr{{"app", 1, 1, "app is required"}}},
		{"app invalid", strings.Replace(base, "app: myapp", "app: my_app", 1), []wantErr{{"app", 1, 6, "not a valid app name"}}},
		{"unknown top key", base + "file_sytem: {}\n", []wantErr{{"file_sytem", 8, 1, "did you mean file_system?"}}},
		{"unknown service key", strings.Replace(base, "image:", "imagee:", 1), []wantErr{
			{"services.database.image", 5, 5, "image is required"},
			{"services.database.imagee", 5, 5, "did you mean image?"},
		}},
		{"image empty", strings.Replace(base, "mongo:latest", `""`, 1), []wantErr{{"services.database.image", 5, 12, "image is empty"}}},
		{"service without settings", "app: x\nservices:\n  db:\n", []wantErr{{"services.db", 3, 3, "has no settings"}}},
		{"service name", strings.Replace(base, "database:", "9db:", 1), []wantErr{{"services.9db", 4, 3, "not a valid service name"}}},
		{"service name dot", strings.Replace(base, "database:", "data.base:", 1), []wantErr{{"services.data.base", 4, 3, "not a valid service name"}}},
		{"logical id clash", base + "  data-base:\n    image: x\n", []wantErr{}}, // different prefixes: DataBase vs Database
		{"logical id clash real", base + "  Database:\n    image: x\n", []wantErr{{"services.Database", 8, 3, "clash with service \"database\""}}},
		{"two empty prefixes", base + "    id_prefix: \"\"\n  web:\n    image: x\n    id_prefix: \"\"\n", []wantErr{{"services.web", 9, 3, "only one service may have id_prefix"}}},
		{"cpu not fargate", strings.Replace(base, "image: mongo:latest", "image: mongo:latest\n    cpu: 300", 1), []wantErr{{"services.database.cpu", 6, 10, "cpu 300 is not a Fargate CPU value"}}},
		{"memory for 256", strings.Replace(base, "image: mongo:latest", "image: mongo:latest\n    memory: 4096", 1), []wantErr{{"services.database.memory", 6, 13, "use 512, 1024 or 2048"}}},
		{"memory step 512", strings.Replace(base, "image: mongo:latest", "image: mongo:latest\n    cpu: 512\n    memory: 1536", 1), []wantErr{{"services.database.memory", 7, 13, "1024 to 4096 in steps of 1024"}}},
		{"memory 8192 step", strings.Replace(base, "image: mongo:latest", "image: mongo:latest\n    cpu: 8192\n    memory: 17408", 1), []wantErr{{"services.database.memory", 7, 13, "16384 to 61440 in steps of 4096"}}},
		{"cpu string", strings.Replace(base, "image: mongo:latest", "image: mongo:latest\n    cpu: \"256\"", 1), []wantErr{{"services.database.cpu", 6, 10, "expected a whole number"}}},
		{"port range", strings.Replace(base, "image: mongo:latest", "image: mongo:latest\n    port: 70000", 1), []wantErr{{"services.database.port", 6, 11, "out of range"}}},
		{"port zero", strings.Replace(base, "image: mongo:latest", "image: mongo:latest\n    port: 0", 1), []wantErr{{"services.database.port", 6, 11, "out of range"}}},
		{"desired count", strings.Replace(base, "image: mongo:latest", "image: mongo:latest\n    desired_count: -1", 1), []wantErr{{"services.database.desired_count", 6, 20, "negative"}}},
		{"platform old", strings.Replace(base, "image: mongo:latest", "image: mongo:latest\n    platform_version: 1.3.0", 1), []wantErr{{"services.database.platform_version", 6, 23, "cannot mount EFS volumes"}}},
		{"platform junk", strings.Replace(base, "image: mongo:latest", "image: mongo:latest\n    platform_version: newest", 1), []wantErr{{"services.database.platform_version", 6, 23, "not LATEST or a version"}}},
		{"env name", strings.Replace(base, "image: mongo:latest", "image: mongo:latest\n    environment:\n      1BAD: x", 1), []wantErr{{"services.database.environment.1BAD", 7, 13, "not a valid environment variable name"}}},
		{"volume relative", strings.Replace(base, "data-store:/data/db", "data-store:data/db", 1), []wantErr{{"services.database.volumes[0]", 7, 9, "is relative"}}},
		{"volume no name", strings.Replace(base, "data-store:/data/db", ":/data/db", 1), []wantErr{{"services.database.volumes[0]", 7, 9, "volume name is missing"}}},
		{"volume no path", strings.Replace(base, "data-store:/data/db", "data-store:", 1), []wantErr{{"services.database.volumes[0]", 7, 9, "container path is missing"}}},
		{"volume no colon", strings.Replace(base, "data-store:/data/db", "data-store", 1), []wantErr{{"services.database.volumes[0]", 7, 9, "is not a volume entry"}}},
		{"volume bad mode", strings.Replace(base, "data-store:/data/db", "data-store:/data/db:rx", 1), []wantErr{{"services.database.volumes[0]", 7, 9, `"rx" is not a mount mode`}}},
		{"volume root path", strings.Replace(base, "data-store:/data/db", "data-store:/", 1), []wantErr{{"services.database.volumes[0]", 7, 9, "container's root"}}},
		{"volume same path twice", strings.Replace(base, "- data-store:/data/db", "- data-store:/data/db\n      - logs:/data/db", 1), []wantErr{{"services.database.volumes[1]", 8, 9, "already mounted by services.database.volumes[0]"}}},
		{"volume long missing", strings.Replace(base, "- data-store:/data/db", "- {read_only: true}", 1), []wantErr{
			{"services.database.volumes[0].name", 7, 9, "name is required"},
			{"services.database.volumes[0].path", 7, 9, "path is required"},
		}},
		{"volume name invalid", strings.Replace(base, "data-store:/data/db", "data store:/data/db", 1), []wantErr{{"services.database.volumes[0]", 7, 9, "not a valid volume name"}}},
		{"volume logical clash", strings.Replace(base, "- data-store:/data/db", "- data-store:/data/db\n      - data_store:/x", 1), []wantErr{{"services.database.volumes[1]", 8, 9, "same logical ID DataStoreAccessPoint"}}},
		{"access point conflict", base + `  web:
    image: nginx
    volumes:
      - {name: file-share, path: /srv, access_point: {uid: 33, gid: 33}}
  worker:
    image: busybox
    volumes:
      - {name: file-share, path: /srv, access_point: {uid: 34, gid: 34}}
`, []wantErr{{"services.worker.volumes[0].access_point", 15, 54, "sets access_point.uid to 34 here and to 33 at services.web.volumes[0]"}}},
		{"uid without gid", strings.Replace(base, "- data-store:/data/db", "- {name: data-store, path: /data/db, access_point: {uid: 999}}", 1), []wantErr{{"services.database.volumes[0].access_point", 7, 58, "uid and gid must come together"}}},
		{"uid range", strings.Replace(base, "- data-store:/data/db", "- {name: data-store, path: /data/db, access_point: {uid: -1, gid: 5}}", 1), []wantErr{{"services.database.volumes[0].access_point.uid", 7, 64, "outside 0..4294967295"}}},
		{"permissions not octal", strings.Replace(base, "- data-store:/data/db", "- {name: data-store, path: /data/db, access_point: {permissions: \"789\"}}", 1), []wantErr{{"services.database.volumes[0].access_point.permissions", 7, 72, "not an octal mode"}}},
		{"access point path relative", strings.Replace(base, "- data-store:/data/db", "- {name: data-store, path: /data/db, access_point: {path: mongo}}", 1), []wantErr{{"services.database.volumes[0].access_point.path", 7, 65, "is relative"}}},
		{"access point path deep", strings.Replace(base, "- data-store:/data/db", "- {name: data-store, path: /data/db, access_point: {path: /a/b/c/d/e}}", 1), []wantErr{{"services.database.volumes[0].access_point.path", 7, 65, "more than four subdirectories"}}},
		{"access point id with managed fs", strings.Replace(base, "- data-store:/data/db", "- {name: data-store, path: /data/db, access_point: {id: fsap-0123456789abcdef0}}", 1), []wantErr{{"services.database.volumes[0].access_point.id", 7, 63, "needs an existing file system"}}},
		{"iam without tls", strings.Replace(base, "- data-store:/data/db", "- {name: data-store, path: /data/db, transit_encryption: false}", 1), []wantErr{{"services.database.volumes[0].transit_encryption", 7, 64, "IAM authorization requires transit encryption"}}},
		{"root directory with access point", strings.Replace(base, "- data-store:/data/db", "- {name: data-store, path: /data/db, root_directory: /mongo}", 1), []wantErr{{"services.database.volumes[0].root_directory", 7, 60, "cannot be combined with an access point"}}},
		{"root access with non-root access point", strings.Replace(base, "- data-store:/data/db", "- {name: data-store, path: /data/db, root_access: true}", 1), []wantErr{{"services.database.volumes[0].root_access", 7, 57, "root_access has no effect"}}},
		{"provisioned without value", base + "file_system:\n  throughput_mode: provisioned\n", []wantErr{{"file_system.throughput_mode", 9, 20, "needs provisioned_throughput_mibps"}}},
		{"value without provisioned", base + "file_system:\n  provisioned_throughput_mibps: 64\n", []wantErr{{"file_system.provisioned_throughput_mibps", 9, 33, "only used with throughput_mode: provisioned"}}},
		{"elastic with maxIO", base + "file_system:\n  throughput_mode: elastic\n  performance_mode: maxIO\n", []wantErr{{"file_system.throughput_mode", 9, 20, "not available with maxIO"}}},
		{"performance typo", base + "file_system:\n  performance_mode: generalpurpose\n", []wantErr{{"file_system.performance_mode", 9, 21, "did you mean generalPurpose?"}}},
		{"fs id format", base + "file_system:\n  id: fs-XYZ\n  security_group: sg-0123456789abcdef0\n", []wantErr{{"file_system.id", 9, 7, "does not look like fs-"}}},
		{"fs id without group", base + "file_system:\n  id: fs-0123456789abcdef0\n", []wantErr{{"file_system.security_group", 9, 3, "required when file_system.id is set"}}},
		{"fs id with managed option", base + "file_system:\n  id: fs-0123456789abcdef0\n  security_group: sg-0123456789abcdef0\n  throughput_mode: elastic\n", []wantErr{{"file_system.throughput_mode", 11, 20, "only applies to a managed file system"}}},
		{"removal typo", base + "file_system:\n  removal: delete\n", []wantErr{{"file_system.removal", 9, 12, "is not allowed"}}},
		{"archive without elastic", base + "file_system:\n  lifecycle:\n    transition_to_archive: AFTER_90_DAYS\n", []wantErr{{"file_system.lifecycle.transition_to_archive", 10, 28, "needs elastic throughput"}}},
		{"kms without encryption", base + "file_system:\n  encrypted: false\n  kms_key_id: alias/x\n", []wantErr{{"file_system.kms_key_id", 10, 15, "needs encrypted: true"}}},
		{"vpc without subnets", base + "network:\n  vpc: vpc-0123456789abcdef0\n", []wantErr{{"network.subnets", 9, 3, "required when network.vpc is set"}}},
		{"subnet id", base + "network:\n  vpc: vpc-0123456789abcdef0\n  subnets: [subnet-1]\n", []wantErr{{"network.subnets[0]", 10, 13, "not a subnet id"}}},
		{"subnet az mix", base + "network:\n  vpc: vpc-0123456789abcdef0\n  subnets:\n    - {id: subnet-0123456789abcdef0, az: us-east-1a}\n    - subnet-0123456789abcdef1\n", []wantErr{{"network.subnets", 11, 5, "some subnets have an az"}}},
		{"subnet count with list", base + "network:\n  vpc: vpc-0123456789abcdef0\n  subnets: [subnet-0123456789abcdef0]\n  subnet_count: 3\n", []wantErr{{"network.subnet_count", 11, 17, "only used when subnets come from a parameter"}}},
		{"value both", base + "cluster: {parameter: A, import: b}\n", []wantErr{{"cluster", 8, 10, "cannot both be set"}}},
		{"parameter name", base + "cluster: {parameter: my-cluster}\n", []wantErr{{"cluster.parameter", 8, 10, "not a valid CloudFormation parameter name"}}},
		{"log retention", base + "log_retention_days: 10\n", []wantErr{{"log_retention_days", 8, 21, "not a CloudWatch Logs retention value"}}},
		{"duplicate key", base + "app: other\n", []wantErr{{"app", 8, 1, "given twice"}}},
		{"health check", strings.Replace(base, "image: mongo:latest", "image: mongo:latest\n    health_check:\n      command: [curl, x]\n      interval: 1", 1), []wantErr{
			{"services.database.health_check.command", 7, 16, "must start with CMD"},
			{"services.database.health_check.interval", 8, 17, "out of range"},
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse("test.yml", []byte(c.yaml))
			if len(c.want) == 0 {
				if err != nil {
					t.Fatalf("unexpected errors:\n%v", err)
				}
				return
			}
			list, ok := err.(ErrorList)
			if !ok {
				t.Fatalf("want ErrorList, got %T: %v", err, err)
			}
			if len(list) != len(c.want) {
				t.Fatalf("want %d errors, got %d:\n%v", len(c.want), len(list), err)
			}
			for i, w := range c.want {
				e := list[i]
				if e.Path != w.path || e.Line != w.line || e.Col != w.col || !strings.Contains(e.Error(), w.msg) {
					t.Errorf("error %d:\n got  %s (path %q at %d:%d)\n want path %q at %d:%d containing %q", i, e, e.Path, e.Line, e.Col, w.path, w.line, w.col, w.msg)
				}
				if e.File != "test.yml" || !strings.HasPrefix(e.Error(), "test.yml:") {
					t.Errorf("error %d does not name the file: %s", i, e)
				}
			}
		})
	}
}

// Every problem is reported at once, not only the first.
func TestValidationCollectsAll(t *testing.T) {
	src := `app: myapp
stage: stage
services:
  database:
    imagee: mongo:latest
    cpu: 300
    volumes:
      - data-store:data/db
      - :/x
  web:
    image: nginx
    memory: 3000
file_sytem: {}
`
	_, err := Parse("bad.yml", []byte(src))
	list, _ := err.(ErrorList)
	if len(list) != 7 {
		t.Fatalf("want 7 problems, got %d:\n%v", len(list), err)
	}
	for i := 1; i < len(list); i++ {
		if list[i].Line < list[i-1].Line {
			t.Errorf("errors not in file order: %v before %v", list[i-1], list[i])
		}
	}
	want := "bad.yml:8:9: services.database.volumes[0]: container path \"data/db\" is relative (write an absolute path such as /data/db)"
	if !strings.Contains(err.Error(), want) {
		t.Errorf("missing line %q in\n%v", want, err)
	}
}

// Every valid Fargate pair of the table is accepted and its neighbours are not.
func TestFargateTableThroughSpec(t *testing.T) {
	check := func(cpu, mem int, ok bool) {
		t.Helper()
		src := strings.Replace(base, "image: mongo:latest", "image: mongo:latest\n    cpu: "+itoa(cpu)+"\n    memory: "+itoa(mem), 1)
		_, err := Parse("t.yml", []byte(src))
		if (err == nil) != ok {
			t.Errorf("cpu %d memory %d: accepted=%v, want %v (%v)", cpu, mem, err == nil, ok, err)
		}
	}
	// cpu 256 is not a range: 512, 1024, 2048 (1536 is refused).
	for _, m := range []int{512, 1024, 2048} {
		check(256, m, true)
	}
	for _, m := range []int{256, 1536, 3072} {
		check(256, m, false)
	}
	table := map[int][3]int{512: {1024, 4096, 1024}, 1024: {2048, 8192, 1024}, 2048: {4096, 16384, 1024},
		4096: {8192, 30720, 1024}, 8192: {16384, 61440, 4096}, 16384: {32768, 122880, 8192}}
	for cpu, r := range table {
		for m := r[0]; m <= r[1]; m += r[2] {
			check(cpu, m, true)
		}
		check(cpu, r[0]-r[2], false)
		check(cpu, r[1]+r[2], false)
		check(cpu, r[0]+r[2]/2, false)
	}
}
