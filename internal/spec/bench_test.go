package spec

import (
	"fmt"
	"strings"
	"testing"
)

// volumesSpec is one service mounting n distinct volumes, written in flow
// style so that 50,000 volumes stay under MaxBytes.
func volumesSpec(n int) []byte {
	var b strings.Builder
	b.WriteString("app: bench\nservices:\n  web:\n    image: nginx:latest\n    volumes: [")
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, "v%d:/%d", i, i)
	}
	b.WriteString("]\n")
	return []byte(b.String())
}

// servicesSpec is n services sharing one volume.
func servicesSpec(n int) []byte {
	var b strings.Builder
	b.WriteString("app: bench\nservices:\n")
	for i := range n {
		fmt.Fprintf(&b, "  s%d: {image: nginx, volumes: [\"data:/d\"]}\n", i)
	}
	return []byte(b.String())
}

func benchParse(b *testing.B, data []byte) {
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Parse("bench.yml", data); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkValidateVolumes(b *testing.B) {
	for _, n := range []int{1000, 20000, 50000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) { benchParse(b, volumesSpec(n)) })
	}
}

func BenchmarkValidateServices(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) { benchParse(b, servicesSpec(n)) })
	}
}

func BenchmarkValidateReference(b *testing.B) { benchParse(b, ReferenceYAML()) }
