package emitter

import (
	"fmt"

	"github.com/awslabs/goformation/v7/cloudformation"
	"github.com/awslabs/goformation/v7/cloudformation/ec2"
	"github.com/awslabs/goformation/v7/cloudformation/efs"
	"github.com/awslabs/goformation/v7/cloudformation/policies"

	"github.com/efsfargate/efsfargate/internal/spec"
)

// fileSystem adds the managed file system, its security group and one
// mount target per Availability Zone. An existing file system adds nothing.
func (b *builder) fileSystem() error {
	fs := b.p.FileSystem
	if !fs.Managed {
		if _, err := b.fileSystemIDValue(); err != nil {
			return err
		}
		_, err := b.efsSecurityGroupValue()
		return err
	}

	deletion, replace := policies.DeletionPolicy("Delete"), policies.UpdateReplacePolicy("Delete")
	if fs.Retain {
		deletion, replace = "Retain", "Retain"
	}
	backup := "DISABLED"
	if fs.Backup {
		backup = "ENABLED"
	}
	r := &efs.FileSystem{
		Encrypted:       cloudformation.Bool(fs.Encrypted),
		PerformanceMode: cloudformation.String(fs.PerformanceMode),
		ThroughputMode:  cloudformation.String(fs.ThroughputMode),
		BackupPolicy:    &efs.FileSystem_BackupPolicy{Status: backup},
		FileSystemTags: []efs.FileSystem_ElasticFileSystemTag{{
			Key:   "Name",
			Value: fs.Name,
		}},
		LifecyclePolicies:                    lifecyclePolicies(fs.Lifecycle),
		FileSystemPolicy:                     denyInsecureTransport(),
		AWSCloudFormationDeletionPolicy:      deletion,
		AWSCloudFormationUpdateReplacePolicy: replace,
	}
	if fs.KmsKeyID != "" {
		r.KmsKeyId = cloudformation.String(fs.KmsKeyID)
	}
	if fs.ThroughputMode == "provisioned" {
		r.ProvisionedThroughputInMibps = cloudformation.Float64(fs.ProvisionedThroughputMibps)
	}
	if err := b.addResource(fileSystemID, r); err != nil {
		return err
	}

	vpc, err := b.vpcValue()
	if err != nil {
		return err
	}
	sg := &ec2.SecurityGroup{
		GroupDescription: fmt.Sprintf("EFS mount targets of %s %s", b.p.App, b.p.Stage),
		VpcId:            cloudformation.String(vpc),
		// The mount targets start no connections. CDK's placeholder rule
		// (an ICMP type no host sends) keeps CloudFormation from adding
		// its default allow-all egress.
		SecurityGroupEgress: []ec2.SecurityGroup_Egress{{
			CidrIp:      cloudformation.String("255.255.255.255/32"),
			Description: cloudformation.String("Disallow all traffic"),
			FromPort:    cloudformation.Int(252),
			IpProtocol:  "icmp",
			ToPort:      cloudformation.Int(86),
		}},
	}
	if err := b.addResource(fileSystemSecurityGroup, sg); err != nil {
		return err
	}
	return b.mountTargetResources()
}

// mountTargetResources adds MountTarget1..N: EFS allows one per AZ, and a
// task needs one in the AZ of its subnet.
func (b *builder) mountTargetResources() error {
	subnets, err := b.mountTargetSubnets()
	if err != nil {
		return err
	}
	if len(subnets) == 0 {
		return fmt.Errorf("a managed file system needs at least one subnet for its mount targets")
	}
	for i, subnet := range subnets {
		id := fmt.Sprintf("MountTarget%d", i+1)
		mt := &efs.MountTarget{
			FileSystemId:   cloudformation.Ref(fileSystemID),
			SubnetId:       subnet,
			SecurityGroups: []string{cloudformation.Ref(fileSystemSecurityGroup)},
		}
		if err := b.addResource(id, mt); err != nil {
			return err
		}
		b.mountTargets = append(b.mountTargets, id)
	}
	return nil
}

// lifecyclePolicies writes one policy per transition: EFS takes exactly one
// transition per LifecyclePolicies entry.
func lifecyclePolicies(l spec.Lifecycle) []efs.FileSystem_LifecyclePolicy {
	var out []efs.FileSystem_LifecyclePolicy
	if l.TransitionToIA != "" {
		out = append(out, efs.FileSystem_LifecyclePolicy{TransitionToIA: cloudformation.String(l.TransitionToIA)})
	}
	if l.TransitionToArchive != "" {
		out = append(out, efs.FileSystem_LifecyclePolicy{TransitionToArchive: cloudformation.String(l.TransitionToArchive)})
	}
	if l.TransitionToPrimary != "" {
		out = append(out, efs.FileSystem_LifecyclePolicy{TransitionToPrimaryStorageClass: cloudformation.String(l.TransitionToPrimary)})
	}
	return out
}

// denyInsecureTransport is the whole file system policy. There is no Allow
// statement: clients reach the data only through their task role with IAM
// authorization, so no anonymous mount can write.
func denyInsecureTransport() policyDocument {
	return policyDocument{
		Version: policyVersion,
		Statement: []policyStatement{{
			Sid:       "DenyInsecureTransport",
			Effect:    "Deny",
			Principal: map[string]string{"AWS": "*"},
			Action:    []string{actionClientMount, actionClientRootAccess, actionClientWrite},
			Condition: map[string]map[string]string{"Bool": {"aws:SecureTransport": "false"}},
		}},
	}
}
