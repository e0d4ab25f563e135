package ecsrules

import (
	"fmt"
	"strings"
	"testing"
)

// documentedPairs is the Fargate task size table as AWS documents it
// ("Task CPU and memory", Amazon ECS Developer Guide), written out here
// independently of the package's own table.
var documentedPairs = map[int]func(mem int) bool{
	256:   func(m int) bool { return m == 512 || m == 1024 || m == 2048 },
	512:   func(m int) bool { return m >= 1024 && m <= 4096 && m%1024 == 0 },
	1024:  func(m int) bool { return m >= 2048 && m <= 8192 && m%1024 == 0 },
	2048:  func(m int) bool { return m >= 4096 && m <= 16384 && m%1024 == 0 },
	4096:  func(m int) bool { return m >= 8192 && m <= 30720 && m%1024 == 0 },
	8192:  func(m int) bool { return m >= 16384 && m <= 61440 && m%4096 == 0 },
	16384: func(m int) bool { return m >= 32768 && m <= 122880 && m%8192 == 0 },
}

// Every cpu/memory combination on a 256 MiB grid (and odd values around
// the edges) gets the documented verdict.
func TestFargatePairsAgainstTheDocumentedTable(t *testing.T) {
	checked, valid := 0, 0
	for _, cpu := range []int{0, 128, 255, 256, 257, 300, 512, 1000, 1024, 2048, 3072, 4096, 8192, 16384, 32768} {
		for mem := 0; mem <= 131072; mem += 256 {
			for _, m := range []int{mem, mem + 1} {
				ok := documentedPairs[cpu] != nil && documentedPairs[cpu](m)
				err := CheckCPUMemory(cpu, m)
				if (err == nil) != ok {
					t.Errorf("CheckCPUMemory(%d, %d) = %v, documented valid=%v", cpu, m, err, ok)
				}
				checked++
				if ok {
					valid++
				}
			}
		}
	}
	// 3 + 4 + 7 + 13 + 23 + 12 + 12 valid pairs.
	if valid != 74 {
		t.Errorf("%d valid pairs found, the table has 74", valid)
	}
	t.Logf("%d pairs checked, %d valid", checked, valid)
}

// The rejections that matter, with what the message tells the user.
func TestFargatePairRejections(t *testing.T) {
	for _, c := range []struct {
		cpu, mem int
		want     string
	}{
		{256, 4096, "memory 4096 is not valid with cpu 256 on Fargate (use 512, 1024 or 2048)"},
		{256, 3072, "use 512, 1024 or 2048"},
		{256, 1536, "use 512, 1024 or 2048"},
		{256, 256, "use 512, 1024 or 2048"},
		{512, 512, "use 1024 to 4096 in steps of 1024"},
		{512, 5120, "use 1024 to 4096 in steps of 1024"},
		{1024, 1024, "use 2048 to 8192 in steps of 1024"},
		{1024, 9216, "use 2048 to 8192 in steps of 1024"},
		{2048, 17408, "use 4096 to 16384 in steps of 1024"},
		{4096, 31744, "use 8192 to 30720 in steps of 1024"},
		{8192, 18432, "use 16384 to 61440 in steps of 4096"},
		{8192, 65536, "use 16384 to 61440 in steps of 4096"},
		{16384, 36864, "use 32768 to 122880 in steps of 8192"},
		{16384, 131072, "use 32768 to 122880 in steps of 8192"},
		{128, 512, "cpu 128 is not a Fargate CPU value (use one of 256, 512, 1024, 2048, 4096, 8192, 16384)"},
		{32768, 65536, "cpu 32768 is not a Fargate CPU value"},
	} {
		t.Run(fmt.Sprintf("%d/%d", c.cpu, c.mem), func(t *testing.T) {
			err := CheckCPUMemory(c.cpu, c.mem)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("got %v, want %q", err, c.want)
			}
		})
	}
}

func TestFargateMemoryChoices(t *testing.T) {
	for cpu, want := range map[int]string{256: "[512 1024 2048]", 512: "[1024 2048 3072 4096]", 300: "[]"} {
		if got := fmt.Sprint(FargateMemoryChoices(cpu)); got != want {
			t.Errorf("FargateMemoryChoices(%d) = %s, want %s", cpu, got, want)
		}
	}
}
