// Package doctor checks EFS-on-Fargate setups across resources: CloudFormation
// templates (hand-written or CDK-synthesized), ECS task definitions, and the
// service network configuration, subnets and mount targets of existing
// infrastructure. It finds the failures people hit after copying blog posts —
// ResourceInitializationError from a missing mount target or a closed port
// 2049, "permission denied" without an access point, IAM authorization
// without transit encryption, old platform versions, task roles without
// elasticfilesystem:ClientMount — and says what fails at run time and how
// to fix it. Values are followed through Ref, Fn::Sub, Fn::Join,
// Fn::GetAtt, Fn::ImportValue and parameter defaults; what cannot be known
// from the files is reported as "cannot tell" (EFD090), never guessed.
package doctor

// World is every input of one doctor run, read into one model.
type World struct {
	Sources   []*Source
	Templates []*Template
	TaskDefs  []*TaskDef
	Services  []*Service
	Net       *Network

	cache   map[*Template]*templateCache
	skipped []nestedRef // nested stacks not followed

	byTag   map[string]*Template
	exports map[string][]*export // by literal export name, nil while being built
	foreign map[string][]foreignRule
	nfsFrom map[string][]*Template // global group [+ peer]: templates with a 2049 rule
}

// Check loads the files and runs every rule: files are templates or task
// definitions, services are --service files, networks --network files.
// The error is a *ParseError for unreadable or unrecognised input.
func Check(files, services, networks []string) ([]Finding, error) {
	var srcs []*Source
	for _, group := range []struct {
		files []string
		kind  Kind
		flag  string
	}{{files, 0, ""}, {services, KindService, "--service"}, {networks, KindNetwork, "--network"}} {
		for _, f := range group.files {
			s, err := LoadFile(f)
			if err != nil {
				return nil, err
			}
			if group.kind != 0 {
				if err := requireKind(s, group.kind, group.flag); err != nil {
					return nil, err
				}
			}
			srcs = append(srcs, s)
		}
	}
	srcs, skipped, err := loadNested(srcs)
	if err != nil {
		return nil, err
	}
	return analyze(srcs, skipped), nil
}

// Analyze runs every rule over already loaded sources.
func Analyze(srcs []*Source) []Finding { return analyze(srcs, nil) }

func analyze(srcs []*Source, skipped []nestedRef) []Finding {
	w := build(srcs)
	w.skipped = skipped
	c := &checker{w: w}
	for _, rule := range []func(*checker){
		checkVolumes, checkMounts, checkTaskSettings, checkIAM,
		checkSecurityGroups, checkMountTargets, checkFileSystems, checkAccessPoints,
		checkNames, checkRefs, checkExports, checkUnseen, checkNested, checkImages,
	} {
		rule(c)
	}
	return sortFindings(suppress(w, c.out))
}
