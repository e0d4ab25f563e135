package doctor

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/efsfargate/efsfargate/internal/ecsrules"
)

// checkTaskSettings checks platform versions (EFD004), Fargate cpu/memory
// (EFD070), the AWS-managed execution policy (EFD071) and container logging
// (EFD072).
func checkTaskSettings(c *checker) {
	for _, s := range c.w.Services {
		checkPlatform(c, s)
	}
	for _, td := range c.w.TaskDefs {
		if td.fargate() {
			checkCPUMemory(c, td)
		}
		checkExecutionPolicy(c, td)
		for _, ct := range td.Containers {
			if !ct.N.Get("LogConfiguration").OK() {
				c.add("EFD072", td.Src, td.Name, ct.N.Get("LogConfiguration"), fmt.Sprintf("container %s has no log configuration", ct.Name))
			}
		}
	}
}

func checkPlatform(c *checker, s *Service) {
	if s.LaunchType == "EC2" || s.LaunchType == "EXTERNAL" {
		return
	}
	if s.TD != nil && len(s.TD.efsVolumes()) == 0 {
		return // only EFS needs 1.4.0
	}
	pv := s.R.eval(s.PlatformVersion)
	switch {
	case pv.Absent:
		return // LATEST
	case !pv.LitOK:
		c.cannotTell("EFD004", s.Src, s.Name, s.PlatformVersion, "the platform version", pv.Why)
		return
	}
	if err := ecsrules.CheckPlatformVersion(pv.Lit); err != nil {
		msg := fmt.Sprintf("service %s: %v", s.Name, err)
		if pv.Note != "" {
			msg += " (" + pv.Note + ")"
		}
		c.add("EFD004", s.Src, s.Name, s.PlatformVersion, msg)
	}
}

func checkCPUMemory(c *checker, td *TaskDef) {
	cpuN, memN := td.N.Get("Cpu"), td.N.Get("Memory")
	cpuV, memV := td.R.eval(cpuN), td.R.eval(memN)
	if cpuV.Absent || memV.Absent {
		at := cpuN
		if !cpuV.Absent {
			at = memN
		}
		c.add("EFD070", td.Src, td.Name, at, "a Fargate task definition needs task-level cpu and memory")
		return
	}
	if !cpuV.LitOK || !memV.LitOK {
		// Chosen at deployment, where ECS names a bad pair at once; it
		// has nothing to do with the mount, so no "cannot tell" either.
		return
	}
	cpu, ok1 := parseCPU(cpuV.Lit)
	mem, ok2 := parseMemory(memV.Lit)
	if !ok1 || !ok2 {
		c.add("EFD070", td.Src, td.Name, cpuN, fmt.Sprintf("cpu %q / memory %q are not numbers of CPU units and MiB", cpuV.Lit, memV.Lit))
		return
	}
	if err := ecsrules.CheckCPUMemory(cpu, mem); err != nil {
		c.add("EFD070", td.Src, td.Name, memN, err.Error())
	}
}

// parseCPU reads "256" or "0.25 vCPU" as CPU units.
func parseCPU(s string) (int, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	if v, ok := strings.CutSuffix(s, "vcpu"); ok {
		f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		return int(f*1024 + 0.5), err == nil
	}
	n, err := strconv.Atoi(s)
	return n, err == nil
}

// parseMemory reads "512" or "2 GB" as MiB.
func parseMemory(s string) (int, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	if v, ok := strings.CutSuffix(s, "gb"); ok {
		f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		return int(f*1024 + 0.5), err == nil
	}
	n, err := strconv.Atoi(s)
	return n, err == nil
}

func checkExecutionPolicy(c *checker, td *TaskDef) {
	role, _, _ := c.w.findRole(td, "ExecutionRoleArn")
	if role == nil {
		return
	}
	r := resolver{role.T}
	for _, it := range role.Props.Get("ManagedPolicyArns").Items() {
		if name, ok := awsManagedName(r.eval(it)); ok && name == "AmazonECSTaskExecutionRolePolicy" {
			c.add("EFD071", role.T.Src, role.ID, it, fmt.Sprintf("execution role %s attaches the AWS-managed AmazonECSTaskExecutionRolePolicy", role.ID))
		}
	}
}
