package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// A split spec synthesizes the base stack and one stack per service, named
// as the raw form names them; the base stack has termination protection and
// every service stack depends on it, so cdk deploy --all deploys in order.
func TestAppSplit(t *testing.T) {
	bin := buildApp(t)
	spec, err := filepath.Abs("../../examples/split.yml")
	if err != nil {
		t.Fatal(err)
	}
	r := runApp(t, bin, map[string]interface{}{"spec": spec})
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	data, err := os.ReadFile(filepath.Join(r.outdir, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	var manifest struct {
		Artifacts map[string]struct {
			Type         string
			Dependencies []string
			Properties   struct {
				TerminationProtection bool
			}
		}
	}
	if err := json.Unmarshal(data, &manifest); err != nil {
		t.Fatal(err)
	}
	stacks := map[string]bool{}
	for name, a := range manifest.Artifacts {
		if a.Type == "aws:cloudformation:stack" {
			stacks[name] = true
		}
	}
	if len(stacks) != 3 || !stacks["notes-dev"] || !stacks["notes-dev-db"] || !stacks["notes-dev-app"] {
		t.Fatalf("stacks %v", stacks)
	}
	if !manifest.Artifacts["notes-dev"].Properties.TerminationProtection {
		t.Error("the base stack has no termination protection")
	}
	depends := func(stack, on string) bool {
		for _, d := range manifest.Artifacts[stack].Dependencies {
			if d == on {
				return true
			}
		}
		return false
	}
	for _, s := range []string{"notes-dev-db", "notes-dev-app"} {
		if manifest.Artifacts[s].Properties.TerminationProtection {
			t.Errorf("%s has termination protection", s)
		}
		if !depends(s, "notes-dev") {
			t.Errorf("%s does not depend on the base stack", s)
		}
	}
	// app calls db, so the rule on db's group lives in app's stack.
	if !depends("notes-dev-app", "notes-dev-db") {
		t.Error("notes-dev-app does not depend on notes-dev-db")
	}
	base := readTemplate(t, r, "notes-dev")
	for _, typ := range []string{"AWS::EFS::FileSystem", "AWS::EFS::MountTarget", "AWS::EFS::AccessPoint", "AWS::EC2::VPC", "AWS::ECS::Cluster"} {
		if !hasType(base, typ) {
			t.Errorf("the base stack has no %s", typ)
		}
	}
	app := readTemplate(t, r, "notes-dev-app")
	for _, typ := range []string{"AWS::EFS::FileSystem", "AWS::EFS::AccessPoint", "AWS::EC2::VPC"} {
		if hasType(app, typ) {
			t.Errorf("the service stack makes its own %s", typ)
		}
	}
	if !hasType(app, "AWS::ECS::Service") {
		t.Error("the service stack has no ECS service")
	}
}

func hasType(tmpl map[string]interface{}, typ string) bool {
	for _, r := range tmpl["Resources"].(map[string]interface{}) {
		if r.(map[string]interface{})["Type"] == typ {
			return true
		}
	}
	return false
}
