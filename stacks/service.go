package stacks

import (
	"fmt"

	"github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsservicediscovery"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsecs"
	"github.com/aws/jsii-runtime-go"

	efsfargate "github.com/efsfargate/efsfargate/constructs"
	"github.com/efsfargate/efsfargate/internal/cdkplan"
	"github.com/efsfargate/efsfargate/internal/plan"
	"github.com/efsfargate/efsfargate/internal/spec"
)

func (b *builder) service(s *plan.Service) efsfargate.EfsFargateService {
	platform, err := efsfargate.PlatformVersion(s.PlatformVersion)
	if err != nil {
		panic(fmt.Errorf("service %s: %w", s.Name, err))
	}
	volumes := make([]*efsfargate.EfsVolume, len(s.MountPoints))
	for i, m := range s.MountPoints {
		volumes[i] = &efsfargate.EfsVolume{
			Name:          jsii.String(m.Volume),
			ContainerPath: jsii.String(m.Path),
			ReadOnly:      jsii.Bool(m.ReadOnly),
			RootAccess:    jsii.Bool(m.RootAccess),
			AccessPoint:   b.accessPoints[m.Volume],
		}
	}
	props := &efsfargate.EfsFargateServiceProps{
		Cluster:                  b.cluster,
		Image:                    awsecs.ContainerImage_FromRegistry(jsii.String(s.Image), nil),
		Volumes:                  &volumes,
		Name:                     jsii.String(s.Name),
		ContainerName:            jsii.String(s.ContainerName),
		Family:                   jsii.String(s.Family),
		Cpu:                      jsii.Number(float64(s.CPU)),
		MemoryLimitMiB:           jsii.Number(float64(s.Memory)),
		DesiredCount:             jsii.Number(float64(s.DesiredCount)),
		PlatformVersion:          platform,
		SecurityGroupDescription: jsii.String(s.SecurityGroupDescription),
		LogRetention:             retention(s.LogRetentionDays),
		Vpc:                      b.net.vpc,
		TaskSubnets:              b.net.taskSubnets,
		AssignPublicIp:           jsii.Bool(b.plan.Network.AssignPublicIP),
		MinHealthyPercent:        jsii.Number(float64(s.Deployment.MinimumHealthyPercent)),
		MaxHealthyPercent:        jsii.Number(float64(s.Deployment.MaximumPercent)),
		CircuitBreaker:           &awsecs.DeploymentCircuitBreaker{Enable: jsii.Bool(s.Deployment.CircuitBreaker), Rollback: jsii.Bool(s.Deployment.Rollback)},
	}
	if len(volumes) > 0 {
		props.FileSystem = b.fs
	}
	if s.User != "" {
		props.User = jsii.String(s.User)
	}
	if s.ReadOnlyRootFilesystem {
		props.ReadonlyRootFilesystem = jsii.Bool(true)
	}
	if len(s.Scratch) > 0 {
		paths := make([]*string, len(s.Scratch))
		for i, v := range s.Scratch {
			paths[i] = jsii.String(v.Path)
		}
		props.ScratchPaths = &paths
	}

	if s.Port > 0 {
		props.ContainerPort = jsii.Number(float64(s.Port))
	}
	if len(s.Command) > 0 {
		props.Command = jsii.Strings(s.Command...)
	}
	if len(s.Environment) > 0 {
		env := make(map[string]*string, len(s.Environment))
		for _, e := range s.Environment {
			env[e.Name] = jsii.String(e.Value)
		}
		props.Environment = &env
	}
	props.HealthCheck = healthCheck(s.HealthCheck)

	svc := efsfargate.NewEfsFargateService(b.stack, jsii.String(s.ConstructID), props)
	if b.net.subnetList != nil {
		// Run in every subnet of the list, as the raw template does; the
		// per-index subnets above only place the mount targets.
		cfn := svc.Service().Node().DefaultChild().(awsecs.CfnService)
		cfn.AddPropertyOverride(jsii.String("NetworkConfiguration.AwsvpcConfiguration.Subnets"), b.net.subnetList)
	}
	b.executionRolePolicies(svc, s)
	if d := s.Discovery; d != nil {
		// Made beside the ECS service rather than through its
		// CloudMapOptions, so it does not inherit the service's wait for
		// the mount targets: the DNS name can exist before any task.
		registry := awsservicediscovery.NewService(svc, jsii.String("DiscoveryService"), &awsservicediscovery.ServiceProps{
			Namespace:         b.namespace,
			Name:              jsii.String(d.Name),
			DnsRecordType:     awsservicediscovery.DnsRecordType_A,
			DnsTtl:            seconds(d.TTL),
			RoutingPolicy:     awsservicediscovery.RoutingPolicy_MULTIVALUE,
			CustomHealthCheck: &awsservicediscovery.HealthCheckCustomConfig{FailureThreshold: jsii.Number(1)},
		})
		svc.Service().AssociateCloudMapService(&awsecs.AssociateCloudMapServiceOptions{Service: registry})
	}
	if len(s.Secrets) > 0 {
		// Secrets as the plan writes them (names or ARNs as given), read
		// with exactly the plan's statements rather than CDK's grants.
		secrets := make([]map[string]string, len(s.Secrets))
		for i, sec := range s.Secrets {
			secrets[i] = map[string]string{"Name": sec.Name, "ValueFrom": sec.ValueFrom}
		}
		cfn := svc.TaskDefinition().Node().DefaultChild().(awsecs.CfnTaskDefinition)
		cfn.AddPropertyOverride(jsii.String("ContainerDefinitions.0.Secrets"), secrets)
	}
	if h := s.HealthCheck; h != nil && len(h.Command) > 0 && h.Command[0] == "NONE" {
		// CDK would prefix CMD to NONE; ECS wants NONE alone.
		cfn := svc.TaskDefinition().Node().DefaultChild().(awsecs.CfnTaskDefinition)
		cfn.AddPropertyOverride(jsii.String("ContainerDefinitions.0.HealthCheck.Command"), jsii.Strings(h.Command...))
	}
	return svc
}

