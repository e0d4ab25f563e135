// Package efsfargate is the CDK form of efsfargate: constructs that run a
// Fargate service with Amazon EFS volumes mounted through access points, with
// the checks and hardening that ECS and EFS do not apply by themselves
// (TLS-only file-system policy, IAM authorization scoped per access point,
// one mount target per Availability Zone, TCP 2049 open only to the tasks,
// valid Fargate cpu/memory and platform version).
//
// NewEfsFargateService builds one service; NewSharedFileSystem makes a file
// system that several services share; NewVolumeAccessPoint makes the access
// point of a volume that several services mount. AddEfsVolumes gives the
// same EFS wiring to a service built otherwise (aws-ecs-patterns, an
// existing task definition), and GrantAccessPoint grants a role one access
// point only.
package efsfargate
