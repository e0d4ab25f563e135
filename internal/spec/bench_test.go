package spec

import (
	"fmt"
	"strings"
	"testing"
)

// volumesSpec is n distinct volumes, perService to a service (as many as a
// task definition holds), in flow style so that 50,000 volumes stay under
// MaxBytes.
func volumesSpec(n, perService int) []byte {
	var b strings.Builder
	b.WriteString("app: bench\nservices:\n")
	for i := range n {
		if i%perService == 0 {
			if i > 0 {
				b.WriteString("]}\n")
			}
			fmt.Fprintf(&b, "  s%d: {image: nginx, volumes: [", i/perService)
		} else {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, "v%d:/%d", i, i)
	}
	b.WriteString("]}\n")
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
		b.Run(fmt.Sprint(n), func(b *testing.B) { benchParse(b, volumesSpec(n, 100)) })
	}
}

// BenchmarkValidateVolumesOneService puts every volume in one service: all
// are checked, then the task definition is refused as past 64 KiB.
func BenchmarkValidateVolumesOneService(b *testing.B) {
	for _, n := range []int{1000, 20000, 50000} {
		data := volumesSpec(n, n)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if _, err := Parse("bench.yml", data); err == nil {
					b.Fatal("accepted")
				}
			}
		})
	}
}

func BenchmarkValidateServices(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) { benchParse(b, servicesSpec(n)) })
	}
}

func BenchmarkValidateReference(b *testing.B) { benchParse(b, ReferenceYAML()) }

// BenchmarkRefuseAliasBomb is the time to refuse a 2 MB environment value
// reached through an alias 20,000 times (a 100 KB anchor).
func BenchmarkRefuseAliasBomb(b *testing.B) {
	var src strings.Builder
	src.WriteString("app: bench\nx-big: &big " + strings.Repeat("x", 100_000) + "\nservices:\n  web:\n    image: nginx\n    environment:\n")
	for i := range 20_000 {
		fmt.Fprintf(&src, "      V%d: *big\n", i)
	}
	data := []byte(src.String())
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Parse("bench.yml", data); err == nil {
			b.Fatal("accepted")
		}
	}
}

// BenchmarkRefuseEndlessInput reads an endless stream (like /dev/zero).
func BenchmarkRefuseEndlessInput(b *testing.B) {
	for b.Loop() {
		if _, err := Read("bench.yml", zeroReader{}); err == nil {
			b.Fatal("accepted")
		}
	}
}

// BenchmarkValidateVolumesAllInvalid reports one error per volume.
func BenchmarkValidateVolumesAllInvalid(b *testing.B) {
	data := []byte(strings.ReplaceAll(string(volumesSpec(20000, 100)), ":/", ":"))
	for b.Loop() {
		if _, err := Parse("bench.yml", data); err == nil {
			b.Fatal("accepted")
		}
	}
}