// connect opens each service's port to the services that call it.
func (b *builder) connect() {
	byName := map[string]efsfargate.EfsFargateService{}
	for i, s := range b.plan.Services {
		byName[s.Name] = b.services[i]
	}
	for i, s := range b.plan.Services {
		for _, in := range s.Ingress {
			port, desc := awsec2.Port_Tcp(jsii.Number(float64(in.Port))), jsii.String(in.Description)
			switch {
			case in.GroupImport != "":
				// Split layout: the server's group is an earlier stack's,
				// and this stack's service is the client.
				group := awsec2.SecurityGroup_FromSecurityGroupId(b.stack, jsii.String(in.LogicalID+"Group"),
					awscdk.Fn_ImportValue(jsii.String(in.GroupImport)), &awsec2.SecurityGroupImportOptions{Mutable: jsii.Bool(true)})
				group.Connections().AllowFrom(byName[in.From], port, desc)
			case in.FromImport != "":
				client := awsec2.SecurityGroup_FromSecurityGroupId(b.stack, jsii.String(in.LogicalID+"Peer"),
					awscdk.Fn_ImportValue(jsii.String(in.FromImport)), nil)
				b.services[i].Connections().AllowFrom(client, port, desc)
			default:
				b.services[i].Connections().AllowFrom(byName[in.From], port, desc)
			}
		}
	}
}

// makeNamespace makes the private DNS namespace when a service calls another.
func (b *builder) makeNamespace() {
	if ns := b.plan.Namespace; ns != nil && ns.Import != "" {
		b.namespace = b.importedNamespace(ns)
	} else if ns != nil {
		b.namespace = awsservicediscovery.NewPrivateDnsNamespace(b.stack, jsii.String(ns.LogicalID), &awsservicediscovery.PrivateDnsNamespaceProps{
			Name: jsii.String(ns.Name),
			Vpc:  b.net.vpc,
		})
	}
}

// executionRolePolicies adds the plan's execution-role statements, except
// the log writes that CDK's awslogs driver already grants on the service's
// log group. The image stays a registry image (as written in the spec), so
// its pull statements come from the plan rather than from a CDK repository.
func (b *builder) executionRolePolicies(svc efsfargate.EfsFargateService, s *plan.Service) {
	role := svc.TaskDefinition().ObtainExecutionRole()
	for _, p := range s.ExecutionRole {
		if p.Name == plan.PolicyWriteLogs {
			continue
		}
		for _, st := range cdkplan.Statements(p.Statements, cdkplan.BaseRef) {
			role.AddToPrincipalPolicy(st)
		}
	}
}

// healthCheck leaves zero values to CDK's defaults, which are ECS's.
func healthCheck(h *spec.HealthCheck) *awsecs.HealthCheck {
	if h == nil || len(h.Command) == 0 {
		return nil
	}
	out := &awsecs.HealthCheck{Command: jsii.Strings(h.Command...)}
	if h.Interval > 0 {
		out.Interval = seconds(h.Interval)
	}
	if h.Timeout > 0 {
		out.Timeout = seconds(h.Timeout)
	}
	if h.Retries > 0 {
		out.Retries = jsii.Number(float64(h.Retries))
	}
	if h.StartPeriod > 0 {
		out.StartPeriod = seconds(h.StartPeriod)
	}
	return out
}

func seconds(n int) awscdk.Duration { return awscdk.Duration_Seconds(jsii.Number(float64(n))) }
