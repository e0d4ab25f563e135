package spec

import (
	"testing"
)

// Validation work grows linearly with the number of volumes and services:
// allocations, which a per-item scan over earlier items would multiply, are
// counted exactly (unlike time on a shared machine).
func TestValidationIsLinear(t *testing.T) {
	if testing.Short() {
		t.Skip("parses 11,000 volumes twice and 3,300 services; skipped with -short")
	}
	allocs := func(data []byte) float64 {
		return testing.AllocsPerRun(1, func() { _, _ = Parse("lin.yml", data) })
	}
	for _, c := range []struct {
		name         string
		small, large []byte
	}{
		{"volumes", volumesSpec(1000, 100), volumesSpec(10000, 100)},
		{"volumes in one service", volumesSpec(1000, 1000), volumesSpec(10000, 10000)},
		{"services", servicesSpec(300), servicesSpec(3000)},
	} {
		small, large := allocs(c.small), allocs(c.large)
		if ratio := large / small; ratio > 11 {
			t.Errorf("%s: 10× the items take %.1f× the allocations (%.0f → %.0f)", c.name, ratio, small, large)
		} else {
			t.Logf("%s: 10× the items, %.2f× the allocations", c.name, ratio)
		}
	}
}
