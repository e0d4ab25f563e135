package stacks

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"github.com/efsfargate/efsfargate/internal/spec"
)

// outputs are the raw form's: same names, descriptions and export names
// ("<app>-<stage>-<name>").
func (b *builder) outputs() {
	// An imported id is already exported by its own stack (cfn-lint W6001).
	if b.p.FileSystem.ID.Import == "" {
		b.output("FileSystemId", "ID of the EFS file system", b.fs.FileSystemId())
	}
	if b.fsGroup != nil {
		b.output("FileSystemSecurityGroupId", "Security group of the EFS mount targets", b.fsGroup.SecurityGroupId())
	}
	for i := range b.p.Volumes {
		v := &b.p.Volumes[i]
		if v.ExistingAccessPointID != "" {
			continue
		}
		b.output(spec.LogicalName(v.Name)+"AccessPointId", "ID of the EFS access point of volume "+v.Name,
			b.accessPoints[v.Name].AccessPointId())
	}
	for i, s := range b.p.Services {
		svc := b.services[i]
		b.output(s.IDPrefix+"TaskSecurityGroupId", "Security group of the "+s.Name+" tasks", svc.SecurityGroup().SecurityGroupId())
		b.output(s.IDPrefix+"ServiceName", "Name of the ECS service "+s.Name, svc.Service().ServiceName())
	}
}

func (b *builder) output(name, description string, value *string) {
	awscdk.NewCfnOutput(b.stack, jsii.String(name), &awscdk.CfnOutputProps{
		Value:       value,
		Description: jsii.String(description),
		ExportName:  jsii.String(Name(b.p) + "-" + name),
	})
}
