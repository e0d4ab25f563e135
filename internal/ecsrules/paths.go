package ecsrules

import (
	"fmt"
	"strings"
)

// CheckContainerPath applies the rules for where a volume is mounted in a
// container: an absolute, clean path that is not the container's root
// (ECS MountPoint containerPath). The spec validator and the construct
// share it so both say the same thing.
func CheckContainerPath(p string) error {
	switch {
	case p == "":
		return fmt.Errorf("container path is missing (give the container path, e.g. /data)")
	case !strings.HasPrefix(p, "/"):
		return fmt.Errorf("container path %q is relative (write an absolute path such as /%s)", p, strings.TrimLeft(p, "./"))
	case p == "/":
		return fmt.Errorf("cannot mount a volume over the container's root (mount the volume on a directory such as /data)")
	case strings.Contains(p, "/../") || strings.HasSuffix(p, "/..") || strings.HasSuffix(p, "/") || strings.Contains(p, "//"):
		return fmt.Errorf("container path %q is not clean (write a clean absolute path without .., // or a trailing slash)", p)
	}
	return nil
}
