package efsfargate_test

import (
	"encoding/json"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssns"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdklabs/cdk-nag-go/cdknag/v2"

	efsfargate "github.com/efsfargate/efsfargate/constructs"
)

// composedParts are what the composed stack hands CDK's own APIs.
type composedParts struct {
	svc     efsfargate.EfsFargateService
	child   constructs.Construct
	topic   awssns.Topic
	visited *countingAspect
}

// countingAspect counts the nodes under one construct path.
type countingAspect struct {
	under string
	n     atomic.Int64
}

func (a *countingAspect) Visit(node constructs.IConstruct) {
	if strings.HasPrefix(*node.Node().Path(), a.under+"/") {
		a.n.Add(1)
	}
}

// composedStack passes the construct wherever CDK takes a construct: to
// Tags.of, Aspects.of, Node.of, as a scope, as a dependency, to cdk-nag,
// and its Connections to another group.
func composedStack(app awscdk.App, parts *composedParts) awscdk.Stack {
	stack := awscdk.NewStack(app, jsii.String("Composed"), nil)
	vpc, subnets := importedNetwork(stack, "us-east-1a", "us-east-1b")
	svc := efsfargate.NewEfsFargateService(stack, jsii.String("Api"), &efsfargate.EfsFargateServiceProps{
		Cluster:       importedCluster(stack, vpc),
		Image:         nginx(),
		ContainerPort: jsii.Number(8080),
		TaskSubnets:   &awsec2.SubnetSelection{Subnets: &subnets},
		Volumes: &[]*efsfargate.EfsVolume{{
			Name: jsii.String("data"), ContainerPath: jsii.String("/data"),
		}},
	})
	parts.svc = svc
	awscdk.Tags_Of(svc).Add(jsii.String("team"), jsii.String("payments"), nil)
	parts.visited = &countingAspect{under: "Composed/Api"}
	awscdk.Aspects_Of(svc).Add(parts.visited, nil)
	parts.child = constructs.NewConstruct(svc, jsii.String("Extras"))
	parts.topic = awssns.NewTopic(parts.child, jsii.String("Alerts"), nil)
	parts.topic.Node().AddDependency(svc)
	cdknag.NagSuppressions_AddResourceSuppressions(svc, &[]*cdknag.NagPackSuppression{{
		Id: jsii.String("AwsSolutions-SNS3"), Reason: jsii.String("the alerts topic is published to from inside the VPC only"),
	}}, jsii.Bool(true))
	peer := awsec2.NewSecurityGroup(stack, jsii.String("Frontend"), &awsec2.SecurityGroupProps{Vpc: vpc})
	svc.Connections().AllowFrom(peer, awsec2.Port_Tcp(jsii.Number(8080)), jsii.String("HTTP from the frontend"))
	return stack
}

func TestConstructIsARealConstruct(t *testing.T) {
	f := stacks(t)
	p := f.composedApp
	if got := *constructs.Node_Of(p.svc).Path(); got != "Composed/Api" {
		t.Errorf("Node_Of path = %s, want Composed/Api", got)
	}
	if got := *p.child.Node().Path(); got != "Composed/Api/Extras" {
		t.Errorf("child path = %s: the construct does not work as a scope", got)
	}
	if p.visited.n.Load() == 0 {
		t.Error("the aspect added on the construct visited nothing under it")
	}
	// The tag reaches the service, the task definition and the groups.
	for _, typ := range []string{"AWS::ECS::Service", "AWS::ECS::TaskDefinition", "AWS::EC2::SecurityGroup", "AWS::EFS::AccessPoint"} {
		for id, r := range resources(f.composed, typ) {
			if strings.HasPrefix(id, "Frontend") {
				continue
			}
			tags := jsonOf(r["Properties"])
			if !strings.Contains(tags, `"team"`) || !strings.Contains(tags, `"payments"`) {
				t.Errorf("%s %s has no team=payments tag: %s", typ, id, tags)
			}
		}
	}
	// The topic depends on every resource of the construct.
	for id, r := range resources(f.composed, "AWS::SNS::Topic") {
		deps := jsonOf(r["DependsOn"])
		if !strings.Contains(deps, "ApiService") || !strings.Contains(deps, "ApiTaskDefinition") {
			t.Errorf("topic %s DependsOn %s, want the construct's resources", id, deps)
		}
	}
	// The suppression applied to the construct reaches the topic under it.
	for id, r := range resources(f.composed, "AWS::SNS::Topic") {
		if !strings.Contains(jsonOf(r["Metadata"]), "AwsSolutions-SNS3") {
			t.Errorf("topic %s: no cdk-nag suppression from the construct", id)
		}
	}
	// Connections: the frontend reaches the tasks on 8080 and nothing else.
	found := false
	for _, r := range resources(f.composed, "AWS::EC2::SecurityGroupIngress") {
		props := jsonOf(r["Properties"])
		if strings.Contains(props, `"FromPort":8080`) && strings.Contains(props, "Frontend") && strings.Contains(props, "ApiTaskSecurityGroup") {
			found = true
		}
	}
	if !found {
		t.Error("Connections().AllowFrom made no 8080 rule from the frontend group to the tasks")
	}
}

func jsonOf(v interface{}) string {
	b, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	return string(b)
}
