package efsfargate_test

import (
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsecs"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssecretsmanager"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssns"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	efsfargate "github.com/efsfargate/efsfargate/constructs"
)

// userAppStack is a team's own app: an existing task role, a Secrets
// Manager secret, a tag on the construct, the construct as a scope and
// as a dependency.
func userAppStack(app awscdk.App) awscdk.Stack {
	stack := awscdk.NewStack(app, jsii.String("UserApp"), nil)
	vpc, subnets := importedNetwork(stack, "us-east-1a", "us-east-1b")
	role := awsiam.NewRole(stack, jsii.String("AppRole"), &awsiam.RoleProps{
		AssumedBy: awsiam.NewServicePrincipal(jsii.String("ecs-tasks.amazonaws.com"), nil),
	})
	secret := awssecretsmanager.NewSecret(stack, jsii.String("DbPassword"), nil)
	svc := efsfargate.NewEfsFargateService(stack, jsii.String("Cms"), &efsfargate.EfsFargateServiceProps{
		Cluster:     importedCluster(stack, vpc),
		Image:       nginx(),
		TaskSubnets: &awsec2.SubnetSelection{Subnets: &subnets},
		TaskRole:    role,
		Secrets:     &map[string]awsecs.Secret{"DB_PASSWORD": awsecs.Secret_FromSecretsManager(secret, nil)},
		Volumes:     &[]*efsfargate.EfsVolume{{Name: jsii.String("uploads"), ContainerPath: jsii.String("/uploads")}},
	})
	awscdk.Tags_Of(svc).Add(jsii.String("cost-center"), jsii.String("cms"), nil)
	child := constructs.NewConstruct(svc, jsii.String("Alarms"))
	topic := awssns.NewTopic(child, jsii.String("Topic"), nil)
	after := awssns.NewTopic(stack, jsii.String("After"), nil)
	after.Node().AddDependency(svc)
	_ = topic
	return stack
}

// The acceptance case: the task definition uses the given role, that role
// holds the EFS grant, the container gets the secret and the execution
// role may read it, and the tag reaches the service.
func TestUserApp(t *testing.T) {
	f := stacks(t)
	tmpl := f.userApp
	_, td := only(t, tmpl, "AWS::ECS::TaskDefinition")
	roleRef := jsonOf(props(td, "TaskRoleArn"))
	if !strings.Contains(roleRef, `"AppRole`) {
		t.Errorf("task definition TaskRoleArn %s, want the given AppRole", roleRef)
	}
	if n := len(resources(tmpl, "AWS::IAM::Role")); n != 2 {
		t.Errorf("%d roles, want AppRole and the execution role only", n)
	}
	var taskPolicy, execPolicy string
	for id, p := range resources(tmpl, "AWS::IAM::Policy") {
		roles := jsonOf(props(p, "Roles"))
		switch {
		case strings.Contains(roles, `"AppRole`):
			taskPolicy = jsonOf(props(p, "PolicyDocument"))
		case strings.Contains(roles, "ExecutionRole"):
			execPolicy = jsonOf(props(p, "PolicyDocument"))
		default:
			t.Errorf("policy %s on %s", id, roles)
		}
	}
	for _, want := range []string{"elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite", "elasticfilesystem:AccessPointArn", "CmsUploadsAccessPoint"} {
		if !strings.Contains(taskPolicy, want) {
			t.Errorf("the given task role's policy lacks %s: %s", want, taskPolicy)
		}
	}
	if !strings.Contains(execPolicy, "secretsmanager:GetSecretValue") || !strings.Contains(execPolicy, "DbPassword") {
		t.Errorf("the execution role may not read the secret: %s", execPolicy)
	}
	secrets := jsonOf(props(td, "ContainerDefinitions"))
	if !strings.Contains(secrets, `"Secrets":[{"Name":"DB_PASSWORD","ValueFrom":{"Ref":"DbPassword`) {
		t.Errorf("container has no DB_PASSWORD secret: %s", secrets)
	}
	_, svc := only(t, tmpl, "AWS::ECS::Service")
	if tags := jsonOf(props(svc, "Tags")); !strings.Contains(tags, `{"Key":"cost-center","Value":"cms"}`) {
		t.Errorf("service tags %s lack cost-center=cms", tags)
	}
	for id, topic := range resources(tmpl, "AWS::SNS::Topic") {
		deps := jsonOf(topic["DependsOn"])
		switch {
		case strings.HasPrefix(id, "CmsAlarms"):
			// Made with the construct as its scope.
		case strings.HasPrefix(id, "After"):
			if !strings.Contains(deps, "CmsService") {
				t.Errorf("topic After DependsOn %s, want the construct's service", deps)
			}
		default:
			t.Errorf("unexpected topic %s", id)
		}
	}
}

