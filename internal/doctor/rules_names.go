package doctor

import (
	"fmt"
	"strings"
)

// Property names the doctor reads, per level of a task definition, in
// CloudFormation spelling (the ECS API's is derived by spell).
var (
	taskDefProps   = []string{"Volumes", "ContainerDefinitions", "TaskRoleArn", "ExecutionRoleArn", "Cpu", "Memory", "RequiresCompatibilities", "Family", "NetworkMode"}
	volumeProps    = []string{"Name", "Host", "EFSVolumeConfiguration", "DockerVolumeConfiguration"}
	efsProps       = []string{"FilesystemId", "RootDirectory", "TransitEncryption", "TransitEncryptionPort", "AuthorizationConfig"}
	authProps      = []string{"AccessPointId", "IAM"}
	containerProps = []string{"Name", "Image", "User", "MountPoints", "LogConfiguration", "Environment", "Secrets"}
	mountProps     = []string{"SourceVolume", "ContainerPath", "ReadOnly"}
)

// checkNames reports task definition properties written in another case
// than CloudFormation or ECS spells them (EFD024): both reject the template
// or the request, and the doctor does not read them either.
func checkNames(c *checker) {
	for _, td := range c.w.TaskDefs {
		c.checkKeys(td, td.N, taskDefProps)
		for _, v := range td.N.Get("Volumes").Items() {
			c.checkKeys(td, v, volumeProps)
			efs := v.Get("EFSVolumeConfiguration")
			c.checkKeys(td, efs, efsProps)
			c.checkKeys(td, efs.Get("AuthorizationConfig"), authProps)
		}
		for _, ct := range td.N.Get("ContainerDefinitions").Items() {
			c.checkKeys(td, ct, containerProps)
			for _, m := range ct.Get("MountPoints").Items() {
				c.checkKeys(td, m, mountProps)
			}
		}
	}
}

func (c *checker) checkKeys(td *TaskDef, n N, names []string) {
	for _, p := range n.Pairs() {
		for _, name := range names {
			want := spell(name, n.camel)
			if p.Key != want && strings.EqualFold(p.Key, want) {
				where := "CloudFormation rejects the template"
				if n.camel {
					where = "ECS rejects the request"
				}
				c.add("EFD024", td.Src, td.Name, p.Value, fmt.Sprintf("property %q is spelled %q: %s (unsupported property)", want, p.Key, where))
			}
		}
	}
}
