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
		for _, e := range list {
			if !strings.HasPrefix(e.Error(), "fuzz.yml") {
				t.Fatalf("error without file name: %v", e)
			}
		}
	})
}
