package efsfargate_test

import (
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsecs"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsefs"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssecretsmanager"
	"github.com/aws/jsii-runtime-go"

	efsfargate "github.com/efsfargate/efsfargate/constructs"
)

// runtimeStack: what the container does at run time decides the defaults.
// A mongo on a writable volume, an nginx reading shared files, and an API
// without volumes that reads a secret.
func runtimeStack(app awscdk.App) awscdk.Stack {
	stack := awscdk.NewStack(app, jsii.String("Runtime"), nil)
	vpc, subnets := importedNetwork(stack, "us-east-1a", "us-east-1b")
	cluster := importedCluster(stack, vpc)
	sel := &awsec2.SubnetSelection{Subnets: &subnets}
	efsfargate.NewEfsFargateService(stack, jsii.String("Mongo"), &efsfargate.EfsFargateServiceProps{
		Cluster:     cluster,
		Image:       awsecs.ContainerImage_FromRegistry(jsii.String("mongo:7"), nil),
		TaskSubnets: sel,
		Volumes:     &[]*efsfargate.EfsVolume{{Name: jsii.String("db"), ContainerPath: jsii.String("/data/db")}},
	})
	efsfargate.NewEfsFargateService(stack, jsii.String("Site"), &efsfargate.EfsFargateServiceProps{
		Cluster:                cluster,
		Image:                  nginx(),
		TaskSubnets:            sel,
		ReadonlyRootFilesystem: jsii.Bool(true),
		ScratchPaths:           jsii.Strings("/var/cache/nginx", "/tmp"),
		Volumes: &[]*efsfargate.EfsVolume{{
			Name: jsii.String("html"), ContainerPath: jsii.String("/usr/share/nginx/html"), ReadOnly: jsii.Bool(true),
		}},
	})
	secret := awssecretsmanager.Secret_FromSecretCompleteArn(stack, jsii.String("DbPassword"),
		jsii.String("arn:aws:secretsmanager:us-east-1:123456789012:secret:db-password-AbCdEf"))
	efsfargate.NewEfsFargateService(stack, jsii.String("Api"), &efsfargate.EfsFargateServiceProps{
		Cluster:     cluster,
		Image:       nginx(),
		TaskSubnets: sel,
		User:        jsii.String("1000:1000"),
		Secrets:     &map[string]awsecs.Secret{"DB_PASSWORD": awsecs.Secret_FromSecretsManager(secret, nil)},
	})
	return stack
}

