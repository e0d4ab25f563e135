package stacks

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdklabs/cdk-nag-go/cdknag/v2"
)

// EnvironmentNagReason is why AwsSolutions-ECS2 (environment variables in a
// task definition) is accepted: the raw form's nag test uses it too.
const EnvironmentNagReason = "The environment is plain configuration written in the spec file itself; " +
	"efsfargate takes no secrets there, so nothing secret reaches the task definition this way."

// ImagePullNagReason is why AwsSolutions-IAM5 ("Resource::*") is accepted on
// an execution role that pulls a private ECR image.
const ImagePullNagReason = "ecr:GetAuthorizationToken has no resource-level permissions, so its resource must be *; " +
	"the image pulls themselves are granted on the one repository of the image."

// suppressNagFindings records, on the narrowest resource, why a cdk-nag
// AwsSolutions finding is accepted. Everything else the pack flags is fixed
// in the stack itself (flow logs, container insights, no managed policies,
// no wildcards).
func (b *builder) suppressNagFindings() {
	for i, s := range b.plan.Services {
		if s.ImageRepository != nil {
			policy := b.services[i].TaskDefinition().ObtainExecutionRole().Node().TryFindChild(jsii.String("DefaultPolicy"))
			cdknag.NagSuppressions_AddResourceSuppressions(policy, &[]*cdknag.NagPackSuppression{{
				Id:        jsii.String("AwsSolutions-IAM5"),
				Reason:    jsii.String(ImagePullNagReason),
				AppliesTo: &[]interface{}{"Resource::*"},
			}}, jsii.Bool(true))
		}
		if len(s.Environment) == 0 {
			continue
		}
		td := b.services[i].TaskDefinition().Node().DefaultChild().(awscdk.CfnResource)
		cdknag.NagSuppressions_AddResourceSuppressions(td, &[]*cdknag.NagPackSuppression{{
			Id:     jsii.String("AwsSolutions-ECS2"),
			Reason: jsii.String(EnvironmentNagReason),
		}}, jsii.Bool(false))
	}
}
