package doctor

import (
	"fmt"
	"strings"
)

// checkUnseen says "cannot tell" (EFD090) for tasks the doctor cannot see:
// a service whose task definition is not in the given files (registered
// by a custom resource, imported, a parameter …), and ECS tasks started by
// a Step Functions state machine, whose RunTask parameters live inside a
// definition string.
func checkUnseen(c *checker) {
	for _, s := range c.w.Services {
		if s.TD != nil || s.TaskDefinition.Absent {
			continue
		}
		why := "its task definition " + show(s.TaskDefinition) + " is not in the given files"
		if id, ok := resRef(s.TaskDefinition); ok || s.T != nil {
			if !ok {
				id, _, ok = resAttr(s.TaskDefinition)
			}
			if typ := s.T.typeOf(id); ok && isCustom(typ) {
				why = "its task definition is registered by custom resource " + id + " (" + typ + "), whose code the doctor does not run"
			}
		}
		at := s.N.Get("TaskDefinition")
		if !at.OK() {
			at = s.N.Get("TaskDefinitionArn")
		}
		c.cannotTell("EFD090", s.Src, s.Name, at, "whether the tasks of "+s.Name+" mount EFS correctly (volumes, transit encryption, access point, task role)", why)
	}
	for _, t := range c.w.Templates {
		for _, sm := range t.ByType("AWS::StepFunctions::StateMachine") {
			for _, key := range []string{"DefinitionString", "Definition"} {
				def := sm.Props.Get(key)
				if def.OK() && strings.Contains(strings.ToLower(compact(def.Node)), "ecs:runtask") {
					c.cannotTell("EFD040", t.Src, sm.ID, def, fmt.Sprintf("the subnets, security groups and platform version of the ECS tasks state machine %s runs", sm.ID),
						"they are set inside its "+key+" (ecs:runTask), which the doctor does not read: check that each subnet's zone has a mount target, that the security groups reach TCP 2049 and that the platform version is 1.4.0 or later")
					break
				}
			}
		}
	}
}

func isCustom(typ string) bool {
	return strings.HasPrefix(typ, "Custom::") || typ == "AWS::CloudFormation::CustomResource"
}
