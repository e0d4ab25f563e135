package doctor

import (
	"fmt"
	"strings"
)

// checkMounts checks mount points against volumes (EFD020–EFD023).
func checkMounts(c *checker) {
	for _, td := range c.w.TaskDefs {
		declared := map[string]bool{}
		for _, v := range td.Volumes {
			declared[v.Name] = true
		}
		used := map[string]bool{}
		allKnown := true
		for _, ct := range td.Containers {
			paths := map[string]string{}
			for _, m := range ct.Mounts {
				src := m.N.Get("SourceVolume")
				if m.Source == "" {
					allKnown = false
				}
				used[m.Source] = true
				if m.Source != "" && !declared[m.Source] {
					c.add("EFD020", td.Src, td.Name, src, fmt.Sprintf("container %s mounts volume %q, which the task definition does not declare", ct.Name, m.Source))
				}
				path := m.N.Get("ContainerPath")
				if m.Path == "" {
					continue
				}
				if !strings.HasPrefix(m.Path, "/") {
					c.add("EFD022", td.Src, td.Name, path, fmt.Sprintf("container %s mounts volume %s at %q, which is not an absolute path", ct.Name, m.Source, m.Path))
				}
				clean := strings.TrimSuffix(m.Path, "/")
				if first, dup := paths[clean]; dup {
					c.add("EFD023", td.Src, td.Name, path, fmt.Sprintf("container %s mounts both %s and %s at %s", ct.Name, first, m.Source, m.Path))
				} else {
					paths[clean] = m.Source
				}
			}
		}
		if !allKnown {
			continue
		}
		for _, v := range td.Volumes {
			if v.Name != "" && !used[v.Name] {
				c.add("EFD021", td.Src, td.Name, v.N, fmt.Sprintf("volume %s is declared but no container mounts it", v.Name))
			}
		}
	}
}
