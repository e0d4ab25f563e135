package spec

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite testdata/hostile/*.err from the parser's messages")

// Every file of the hostile corpus is refused with exactly the message in
// its .err file: located, with the field path and the fix.
func TestHostileCorpus(t *testing.T) {
	files, err := filepath.Glob("testdata/hostile/*.yml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no hostile corpus: %v", err)
	}
	for _, f := range files {
		name := filepath.Base(f)
		t.Run(strings.TrimSuffix(name, ".yml"), func(t *testing.T) {
			start := time.Now()
			p, err := Load(f)
			if elapsed := time.Since(start); elapsed > 2*time.Second {
				t.Errorf("took %v", elapsed)
			}
			if err == nil {
				t.Fatalf("accepted: %+v", p)
			}
			// The message names the file as given; compare with the base name.
			got := strings.ReplaceAll(err.Error(), f, name) + "\n"
			want := strings.TrimSuffix(f, ".yml") + ".err"
			if *update {
				if err := os.WriteFile(want, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			w, rerr := os.ReadFile(want)
			if rerr != nil {
				t.Fatalf("no expected message (run with -update and review it): %v", rerr)
			}
			if got != string(w) {
				t.Errorf("message changed:\n got  %s want %s", got, w)
			}
			for _, line := range strings.Split(strings.TrimSpace(got), "\n") {
				if !strings.HasPrefix(line, name+":") {
					t.Errorf("line does not start with the file name: %s", line)
				}
				if !strings.HasSuffix(line, ")") {
					t.Errorf("line gives no fix: %s", line)
				}
			}
		})
	}
}

// Generated inputs too large to keep in the corpus.
func TestHostileGenerated(t *testing.T) {
	big := strings.Repeat("x", 100_000)
	var alias bytes.Buffer
	alias.WriteString("app: shop\nx-big: &big " + big + "\nservices:\n  web:\n    image: nginx\n    environment:\n")
	for i := range 20_000 {
		fmt.Fprintf(&alias, "      V%d: *big\n", i)
	}
	for _, c := range []struct {
		name string
		data func() ([]byte, error)
		read bool // through Read, as from standard input
		want string
	}{
		{"100 KB alias used 20,000 times", func() ([]byte, error) { return alias.Bytes(), nil }, false,
			"big.yml:47:12: services.web.environment.V40: the spec expands through YAML aliases to more than 1048576 values or 4194304 bytes (use each large anchor a few times at most; aliases are for small shared blocks)"},
		{"endless input", nil, true,
			"big.yml: the file is larger than 1048576 bytes (1 MiB), the most efsfargate reads (split the services over several spec files; a stack this large is past CloudFormation's quotas anyway)"},
	} {
		t.Run(c.name, func(t *testing.T) {
			start := time.Now()
			var err error
			if c.read {
				_, err = Read("big.yml", zeroReader{})
			} else {
				data, _ := c.data()
				_, err = Parse("big.yml", data)
			}
			if elapsed := time.Since(start); elapsed > 2*time.Second {
				t.Errorf("took %v", elapsed)
			}
			if err == nil || err.Error() != c.want {
				t.Errorf("got  %v\nwant %s", err, c.want)
			}
		})
	}
}

// zeroReader is /dev/zero without the file system.
type zeroReader struct{}

func (zeroReader) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

// A file with more mistakes than anyone reads gets the first thousand, in
// file order, and a count of the rest.
func TestErrorFloodIsBounded(t *testing.T) {
	var src strings.Builder
	src.WriteString("app: shop\nservices:\n  web:\n    image: nginx\n    volumes:\n")
	for i := range 5000 {
		fmt.Fprintf(&src, "      - v%d:relative\n", i)
	}
	_, err := Parse("flood.yml", []byte(src.String()))
	list, ok := err.(ErrorList)
	if !ok || len(list) != maxErrors+1 {
		t.Fatalf("want %d entries, got %d", maxErrors+1, len(list))
	}
	if first := list[0].Error(); !strings.HasPrefix(first, "flood.yml:6:9: services.web.volumes[0]: ") {
		t.Errorf("first: %s", first)
	}
	if last := list[maxErrors].Error(); last != "flood.yml: and 4000 more problems (fix the ones above first)" {
		t.Errorf("last: %s", last)
	}
}
