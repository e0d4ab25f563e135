package main

import (
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/jsii-runtime-go"

	"github.com/efsfargate/efsfargate/internal/cdktest"
)

// templates synthesizes every stack of the example app once, under the
// project's feature flags.
type templates struct {
	site, storage, services, loadBalanced assertions.Template
	// servicesDeps are the artifacts the services stack deploys after.
	servicesDeps []string
}

func synth(t *testing.T) templates {
	t.Helper()
	flags, err := cdktest.FeatureFlags("../../cdk.json")
	if err != nil {
		t.Fatal(err)
	}
	app := awscdk.NewApp(&awscdk.AppProps{Context: &flags, Outdir: jsii.String(t.TempDir())})
	site := NewSiteStack(app, "Example")
	storage := NewStorageStack(app, "Storage")
	services := NewServicesStack(app, "Services", storage)
	lb := NewLoadBalancedStack(app, "LoadBalanced")
	var deps []string
	for _, d := range *app.Synth(nil).GetStackArtifact(services.ArtifactId()).Dependencies() {
		deps = append(deps, *d.Id())
	}
	return templates{
		servicesDeps: deps,
		site:         assertions.Template_FromStack(site, nil),
		storage:      assertions.Template_FromStack(storage.Stack, nil),
		services:     assertions.Template_FromStack(services, nil),
		loadBalanced: assertions.Template_FromStack(lb, nil),
	}
}

func count(tmpl assertions.Template, typ string) int {
	return len(*tmpl.FindResources(jsii.String(typ), nil))
}

func jsonOf(v interface{}) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// fromStorage reports whether a value refers to the storage stack, by
// export or by stack output (as the feature flags choose).
func fromStorage(raw string) bool {
	return strings.Contains(raw, `"Fn::ImportValue":"Storage:`) || strings.Contains(raw, `"StackName":"Storage"`)
}

func TestExampleSynthesizes(t *testing.T) {
	os.Setenv("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")
	defer jsii.Close()
	all := synth(t)

	t.Run("site", func(t *testing.T) {
		tmpl := all.site
		for typ, n := range map[string]int{
			"AWS::EFS::FileSystem":           1,
			"AWS::EFS::MountTarget":          2,
			"AWS::EFS::AccessPoint":          1,
			"AWS::ECS::Service":              1,
			"AWS::EC2::SecurityGroupIngress": 1,
		} {
			if got := count(tmpl, typ); got != n {
				t.Errorf("%s: %d, want %d", typ, got, n)
			}
		}
		for id, p := range *tmpl.FindResources(jsii.String("AWS::IAM::Policy"), nil) {
			if strings.Contains(id, "TaskRole") && strings.Contains(jsonOf(p), "ClientWrite") {
				t.Errorf("read-only volume, yet %s grants ClientWrite: %s", id, jsonOf(p))
			}
		}
		if raw := jsonOf(*tmpl.FindResources(jsii.String("AWS::ECS::TaskDefinition"), nil)); !strings.Contains(raw, `"ReadOnly":true`) {
			t.Errorf("mount point is not read-only: %s", raw)
		}
	})

	// The long-lived stack holds the data and nothing that runs; the
	// services stack holds the services and their NFS rules, and reaches
	// the file system through the storage stack's exports.
	t.Run("two stacks", func(t *testing.T) {
		for typ, n := range map[string]int{"AWS::EFS::FileSystem": 1, "AWS::EFS::AccessPoint": 1, "AWS::ECS::Service": 0, "AWS::EC2::SecurityGroupIngress": 0} {
			if got := count(all.storage, typ); got != n {
				t.Errorf("storage stack %s: %d, want %d", typ, got, n)
			}
		}
		for typ, n := range map[string]int{"AWS::EFS::FileSystem": 0, "AWS::EFS::AccessPoint": 0, "AWS::ECS::Service": 2, "AWS::EC2::SecurityGroupIngress": 2} {
			if got := count(all.services, typ); got != n {
				t.Errorf("services stack %s: %d, want %d", typ, got, n)
			}
		}
		for id, r := range *all.services.FindResources(jsii.String("AWS::EC2::SecurityGroupIngress"), nil) {
			p := jsonOf((*r)["Properties"])
			if !strings.Contains(p, `"FromPort":2049`) || !fromStorage(p) {
				t.Errorf("rule %s is not TCP 2049 into the storage stack's group: %s", id, p)
			}
		}
		tds := jsonOf(*all.services.FindResources(jsii.String("AWS::ECS::TaskDefinition"), nil))
		if strings.Count(tds, `"AccessPointId":{"Fn::`) != 2 || strings.Count(tds, "UploadsAccessPoint") != 2 || !fromStorage(tds) {
			t.Errorf("the services do not mount the shared access point: %s", tds)
		}
		if !slices.Contains(all.servicesDeps, "Storage") {
			t.Errorf("the services stack deploys after %v, want the storage stack", all.servicesDeps)
		}
		for id, p := range *all.services.FindResources(jsii.String("AWS::IAM::Policy"), nil) {
			raw := jsonOf(p)
			if strings.Contains(id, "Thumbnails") && strings.Contains(raw, "ClientWrite") {
				t.Errorf("the read-only thumbnailer may write: %s", raw)
			}
		}
	})

	t.Run("load balanced", func(t *testing.T) {
		tmpl := all.loadBalanced
		if got := count(tmpl, "AWS::ElasticLoadBalancingV2::LoadBalancer"); got != 1 {
			t.Errorf("%d load balancers, want 1", got)
		}
		td := jsonOf(*tmpl.FindResources(jsii.String("AWS::ECS::TaskDefinition"), nil))
		for _, want := range []string{`"Name":"html"`, `"TransitEncryption":"ENABLED"`, `"ContainerPath":"/usr/share/nginx/html","ReadOnly":true`} {
			if !strings.Contains(td, want) {
				t.Errorf("task definition lacks %s: %s", want, td)
			}
		}
		nfs := 0
		for _, r := range *tmpl.FindResources(jsii.String("AWS::EC2::SecurityGroupIngress"), nil) {
			p := jsonOf((*r)["Properties"])
			if strings.Contains(p, `"FromPort":2049`) && strings.Contains(p, "WebServiceSecurityGroup") {
				nfs++
			}
		}
		if nfs != 1 {
			t.Errorf("%d NFS rules from the load-balanced service's tasks, want 1", nfs)
		}
		for id, p := range *tmpl.FindResources(jsii.String("AWS::IAM::Policy"), nil) {
			raw := jsonOf(p)
			switch {
			case strings.HasPrefix(id, "Publisher"):
				if !strings.Contains(raw, "elasticfilesystem:ClientWrite") || !strings.Contains(raw, `"elasticfilesystem:AccessPointArn":{"Fn::GetAtt":["WebHtmlAccessPoint`) {
					t.Errorf("publisher policy %s, want write through the html access point", raw)
				}
			case strings.Contains(id, "TaskRole"):
				if !strings.Contains(raw, "elasticfilesystem:ClientMount") || strings.Contains(raw, "ClientWrite") {
					t.Errorf("web task role %s, want ClientMount only", raw)
				}
			}
		}
	})
}
