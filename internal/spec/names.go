package spec

import (
	"regexp"

	"github.com/efsfargate/efsfargate/internal/ecsrules"
	"github.com/efsfargate/efsfargate/internal/names"
)

// Name rules, each with the sentence that tells the user what is allowed.
var (
	logicalIDRe = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9]{0,254}$`)
	// app and stage become parts of stack names and export names.
	appNameRe = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9-]{0,39}$`)
	// Service names become ECS service names, container names and task
	// families (letters, digits, hyphens, underscores) and, in CamelCase,
	// CloudFormation logical IDs (so they must start with a letter).
	serviceNameRe = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_-]{0,62}$`)
	// ECS volume names: letters, digits, hyphens, underscores.
	volumeNameRe = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]{0,254}$`)
	ecsNameRe    = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]{0,254}$`)
	envNameRe    = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
	subnetIDRe   = regexp.MustCompile(`^subnet-[0-9a-f]{8,17}$`)
	vpcIDRe      = regexp.MustCompile(`^vpc-[0-9a-f]{8,17}$`)
	sgIDRe       = regexp.MustCompile(`^sg-[0-9a-f]{8,17}$`)
	azRe         = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-\d[a-z]$`)
	clusterRe    = regexp.MustCompile(`^([A-Za-z0-9_-]{1,255}|arn:aws[a-z-]*:ecs:[a-z0-9-]+:\d{12}:cluster/[A-Za-z0-9_-]{1,255})$`)
)

const (
	appNameRule     = "use up to 40 letters, digits and hyphens, starting with a letter"
	serviceNameRule = "use up to 63 letters, digits, hyphens and underscores, starting with a letter: the name becomes the ECS service and container name and, in CamelCase, CloudFormation logical IDs"
	volumeNameRule  = "use letters, digits, hyphens and underscores, starting with a letter or digit"
)

// logRetentionDays are CloudWatch Logs' allowed retention values.
var logRetentionDays = []int{1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653}

// maxIDPrefix keeps every logical ID of a service within CloudFormation's
// limit: the prefix, the longest resource suffix and an output's "Name".
var maxIDPrefix = func() int {
	longest := 0
	for _, s := range names.Suffixes {
		longest = max(longest, len(s))
	}
	return ecsrules.MaxLogicalIDLength - longest - len("Name")
}()

// maxVolumeLogicalName keeps <Volume>AccessPoint within the same limit.
var maxVolumeLogicalName = ecsrules.MaxLogicalIDLength - len(names.AccessPoint(""))
