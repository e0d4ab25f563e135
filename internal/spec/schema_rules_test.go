package spec

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/efsfargate/efsfargate/internal/ecsrules"
)

// quote writes v as a YAML double-quoted scalar (JSON's quoting is valid
// YAML).
func quote(v string) string {
	b, _ := json.Marshal(v)
	return string(b)
}

const (
	existingFS = "file_system: {id: fs-0123456789abcdef0, security_group: sg-0123456789abcdef0}\n"
	svcHead    = "app: shop\nservices:\n  web:\n    image: nginx\n"
)

// place puts a YAML value v into the field that a rule key names, in an
// otherwise valid spec.
func place(rule, v string) string {
	typ, key, _ := strings.Cut(rule, ".")
	switch typ {
	case "File":
		if key == "app" {
			return "app: " + v + "\nservices: {web: {image: nginx}}\n"
		}
		return svcHead + key + ": " + v + "\n"
	case "FileSystemFile":
		switch key {
		case "id":
			return svcHead + "file_system: {id: " + v + ", security_group: sg-0123456789abcdef0}\n"
		case "security_group":
			return svcHead + "file_system: {id: fs-0123456789abcdef0, security_group: " + v + "}\n"
		case "provisioned_throughput_mibps":
			return svcHead + "file_system: {throughput_mode: provisioned, provisioned_throughput_mibps: " + v + "}\n"
		}
		return svcHead + "file_system: {" + key + ": " + v + "}\n"
	case "NetworkFile":
		if key == "vpc" {
			return svcHead + "network: {vpc: " + v + ", subnets: {parameter: SubnetIds}}\n"
		}
		return svcHead + "network: {vpc: {parameter: VpcId}, subnets: {parameter: SubnetIds}, " + key + ": " + v + "}\n"
	case "ServiceFile":
		if key == "image" {
			return "app: shop\nservices:\n  web:\n    image: " + v + "\n"
		}
		return svcHead + "    " + key + ": " + v + "\n"
	case "HealthCheckFile":
		return svcHead + "    health_check: {command: [CMD, \"true\"], " + key + ": " + v + "}\n"
	case "VolumeLong":
		if key == "name" {
			return svcHead + "    volumes: [{name: " + v + ", path: /data, access_point: {path: /data}}]\n"
		}
		return svcHead + "    volumes: [{name: data, " + key + ": " + v + "}]\n"
	case "AccessPointFile":
		switch key {
		case "id":
			return svcHead + "    volumes: [{name: data, path: /data, access_point: {id: " + v + "}}]\n" + existingFS
		case "uid", "gid":
			return svcHead + "    volumes: [{name: data, path: /data, access_point: {uid: " + v + ", gid: " + v + "}}]\n"
		}
		return svcHead + "    volumes: [{name: data, path: /data, access_point: {" + key + ": " + v + "}}]\n"
	}
	panic("no placement for " + rule)
}

// stringProbes are values that sit on the edges of the string rules.
func stringProbes(maxLen int) []string {
	probes := []string{"", "a", "A1", "1a", "a b", "a_b", "a-b", "a.b", "a:b", "-a", "x-a",
		"/", "/data", "/data/db", "/.x", "/a/.b", "/a..b", "/..", "/../x", "/a//b", "/a/", "data", "/a/b/c/d", "/a/b/c/d/e", "/a;b", "/a b", "/é",
		"LATEST", "latest", "1.4.0", "1.3.0", "1.10.0", "2.0.0", "+1.4.0", "01.4.0", "1.4", "0.9.9",
		"nginx:latest", "nginx latest", "nginx@sha256:abc", "ghcr.io/o/a:1#x", "a;b", "<x>", "é", "a=b+c@d",
		"1234abcd-12ab-34cd-56ef-1234567890ab", "alias/efs", "alias/", "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab", "mrk-0123456789abcdef0123456789abcdef",
		"fsap-0123456789abcdef0", "fsap-XYZ", "fs-0123456789abcdef0", "fs-12", "sg-0123456789abcdef0", "vpc-0123456789abcdef0", "vpc-1",
		"arn:aws:ecs:us-east-1:123456789012:cluster/main", "arn:aws:ecs:x", "755", "0750", "789", "75", "07777",
	}
	if maxLen > 0 {
		probes = append(probes, strings.Repeat("a", maxLen), strings.Repeat("a", maxLen+1), "/"+strings.Repeat("a", maxLen-1), "/"+strings.Repeat("a", maxLen))
	}
	return append(probes, strings.Repeat("b", 255), strings.Repeat("b", 256))
}