func TestRuntimeDefaults(t *testing.T) {
	app := newApp(t)
	tmpl := assertions.Template_FromStack(runtimeStack(app), nil)
	services := resources(tmpl, "AWS::ECS::Service")
	deployment := func(id string) string {
		return jsonOf(props(services[id], "DeploymentConfiguration"))
	}
	var mongo, site, api string
	for id := range services {
		switch {
		case len(id) > 5 && id[:5] == "Mongo":
			mongo = id
		case len(id) > 4 && id[:4] == "Site":
			site = id
		case len(id) > 3 && id[:3] == "Api":
			api = id
		}
	}
	// mongo keeps a single-writer store: stop the old task first.
	if got := deployment(mongo); got != `{"DeploymentCircuitBreaker":{"Enable":true,"Rollback":true},"MaximumPercent":100,"MinimumHealthyPercent":0}` {
		t.Errorf("mongo deployment %s, want 0/100", got)
	}
	if got := deployment(site); got != `{"DeploymentCircuitBreaker":{"Enable":true,"Rollback":true},"MaximumPercent":200,"MinimumHealthyPercent":100}` {
		t.Errorf("nginx deployment %s, want 100/200", got)
	}
	// mongo's access point acts as mongodb (999:999).
	for id, ap := range resources(tmpl, "AWS::EFS::AccessPoint") {
		user := jsonOf(props(ap, "PosixUser"))
		owner := jsonOf(props(ap, "RootDirectory", "CreationInfo"))
		switch {
		case len(id) > 5 && id[:5] == "Mongo":
			if user != `{"Gid":"999","Uid":"999"}` || owner != `{"OwnerGid":"999","OwnerUid":"999","Permissions":"755"}` {
				t.Errorf("mongo access point %s / %s, want 999:999", user, owner)
			}
		case len(id) > 4 && id[:4] == "Site":
			// nginx only reads: the default user stays.
			if user != `{"Gid":"1000","Uid":"1000"}` {
				t.Errorf("nginx access point %s, want 1000:1000", user)
			}
		}
	}
	// Two file systems (mongo's and the site's), none for the API; one
	// NFS rule per file system, none from the API.
	countIs(t, tmpl, "AWS::EFS::FileSystem", 2)
	for _, r := range resources(tmpl, "AWS::EC2::SecurityGroupIngress") {
		if src := jsonOf(props(r, "SourceSecurityGroupId")); len(src) > 6 && src[:6] == `{"Fn::` && contains(src, "Api") {
			t.Errorf("an ingress rule from the API tasks: %s", jsonOf(r))
		}
	}
	if deps := jsonOf(services[api]["DependsOn"]); contains(deps, "MountTarget") {
		t.Errorf("the API without volumes waits for mount targets: %s", deps)
	}
	for id, td := range resources(tmpl, "AWS::ECS::TaskDefinition") {
		c := jsonOf(props(td, "ContainerDefinitions"))
		switch {
		case len(id) > 4 && id[:4] == "Site":
			for _, want := range []string{`"ReadonlyRootFilesystem":true`, `"ContainerPath":"/var/cache/nginx"`, `"SourceVolume":"scratch-2"`} {
				if !contains(c, want) {
					t.Errorf("site container lacks %s: %s", want, c)
				}
			}
		case len(id) > 3 && id[:3] == "Api":
			for _, want := range []string{`"User":"1000:1000"`, `"Name":"DB_PASSWORD"`, `db-password-AbCdEf`} {
				if !contains(c, want) {
					t.Errorf("api container lacks %s: %s", want, c)
				}
			}
		}
	}
	// The API's execution role may read its secret.
	found := false
	for _, p := range resources(tmpl, "AWS::IAM::Policy") {
		doc := jsonOf(p)
		if contains(doc, "secretsmanager:GetSecretValue") && contains(doc, "db-password-AbCdEf") && contains(doc, "ApiTaskDefinitionExecutionRole") {
			found = true
		}
	}
	if !found {
		t.Error("no execution-role policy of the API reads the secret")
	}
}

func contains(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}

// A postgres whose access point acts as another user cannot start: the
// construct reports it as an error on itself, and synth fails.
func TestForeignAccessPointUserIsAnError(t *testing.T) {
	app := newApp(t)
	stack := awscdk.NewStack(app, jsii.String("Foreign"), nil)
	vpc, subnets := importedNetwork(stack, "us-east-1a", "us-east-1b")
	svc := efsfargate.NewEfsFargateService(stack, jsii.String("Pg"), &efsfargate.EfsFargateServiceProps{
		Cluster:     importedCluster(stack, vpc),
		Image:       awsecs.ContainerImage_FromRegistry(jsii.String("postgres:16"), nil),
		TaskSubnets: &awsec2.SubnetSelection{Subnets: &subnets},
		Volumes: &[]*efsfargate.EfsVolume{{
			Name: jsii.String("pg"), ContainerPath: jsii.String("/var/lib/postgresql/data"),
			PosixUser: &awsefs.PosixUser{Uid: jsii.String("1000"), Gid: jsii.String("1000")},
		}},
	})
	found := false
	for _, e := range *svc.Node().Metadata() {
		if *e.Type == "aws:cdk:error" && contains(jsonOf(e.Data), "chown: changing ownership of '/var/lib/postgresql/data': Operation not permitted") {
			found = true
		}
	}
	if !found {
		t.Errorf("no error annotation about the chown on the construct: %s", jsonOf(svc.Node().Metadata()))
	}
}