// propsStack sets every aws-cdk-lib-named prop at once.
func propsStack(app awscdk.App) awscdk.Stack {
	stack := awscdk.NewStack(app, jsii.String("Props"), nil)
	vpc, subnets := importedNetwork(stack, "us-east-1a", "us-east-1b")
	execRole := awsiam.Role_FromRoleArn(stack, jsii.String("ExecRole"), jsii.String("arn:aws:iam::123456789012:role/ecs-exec"), nil)
	groupA := awsec2.NewSecurityGroup(stack, jsii.String("GroupA"), &awsec2.SecurityGroupProps{Vpc: vpc})
	groupB := awsec2.NewSecurityGroup(stack, jsii.String("GroupB"), &awsec2.SecurityGroupProps{Vpc: vpc})
	efsfargate.NewEfsFargateService(stack, jsii.String("Worker"), &efsfargate.EfsFargateServiceProps{
		Cluster:              importedCluster(stack, vpc),
		Image:                nginx(),
		TaskSubnets:          &awsec2.SubnetSelection{Subnets: &subnets},
		ExecutionRole:        execRole,
		SecurityGroups:       &[]awsec2.ISecurityGroup{groupA, groupB},
		EnableExecuteCommand: jsii.Bool(true),
		ServiceName:          jsii.String("worker"),
		PropagateTags:        awsecs.PropagatedTagSource_SERVICE,
		CapacityProviderStrategies: &[]*awsecs.CapacityProviderStrategy{
			{CapacityProvider: jsii.String("FARGATE_SPOT"), Weight: jsii.Number(1)},
		},
		RuntimePlatform: &awsecs.RuntimePlatform{
			CpuArchitecture:       awsecs.CpuArchitecture_ARM64(),
			OperatingSystemFamily: awsecs.OperatingSystemFamily_LINUX(),
		},
		Volumes: &[]*efsfargate.EfsVolume{{Name: jsii.String("work"), ContainerPath: jsii.String("/work")}},
	})
	return stack
}

func TestAwsCdkProps(t *testing.T) {
	f := stacks(t)
	tmpl := f.props
	_, svc := only(t, tmpl, "AWS::ECS::Service")
	if got := jsonOf(props(svc, "ServiceName")); got != `"worker"` {
		t.Errorf("ServiceName %s, want worker", got)
	}
	if got := jsonOf(props(svc, "EnableExecuteCommand")); got != "true" {
		t.Errorf("EnableExecuteCommand %s, want true", got)
	}
	if got := jsonOf(props(svc, "PropagateTags")); got != `"SERVICE"` {
		t.Errorf("PropagateTags %s, want SERVICE", got)
	}
	if got := jsonOf(props(svc, "CapacityProviderStrategy")); got != `[{"CapacityProvider":"FARGATE_SPOT","Weight":1}]` {
		t.Errorf("CapacityProviderStrategy %s, want FARGATE_SPOT", got)
	}
	if got := jsonOf(props(svc, "LaunchType")); got != "null" {
		t.Errorf("LaunchType %s beside a capacity provider strategy", got)
	}
	groups := jsonOf(props(svc, "NetworkConfiguration", "AwsvpcConfiguration", "SecurityGroups"))
	if !strings.Contains(groups, "GroupA") || !strings.Contains(groups, "GroupB") || strings.Contains(groups, "TaskSecurityGroup") {
		t.Errorf("service groups %s, want GroupA and GroupB only", groups)
	}
	// No task group is made when groups are given.
	for id := range resources(tmpl, "AWS::EC2::SecurityGroup") {
		if strings.Contains(id, "TaskSecurityGroup") {
			t.Errorf("a task group %s was made beside SecurityGroups", id)
		}
	}
	// TCP 2049 admits each given group.
	admitted := map[string]bool{}
	for _, r := range resources(tmpl, "AWS::EC2::SecurityGroupIngress") {
		p := jsonOf(r["Properties"])
		if !strings.Contains(p, `"FromPort":2049`) {
			continue
		}
		for _, g := range []string{"GroupA", "GroupB"} {
			if strings.Contains(jsonOf(props(r, "SourceSecurityGroupId")), g) {
				admitted[g] = true
			}
		}
	}
	if !admitted["GroupA"] || !admitted["GroupB"] {
		t.Errorf("NFS admits %v, want GroupA and GroupB", admitted)
	}
	_, td := only(t, tmpl, "AWS::ECS::TaskDefinition")
	if got := jsonOf(props(td, "RuntimePlatform")); got != `{"CpuArchitecture":"ARM64","OperatingSystemFamily":"LINUX"}` {
		t.Errorf("RuntimePlatform %s, want ARM64 Linux", got)
	}
	if got := jsonOf(props(td, "ExecutionRoleArn")); got != `"arn:aws:iam::123456789012:role/ecs-exec"` {
		t.Errorf("ExecutionRoleArn %s, want the given role", got)
	}
	// Execute command: CDK grants the SSM channels to the task role.
	found := false
	for _, p := range resources(tmpl, "AWS::IAM::Policy") {
		if strings.Contains(jsonOf(p), "ssmmessages:CreateControlChannel") {
			found = true
		}
	}
	if !found {
		t.Error("EnableExecuteCommand gave the task role no ssmmessages permissions")
	}
}
