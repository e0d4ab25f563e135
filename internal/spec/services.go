package spec

import (
	"strings"

	"github.com/efsfargate/efsfargate/internal/ecsrules"
)

func (r *resolver) services(list Services) {
	prefixes := map[string]string{} // logical-ID prefix → service that took it
	for _, e := range list {
		path := join("services", e.Name)
		if !serviceNameRe.MatchString(e.Name) {
			r.fail(path, serviceNameRule, "%q is not a valid service name", e.Name)
			continue
		}
		s := r.service(path, e.Name, &e.Service)
		if other, ok := prefixes[s.IDPrefix]; ok {
			fix := "rename one of them or set id_prefix"
			if s.IDPrefix == "" {
				fix = "only one service may have id_prefix: \"\""
			}
			r.fail(path, fix, "its logical IDs (%sTaskDefinition …) clash with service %q", s.IDPrefix, other)
		} else {
			prefixes[s.IDPrefix] = e.Name
		}
		r.p.Services = append(r.p.Services, s)
	}
}

func (r *resolver) service(path, name string, f *ServiceFile) Service {
	p := r.p
	s := Service{
		Name:            name,
		IDPrefix:        deref(f.IDPrefix, LogicalName(name)),
		ContainerName:   deref(f.ContainerName, name),
		Family:          deref(f.Family, p.Name()+"-"+name),
		Image:           strings.TrimSpace(f.Image),
		CPU:             deref(f.CPU, defCPU),
		Memory:          deref(f.Memory, defMemory),
		Port:            deref(f.Port, 0),
		DesiredCount:    deref(f.DesiredCount, defDesiredCount),
		PlatformVersion: deref(f.PlatformVersion, defPlatformVersion),
		Command:         f.Command,
	}
	if s.Image == "" {
		if _, given := r.d.pos[join(path, "image")]; given {
			r.fail(join(path, "image"), "give an image such as nginx:latest", "image is empty")
		}
	} else {
		r.failErr(join(path, "image"), ecsrules.CheckImage(s.Image))
	}
	s.ImageRepository = ecrRepository(s.Image)
	if s.IDPrefix != "" && !logicalIDRe.MatchString(s.IDPrefix) {
		r.fail(join(path, "id_prefix"), "use letters and digits, starting with a letter, or \"\"", "%q cannot start a CloudFormation logical ID", s.IDPrefix)
	} else if len(s.IDPrefix) > maxIDPrefix {
		r.fail(join(path, "id_prefix"), "use at most "+itoa(maxIDPrefix)+" characters", "logical IDs starting with the %d-character prefix would be longer than CloudFormation's %d", len(s.IDPrefix), ecsrules.MaxLogicalIDLength)
	}
	if !ecsNameRe.MatchString(s.ContainerName) {
		r.fail(join(path, "container_name"), "use letters, digits, hyphens and underscores", "%q is not a valid container name", s.ContainerName)
	}
	if f.Family != nil && !ecsNameRe.MatchString(s.Family) {
		r.fail(join(path, "family"), "use up to 255 letters, digits, hyphens and underscores", "%q is not a valid task definition family", s.Family)
	}
	if err := ecsrules.CheckCPUMemory(s.CPU, s.Memory); err != nil {
		at := join(path, "memory")
		if ecsrules.FargateMemoryChoices(s.CPU) == nil {
			at = join(path, "cpu")
		}
		r.failErr(at, err)
	}
	if f.Port != nil && !inRange("ServiceFile.port", s.Port) {
		r.fail(join(path, "port"), "use a port from 1 to 65535", "port %d is out of range", s.Port)
	}
	if s.DesiredCount < 0 {
		r.fail(join(path, "desired_count"), "use 0 or more", "desired_count %d is negative", s.DesiredCount)
	} else {
		r.failErr(join(path, "desired_count"), ecsrules.CheckDesiredCount(s.DesiredCount))
	}
	r.failErr(join(path, "platform_version"), ecsrules.CheckPlatformVersion(s.PlatformVersion))
	for _, k := range sortedKeys(f.Environment) {
		if !envNameRe.MatchString(k) {
			r.fail(join(join(path, "environment"), k), "use letters, digits and underscores, not starting with a digit", "%q is not a valid environment variable name", k)
		}
		if strings.ContainsRune(f.Environment[k], 0) {
			r.fail(join(join(path, "environment"), k), nulFix, "the value contains a NUL character")
		}
		s.Environment = append(s.Environment, EnvVar{Name: k, Value: f.Environment[k]})
	}
	for i, c := range f.Command {
		if c == "" {
			r.fail(index(join(path, "command"), i), "remove the empty argument", "empty command argument")
		} else if strings.ContainsRune(c, 0) {
			r.fail(index(join(path, "command"), i), nulFix, "the argument contains a NUL character")
		}
	}
	if f.HealthCheck != nil {
		s.HealthCheck = r.healthCheck(join(path, "health_check"), f.HealthCheck)
	}
	s.Mounts = r.mounts(join(path, "volumes"), f.Volumes)
	r.runtime(path, f, &s)
	r.failErr(path, ecsrules.CheckTaskDefinitionSize(taskDefinitionContent(&s)))
	return s
}

// taskDefinitionContent is what the service puts into its task definition.
func taskDefinitionContent(s *Service) ecsrules.TaskDefinitionContent {
	c := ecsrules.TaskDefinitionContent{Family: s.Family, ContainerName: s.ContainerName, Image: s.Image, Command: s.Command}
	for _, e := range s.Environment {
		c.Environment = append(c.Environment, [2]string{e.Name, e.Value})
	}
	if s.HealthCheck != nil {
		c.HealthCheck = s.HealthCheck.Command
	}
	for _, m := range s.Mounts {
		c.Mounts = append(c.Mounts, [2]string{m.Volume, m.Path})
	}
	for _, sec := range s.Secrets {
		c.Environment = append(c.Environment, [2]string{sec.Name, sec.ValueFrom})
	}
	for i, p := range s.Scratch {
		c.Mounts = append(c.Mounts, [2]string{"scratch-" + itoa(i+1), p})
	}
	return c
}

// nulFix: a process's arguments and environment are C strings, which end
// at the first NUL ("\0" in a double-quoted YAML string).
const nulFix = "remove the \\0: a program's arguments and environment cannot hold it"

func (r *resolver) healthCheck(path string, f *HealthCheckFile) *HealthCheck {
	h := &HealthCheck{
		Command:     f.Command,
		Interval:    deref(f.Interval, defInterval),
		Timeout:     deref(f.Timeout, defTimeout),
		Retries:     deref(f.Retries, defRetries),
		StartPeriod: deref(f.StartPeriod, defStartPeriod),
	}
	if _, given := r.d.pos[join(path, "command")]; given {
		r.failErr(join(path, "command"), ecsrules.CheckHealthCheckCommand(h.Command))
	}
	for i, c := range h.Command {
		if strings.ContainsRune(c, 0) {
			r.fail(index(join(path, "command"), i), nulFix, "the argument contains a NUL character")
		}
	}
	for _, c := range []struct {
		key string
		v   int
	}{{"interval", h.Interval}, {"timeout", h.Timeout}, {"retries", h.Retries}, {"start_period", h.StartPeriod}} {
		if rule := "HealthCheckFile." + c.key; !inRange(rule, c.v) {
			r.fail(join(path, c.key), "use "+itoa(intRanges[rule].min)+" to "+itoa(intRanges[rule].max), "%d is out of range", c.v)
		}
	}
	return h
}
