package test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/efsfargate/efsfargate/internal/cfnlint"
	"github.com/efsfargate/efsfargate/internal/emitter"
	"github.com/efsfargate/efsfargate/internal/spec"
)

// The spec accepts exactly the cpu/memory pairs Fargate accepts, judged by
// an oracle that shares no code with it: cfn-lint's E3047, run on the
// emitted task definition with each pair. A rule table that drifts (256 CPU
// with 4096 MiB accepted, a step off by one) fails here and in the rules'
// own tests.
func TestFargatePairsAgreeWithCfnLint(t *testing.T) {
	cpus := []int{128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768}
	mems := []int{256, 512, 1024, 1536, 2048, 3072, 4096, 5120, 8192, 9216, 12288, 16384, 17408,
		20480, 30720, 31744, 32768, 36864, 61440, 65536, 69632, 122880, 131072}
	// One template, one task definition per pair: one cfn-lint run. Each
	// is the emitted one cut to what E3047 reads, which keeps the run short.
	td := emittedTaskDefinition(t)
	resources := map[string]any{}
	accepted := map[string]bool{}
	for _, cpu := range cpus {
		for _, mem := range mems {
			id := fmt.Sprintf("Pair%dx%d", cpu, mem)
			_, err := spec.Parse("efsfargate.yml", specYAML(cpu, mem))
			accepted[id] = err == nil
			if err != nil && !strings.Contains(err.Error(), "services.app.") {
				t.Errorf("cpu %d memory %d: the error names no field path: %v", cpu, mem, err)
			}
			props := map[string]any{"Cpu": fmt.Sprint(cpu), "Memory": fmt.Sprint(mem)}
			for _, k := range []string{"RequiresCompatibilities", "NetworkMode", "ContainerDefinitions"} {
				props[k] = td[k]
			}
			resources[id] = map[string]any{"Type": "AWS::ECS::TaskDefinition", "Properties": props}
		}
	}
	lint := map[string]any{"AWSTemplateFormatVersion": "2010-09-09", "Resources": resources}
	b, _ := json.Marshal(lint)
	file := filepath.Join(t.TempDir(), "pairs.json")
	if err := os.WriteFile(file, b, 0o644); err != nil {
		t.Fatal(err)
	}
	findings, err := cfnlint.Run(file)
	if err != nil {
		t.Fatal(err)
	}
	refused := map[string]bool{}
	for _, f := range findings {
		if f.Rule == "E3047" {
			refused[strings.Split(strings.TrimPrefix(f.Path, "Resources/"), "/")[0]] = true
		}
	}
	if len(refused) == 0 || len(refused) == len(accepted) {
		t.Fatalf("cfn-lint refused %d of %d pairs: not a usable oracle", len(refused), len(accepted))
	}
	var wrong []string
	valid := 0
	for id, ok := range accepted {
		if ok == refused[id] {
			wrong = append(wrong, fmt.Sprintf("%s: spec accepts=%v, cfn-lint E3047=%v", id, ok, refused[id]))
		}
		if ok {
			valid++
		}
	}
	sort.Strings(wrong)
	if len(wrong) > 0 {
		t.Errorf("spec and Fargate disagree:\n  %s", strings.Join(wrong, "\n  "))
	}
	t.Logf("%d pairs, %d valid", len(accepted), valid)
}

func specYAML(cpu, mem int) []byte {
	return fmt.Appendf(nil, "app: pairs\nservices:\n  app:\n    image: nginx:latest\n    cpu: %d\n    memory: %d\n    volumes: [data:/data]\n", cpu, mem)
}

// emittedTaskDefinition is the properties of the task definition the
// emitter makes for a valid spec, with its container reduced to name and
// image (the rest refers to other resources).
func emittedTaskDefinition(t *testing.T) map[string]any {
	t.Helper()
	p, err := spec.Parse("efsfargate.yml", specYAML(256, 512))
	if err != nil {
		t.Fatal(err)
	}
	body, err := emitter.Render(p, "json")
	if err != nil {
		t.Fatal(err)
	}
	var tmpl struct {
		Resources map[string]struct {
			Type       string
			Properties map[string]any
		}
	}
	if err := json.Unmarshal(body, &tmpl); err != nil {
		t.Fatal(err)
	}
	for _, r := range tmpl.Resources {
		if r.Type != "AWS::ECS::TaskDefinition" {
			continue
		}
		c := r.Properties["ContainerDefinitions"].([]any)[0].(map[string]any)
		r.Properties["ContainerDefinitions"] = []any{map[string]any{"Name": c["Name"], "Image": c["Image"]}}
		return r.Properties
	}
	t.Fatal("no task definition emitted")
	return nil
}