// Schema and validator give the same verdict on values derived from the
// validator's rule tables: both ends of every range and the edges of every
// pattern and length limit.
func TestSchemaAndValidatorAgreeOnRules(t *testing.T) {
	s := compileSchema(t)
	checked := 0
	verdict := func(rule, src string) {
		t.Helper()
		checked++
		_, perr := Parse("t.yml", []byte(src))
		serr := s.Validate(yamlToJSONValue(t, []byte(src)))
		if (perr == nil) != (serr == nil) {
			t.Errorf("%s: validator accepts=%v, schema accepts=%v for\n%s\nvalidator: %v\nschema: %v", rule, perr == nil, serr == nil, src, perr, serr)
		}
	}
	for _, rule := range sortedRuleKeys(intRanges) {
		r := intRanges[rule]
		for _, v := range []int{r.min - 1, r.min, r.max, r.max + 1} {
			verdict(rule, place(rule, fmt.Sprint(v)))
		}
	}
	for _, rule := range sortedRuleKeys(stringRules) {
		for _, v := range stringProbes(stringRules[rule].maxLen) {
			verdict(rule, place(rule, quote(v)))
		}
	}
	for _, rule := range sortedRuleKeys(literalRules) {
		for _, v := range stringProbes(0) {
			verdict(rule, place(rule, quote(v)))
		}
	}
	for _, v := range []string{"0.5", "1", "128", "3414", "3415"} {
		verdict("FileSystemFile.provisioned_throughput_mibps", place("FileSystemFile.provisioned_throughput_mibps", v))
	}
	for _, v := range append([]int{0, 2, 10, 31}, logRetentionDays...) {
		verdict("File.log_retention_days", place("File.log_retention_days", fmt.Sprint(v)))
	}
	// The Fargate table: every cpu with every valid memory and its
	// neighbours; cpu or memory alone against the defaults.
	for _, cpu := range append(ecsrules.FargateCPUs(), 128, 300) {
		mems := []int{256, 512, 1536, 3072, 122880 + 8192}
		for _, m := range ecsrules.FargateMemoryChoices(cpu) {
			mems = append(mems, m, m+512)
		}
		for _, m := range mems {
			verdict("cpu/memory", fmt.Sprintf("%s    cpu: %d\n    memory: %d\n", svcHead, cpu, m))
		}
		verdict("cpu alone", fmt.Sprintf("%s    cpu: %d\n", svcHead, cpu))
	}
	for _, m := range []int{512, 1024, 2048, 4096} {
		verdict("memory alone", fmt.Sprintf("%s    memory: %d\n", svcHead, m))
	}
	for _, cmd := range []string{"[]", "[NONE]", "[CMD]", "[CMD-SHELL]", "[CMD, x]", "[CMD-SHELL, curl x]", "[curl, x]"} {
		verdict("health_check.command", svcHead+"    health_check: {command: "+cmd+"}\n")
	}
	for _, cmd := range []string{`[sh, "-c\0x"]`, `[sh, ""]`, `[sh, x]`} {
		verdict("command", svcHead+"    command: "+cmd+"\n")
		verdict("health_check.command", svcHead+"    health_check: {command: [CMD, "+cmd[1:]+"}\n")
	}
	for _, env := range []string{"{A: b}", "{_A1: 2}", "{1A: b}", "{A-B: c}", "{x-note: y}", "{A: true}", `{A: "a\0b"}`} {
		verdict("environment", svcHead+"    environment: "+env+"\n")
	}
	for _, vol := range []string{"data:/data", "data:/data:ro", "data:/data:rw", "data:/data:rx", "data:data", "data:/", "data:/a/../b", "data:/a/", ":/x", "d_1:/x/y.z"} {
		verdict("volumes short form", svcHead+"    volumes: ["+quote(vol)+"]\n")
	}
	if checked < 500 {
		t.Errorf("only %d cases derived", checked)
	}
	t.Logf("%d cases", checked)
}

func sortedRuleKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// The values editors must flag, named when the schema was looser than the
// validator.
func TestSchemaRefusesKnownMistakes(t *testing.T) {
	s := compileSchema(t)
	for _, src := range []string{
		strings.Replace(base, "app: myapp", "app: my_app", 1),
		strings.Replace(base, "image: mongo:latest", "image: mongo:latest\n    port: 70000", 1),
		strings.Replace(base, "image: mongo:latest", "image: mongo:latest\n    desired_count: -1", 1),
		strings.Replace(base, "image: mongo:latest", "image: mongo:latest\n    cpu: 256\n    memory: 4096", 1),
		strings.Replace(base, "image: mongo:latest", "image: mongo:latest\n    platform_version: 1.3.0", 1),
	} {
		if _, err := Parse("t.yml", []byte(src)); err == nil {
			t.Errorf("validator accepts\n%s", src)
		}
		if err := s.Validate(yamlToJSONValue(t, []byte(src))); err == nil {
			t.Errorf("schema accepts\n%s", src)
		}
	}
	// x- keys are allowed wherever the parser ignores them.
	ok := "app: shop\nx-top: 1\nservices:\n  x-common: {any: thing}\n  web:\n    image: nginx\n    x-note: 2\n    volumes: [{name: d, path: /d, x-c: 3, access_point: {x-d: 4}}]\nfile_system: {x-e: 5}\ncluster: {parameter: C, x-f: 6}\n"
	if _, err := Parse("t.yml", []byte(ok)); err != nil {
		t.Errorf("validator refuses x- keys: %v", err)
	}
	if err := s.Validate(yamlToJSONValue(t, []byte(ok))); err != nil {
		t.Errorf("schema refuses x- keys: %v", err)
	}
}
