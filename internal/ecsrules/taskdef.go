package ecsrules

import (
	"fmt"
	"unicode/utf8"
)

// MaxTaskDefinitionBytes: Amazon ECS service quotas, "Task definition
// size": 64 KiB, the JSON of the task definition as registered.
const MaxTaskDefinitionBytes = 64 * 1024

// TaskDefinitionContent is what a spec puts into one task definition.
type TaskDefinitionContent struct {
	Family, ContainerName, Image string
	Environment                  [][2]string // name, value
	Command, HealthCheck         []string
	Mounts                       [][2]string // volume name, container path
}

// Overheads of the JSON around the spec's strings, rounded up: the fixed
// part holds roles' ARNs, the log configuration, cpu, memory, network mode,
// compatibilities and port mappings; each volume holds a file system and an
// access point reference.
const (
	fixedOverhead  = 2048
	envOverhead    = 32  // {"name":"","value":""},
	argOverhead    = 4   // "",
	mountOverhead  = 64  // {"sourceVolume":"","containerPath":"","readOnly":false},
	volumeOverhead = 256 // name, efsVolumeConfiguration with ids, TLS and IAM
)

// EstimateTaskDefinitionBytes over-estimates the registered size: every
// string is counted as JSON escapes it at its worst.
func EstimateTaskDefinitionBytes(c TaskDefinitionContent) int {
	n := fixedOverhead + jsonLen(c.Family) + jsonLen(c.ContainerName)*2 + jsonLen(c.Image)
	for _, e := range c.Environment {
		n += envOverhead + jsonLen(e[0]) + jsonLen(e[1])
	}
	for _, a := range c.Command {
		n += argOverhead + jsonLen(a)
	}
	for _, a := range c.HealthCheck {
		n += argOverhead + jsonLen(a)
	}
	for _, m := range c.Mounts {
		n += mountOverhead + volumeOverhead + 2*jsonLen(m[0]) + jsonLen(m[1])
	}
	return n
}

// CheckTaskDefinitionSize refuses content past ECS's 64 KiB.
func CheckTaskDefinitionSize(c TaskDefinitionContent) error {
	if n := EstimateTaskDefinitionBytes(c); n > MaxTaskDefinitionBytes {
		return fmt.Errorf("the task definition would be about %d bytes and ECS accepts at most %d (shorten the environment and command, or move large values to a file in the image or on the volume)", n, MaxTaskDefinitionBytes)
	}
	return nil
}

// jsonLen is the length of s as a JSON string body when every character
// that some encoder escapes is escaped as \uXXXX.
func jsonLen(s string) int {
	n := 0
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			n += 2
		case r < 0x20 || r == '<' || r == '>' || r == '&' || r == 0x2028 || r == 0x2029 || r == utf8.RuneError:
			n += 6
		default:
			n += utf8.RuneLen(r)
		}
	}
	return n
}
