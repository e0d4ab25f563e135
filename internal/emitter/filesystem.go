package emitter

import (
	"fmt"

	"github.com/awslabs/goformation/v7/cloudformation"
	"github.com/awslabs/goformation/v7/cloudformation/ec2"
	"github.com/awslabs/goformation/v7/cloudformation/efs"
	"github.com/awslabs/goformation/v7/cloudformation/policies"

	"github.com/efsfargate/efsfargate/internal/spec"
)

// fileSystem adds the managed file system, its security group and its mount
// targets. An existing file system adds nothing.
func (b *builder) fileSystem() error {
	fs := b.s.FileSystem
	if !fs.Managed {
		if _, err := b.fileSystemIDValue(); err != nil {
			return err
		}
		_, err := b.efsSecurityGroupValue()
		return err
	}
	policy, err := b.document(fs.Policy, nil)
	if err != nil {
		return err
	}
	deletion, replace := policies.DeletionPolicy("Delete"), policies.UpdateReplacePolicy("Delete")
	if fs.Retain {
		deletion, replace = "Retain", "Retain"
	}
	r := &efs.FileSystem{
		Encrypted:       cloudformation.Bool(fs.Encrypted),
		PerformanceMode: cloudformation.String(fs.PerformanceMode),
		ThroughputMode:  cloudformation.String(fs.ThroughputMode),
		BackupPolicy:    &efs.FileSystem_BackupPolicy{Status: fs.BackupStatus},
		FileSystemTags: []efs.FileSystem_ElasticFileSystemTag{{
			Key:   "Name",
			Value: fs.Name,
		}},
		LifecyclePolicies:                    lifecyclePolicies(fs.Lifecycle),
		FileSystemPolicy:                     policy,
		AWSCloudFormationDeletionPolicy:      deletion,
		AWSCloudFormationUpdateReplacePolicy: replace,
	}
	if fs.KmsKeyID != "" {
		r.KmsKeyId = cloudformation.String(fs.KmsKeyID)
	}
	if fs.ProvisionedThroughputMibps != 0 {
		r.ProvisionedThroughputInMibps = cloudformation.Float64(fs.ProvisionedThroughputMibps)
	}
	if err := b.addResource(fs.LogicalID, r); err != nil {
		return err
	}

	vpc, err := b.vpcValue()
	if err != nil {
		return err
	}
	sg := &ec2.SecurityGroup{
		GroupDescription: fs.SecurityGroupDescription,
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
	if err := b.addResource(fs.SecurityGroupID, sg); err != nil {
		return err
	}
	for _, mt := range fs.MountTargets {
		subnet := mt.Subnet.ID
		if mt.Subnet.Parameter != "" {
			subnet = cloudformation.Select(mt.Subnet.Index, cloudformation.Ref(mt.Subnet.Parameter))
		}
		if subnet == "" {
			return fmt.Errorf("mount target %s has no subnet", mt.LogicalID)
		}
		if err := b.addResource(mt.LogicalID, &efs.MountTarget{
			FileSystemId:   cloudformation.Ref(fs.LogicalID),
			SubnetId:       subnet,
			SecurityGroups: []string{cloudformation.Ref(fs.SecurityGroupID)},
		}); err != nil {
			return err
		}
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
