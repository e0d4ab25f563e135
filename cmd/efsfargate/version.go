package main

import (
	"runtime/debug"
	"strings"
)

// versionString names the module version and the VCS revision the binary
// was built from. Builds with -buildvcs=false (as CI's) carry no revision.
func versionString() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "(unknown version), unknown revision"
	}
	return describeBuild(info)
}

func describeBuild(info *debug.BuildInfo) string {
	version := info.Main.Version
	if version == "" {
		version = "(devel)"
	}
	var rev, modified string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			modified = s.Value
		}
	}
	var b strings.Builder
	b.WriteString(version)
	if rev == "" {
		b.WriteString(", unknown revision")
	} else {
		b.WriteString(", revision " + rev)
		if modified == "true" {
			b.WriteString(" with local changes")
		}
	}
	if info.GoVersion != "" {
		b.WriteString(", " + info.GoVersion)
	}
	return b.String()
}
