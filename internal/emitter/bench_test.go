package emitter

import (
	"fmt"
	"strings"
	"testing"

	"github.com/efsfargate/efsfargate/internal/spec"
)

// specYAML writes a spec with n services sharing five volumes, each service
// with a port, an environment variable, one read-write and one read-only
// mount.
func specYAML(n int) []byte {
	var b strings.Builder
	b.WriteString("app: bench\nstage: load\nservices:\n")
	for i := range n {
		fmt.Fprintf(&b, "  svc-%d:\n    image: nginx:latest\n    port: %d\n    environment:\n      INDEX: \"%d\"\n", i, 8000+i%1000, i)
		fmt.Fprintf(&b, "    volumes:\n      - vol-%d:/a\n      - vol-%d:/b:ro\n", i%5, (i+1)%5)
	}
	return []byte(b.String())
}

// benchmarkSpec measures the whole path the CLI takes (parse, validate,
// emit YAML) and, separately, emitting an already parsed project as YAML and
// as JSON. Most of the time is yaml.v3 writing the YAML and goformation
// writing the JSON it starts from.
// Projects past CloudFormation's per-stack quotas (500 services) are
// emitted without the quota check, which Render applies.
func benchmarkSpec(b *testing.B, data []byte, wantResources int) {
	p, err := spec.Parse("bench.yml", data)
	if err != nil {
		b.Fatal(err)
	}
	t, err := build(p)
	if err != nil {
		b.Fatal(err)
	}
	if len(t.Resources) != wantResources {
		b.Fatalf("%d resources, want %d", len(t.Resources), wantResources)
	}
	b.Run("parse+emit", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			p, err := spec.Parse("bench.yml", data)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := renderTemplate(p, "yaml", false); err != nil {
				b.Fatal(err)
			}
		}
	})
	for _, format := range []string{"yaml", "json"} {
		b.Run("emit-"+format, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := renderTemplate(p, format, false); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// Per service: task and EFS security groups' rule, log group, two roles,
// task definition, service (7); per project: file system, its group, two
// mount targets and one access point per volume.
func managedResources(services, volumes int) int { return 7*services + 4 + volumes }

func BenchmarkEmitReference(b *testing.B) {
	// Existing file system: no file system, group or mount targets.
	benchmarkSpec(b, spec.ReferenceYAML(), 7+1)
}

func BenchmarkEmit50(b *testing.B) {
	benchmarkSpec(b, specYAML(50), managedResources(50, 5))
}

func BenchmarkEmit500(b *testing.B) {
	benchmarkSpec(b, specYAML(500), managedResources(500, 5))
}
