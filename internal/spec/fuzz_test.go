package spec

import (
	"strings"
	"testing"
)

// FuzzParse feeds arbitrary bytes to the parser: it must never panic, and
// it must either return a project or at least one located error.
func FuzzParse(f *testing.F) {
	f.Add([]byte(base))
	f.Add(ReferenceYAML())
	f.Add(StarterYAML())
	f.Add([]byte("app: x\nservices:\n  a: {image: y, volumes: [\"v:/p:ro\", {name: v, path: /q, access_point: {uid: 1, gid: 2}}]}\n"))
	f.Add([]byte("app: x\nfile_system: {id: {parameter: Fs}, security_group: {import: sg}}\nservices: {a: {image: b}}\n"))
	f.Add([]byte("&a app: *a\n"))
	f.Add([]byte("app: [\n"))
	f.Add([]byte("services:\n  a:\n    volumes:\n      - x: /y\n"))
	f.Add([]byte("app: x\nx-c: &c {image: y, cpu: 512, memory: 1024}\nservices:\n  a: {<<: *c, memory: 2048}\n  b: {<<: [*c, {port: 80}]}\n"))
	f.Add([]byte("app: !!str x\nfile_system: {encrypted: !!bool on, backup: !!bool true}\nservices: {a: {image: !Ref I, port: !!int 0x50}}\n"))
	f.Add([]byte("app: x\nservices: {a: {image: y}}\n---\napp: z\n"))
	f.Add([]byte("app: x\nservices:\n  a: &m {image: y, environment: *m, x-self: *m}\n"))
	f.Add([]byte("app: x\nservices: {a: {image: y, desired_count: 9007199254740993, volumes: [{name: v, path: /v, access_point: {path: /.v}}]}}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := Parse("fuzz.yml", data)
		if err == nil {
			if p == nil || len(p.Services) == 0 {
				t.Fatalf("no error but no services: %+v", p)
			}
			return
		}
		list, ok := err.(ErrorList)
		if !ok || len(list) == 0 {
			t.Fatalf("error is not a non-empty ErrorList: %T %v", err, err)
		}
		if len(list) > maxErrors+1 {
			t.Fatalf("%d errors, more than the cap", len(list))
		}
		for _, e := range list {
			if !strings.HasPrefix(e.Error(), "fuzz.yml") {
				t.Fatalf("error without file name: %v", e)
			}
			// Only whole-file problems have no position.
			if e.Line == 0 && !strings.HasPrefix(e.Msg, "and ") && !strings.HasPrefix(e.Msg, "the file is larger") {
				t.Fatalf("error without position: %v", e)
			}
		}
	})
}
