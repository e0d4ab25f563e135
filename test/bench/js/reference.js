// The efsfargate reference stack (internal/spec/reference.yml) written
// directly against aws-cdk-lib in plain JavaScript, construct for construct
// as stacks.New and constructs.NewEfsFargateService build it in Go. It exists
// only to measure what the Go app pays on top of the same CDK work
// (test/bench/synth.sh compares the two templates and times both).
//
//   npm ci && node reference.js        # writes ./cdk.out, or $CDK_OUTDIR
//
// Like the Go app it reads context and the output directory from
// CDK_CONTEXT_JSON / CDK_OUTDIR, which the CDK CLI (or synth.sh) sets.
'use strict';

const cdk = require('aws-cdk-lib');
const { Construct } = require('constructs');
const ec2 = require('aws-cdk-lib/aws-ec2');
const ecs = require('aws-cdk-lib/aws-ecs');
const efs = require('aws-cdk-lib/aws-efs');
const iam = require('aws-cdk-lib/aws-iam');
const logs = require('aws-cdk-lib/aws-logs');

const NAME = 'web-app-reference';
const ARN_PREFIX = 'arn:${AWS::Partition}:elasticfilesystem:${AWS::Region}:${AWS::AccountId}:';

const app = new cdk.App();
const stack = new cdk.Stack(app, NAME, {
  stackName: NAME,
  description: 'efsfargate: app web-app, stage reference: ECS Fargate services with Amazon EFS volumes',
});

// Network: VPC and subnets from parameters (stacks/network.go).
const vpcId = new cdk.CfnParameter(stack, 'VpcId', {
  type: 'AWS::EC2::VPC::Id',
  description: 'VPC of the task security groups',
});
const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', {
  vpcId: vpcId.valueAsString,
  availabilityZones: cdk.Fn.getAzs(),
});
cdk.Annotations.of(vpc).acknowledgeWarning('@aws-cdk/aws-ec2:vpcAttributeIsListTokenavailabilityZones',
  'subnets are always given explicitly, never selected from the VPC');
const subnetIds = new cdk.CfnParameter(stack, 'SubnetIds', {
  type: 'List<AWS::EC2::Subnet::Id>',
  description: 'Subnets of the Fargate tasks, in Availability Zones where the file system has a mount target',
});
const subnets = [0, 1].map((i) => {
  const s = ec2.Subnet.fromSubnetAttributes(stack, `Subnet${i + 1}`, {
    subnetId: cdk.Fn.select(i, subnetIds.valueAsList),
  });
  cdk.Annotations.of(s).acknowledgeWarning('@aws-cdk/aws-ec2:noSubnetRouteTableId',
    'no route table is read from imported subnets');
  return s;
});

// Cluster from a parameter.
const clusterArn = new cdk.CfnParameter(stack, 'ClusterArn', {
  type: 'String',
  description: 'Name or ARN of the ECS cluster that runs the services',
});
const cluster = ecs.Cluster.fromClusterAttributes(stack, 'Cluster', {
  clusterName: clusterArn.valueAsString,
  vpc,
});

// Existing file system; its security group from the export.
const fsId = new cdk.CfnParameter(stack, 'EFSFileSystemId', {
  type: 'String',
  description: 'ID of the existing EFS file system (fs-...)',
  allowedPattern: '^fs-[0-9a-f]+$',
});
const fileSystem = efs.FileSystem.fromFileSystemAttributes(stack, 'FileSystem', {
  fileSystemId: fsId.valueAsString,
  securityGroup: ec2.SecurityGroup.fromSecurityGroupId(stack, 'FileSystemSecurityGroup',
    cdk.Fn.importValue('efs-security-group-id')),
});

// Access point of volume shared-data, owned by 1000:1000.
const accessPoint = new efs.AccessPoint(stack, 'SharedDataAccessPoint', {
  fileSystem,
  path: '/shared-data',
  posixUser: { uid: '1000', gid: '1000' },
  createAcl: { ownerUid: '1000', ownerGid: '1000', permissions: '755' },
});
cdk.Tags.of(accessPoint).add('Name', `${NAME}-shared-data`);

// The service (constructs/service.go, EfsFargateService).
const svc = new Construct(stack, 'WebApp');
const taskSecurityGroup = new ec2.SecurityGroup(svc, 'TaskSecurityGroup', {
  vpc,
  description: 'Fargate tasks of service web-app in web-app reference',
  allowAllOutbound: true,
});
const logGroup = new logs.LogGroup(svc, 'LogGroup', { retention: logs.RetentionDays.ONE_MONTH });
const taskDef = new ecs.FargateTaskDefinition(svc, 'TaskDefinition', {
  family: 'web-app-efs',
  cpu: 256,
  memoryLimitMiB: 512,
});
const container = taskDef.addContainer('web-app', {
  image: ecs.ContainerImage.fromRegistry('nginx:latest'),
  containerName: 'web-app',
  essential: true,
  logging: ecs.LogDriver.awsLogs({ logGroup, streamPrefix: 'web-app' }),
  portMappings: [{ containerPort: 80, protocol: ecs.Protocol.TCP }],
});
taskDef.addVolume({
  name: 'shared-data',
  efsVolumeConfiguration: {
    fileSystemId: fileSystem.fileSystemId,
    transitEncryption: 'ENABLED',
    authorizationConfig: { accessPointId: accessPoint.accessPointId, iam: 'ENABLED' },
  },
});
container.addMountPoints({ sourceVolume: 'shared-data', containerPath: '/usr/share/nginx/html', readOnly: false });
taskDef.addToTaskRolePolicy(new iam.PolicyStatement({
  effect: iam.Effect.ALLOW,
  actions: ['elasticfilesystem:ClientMount', 'elasticfilesystem:ClientWrite'],
  resources: [cdk.Fn.sub(ARN_PREFIX + 'file-system/${Id}', { Id: fileSystem.fileSystemId })],
  conditions: {
    StringEquals: { 'elasticfilesystem:AccessPointArn': accessPoint.node.defaultChild.attrArn },
  },
}));
const service = new ecs.FargateService(svc, 'Service', {
  cluster,
  taskDefinition: taskDef,
  desiredCount: 2,
  platformVersion: ecs.FargatePlatformVersion.VERSION1_4,
  vpcSubnets: { subnets },
  assignPublicIp: false,
  securityGroups: [taskSecurityGroup],
  circuitBreaker: { enable: true, rollback: true },
  minHealthyPercent: 100,
  maxHealthyPercent: 200,
});
service.node.addDependency(fileSystem.mountTargetsAvailable);
for (const group of fileSystem.connections.securityGroups) {
  group.addIngressRule(taskSecurityGroup, ec2.Port.tcp(2049), 'NFS from web-app tasks', true);
}
// Tasks run in every subnet of the list parameter, not only the two selected.
service.node.defaultChild.addPropertyOverride('NetworkConfiguration.AwsvpcConfiguration.Subnets',
  subnetIds.valueAsList);

// Outputs (stacks/outputs.go).
const output = (name, description, value) => new cdk.CfnOutput(stack, name, {
  value, description, exportName: `${NAME}-${name}`,
});
output('FileSystemId', 'ID of the EFS file system', fileSystem.fileSystemId);
output('SharedDataAccessPointId', 'ID of the EFS access point of volume shared-data', accessPoint.accessPointId);
output('TaskSecurityGroupId', 'Security group of the web-app tasks', taskSecurityGroup.securityGroupId);
output('ServiceName', 'Name of the ECS service web-app', service.serviceName);

app.synth();
