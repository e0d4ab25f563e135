package doctor

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// FuzzDoctor feeds arbitrary bytes through loading and every rule: any
// input either fails with a ParseError or is analysed, never a panic or a
// hang. Seeds are the rule fixtures and the hostile corpus; crashers found
// are kept under testdata/fuzz/FuzzDoctor and rerun by go test.
func FuzzDoctor(f *testing.F) {
	for _, dir := range []string{"rules", "hostile", "clean", "cases"} {
		files, _ := filepath.Glob(filepath.Join("testdata", dir, "*"))
		for _, file := range files {
			if data, err := os.ReadFile(file); err == nil && len(data) < 64<<10 {
				f.Add(data)
			}
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<20 {
			return
		}
		done := make(chan string, 1)
		go func() { done <- fuzzOne(data) }()
		select {
		case msg := <-done:
			if msg != "" {
				t.Fatal(msg)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("no answer in 10s for %q", data)
		}
	})
}

func fuzzOne(data []byte) string {
	src, err := LoadBytes("fuzz.yaml", data)
	if err != nil {
		if _, ok := err.(*ParseError); !ok {
			return fmt.Sprintf("error of type %T: %v", err, err)
		}
		return ""
	}
	for _, fd := range Analyze([]*Source{src}) {
		if fd.Rule == "" || fd.Message == "" {
			return fmt.Sprintf("incomplete finding %+v", fd)
		}
	}
	return ""
}
