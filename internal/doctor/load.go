package doctor

import (
	"fmt"
	"io"
	"os"

	"gopkg.in/yaml.v3"
)

// Kind says what an input file holds.
type Kind int

// The input kinds the doctor reads.
const (
	KindTemplate Kind = iota + 1 // CloudFormation template (YAML, JSON, CDK)
	KindTaskDef                  // ECS task definition JSON
	KindService                  // ECS service JSON (describe-services, create-service input)
	KindNetwork                  // describe-subnets / describe-mount-targets output
)

func (k Kind) String() string {
	switch k {
	case KindTemplate:
		return "CloudFormation template"
	case KindTaskDef:
		return "task definition"
	case KindService:
		return "service description"
	case KindNetwork:
		return "subnet or mount target list"
	}
	return "unknown input"
}

// Source is one parsed input file.
type Source struct {
	File string // as given on the command line
	Kind Kind
	Root N

	// Parent and Given are set for a nested stack's template: the
	// parent's file and resource, and the parameter values it passes.
	Parent string
	Given  map[string]Val
	depth  int
}

// Input bounds. CloudFormation takes templates of at most 1 MB (from S3;
// 51,200 bytes inline) and ECS task definitions of at most 64 KiB, so these
// leave room for any real input (CDK's JSON included) while keeping memory
// and time bounded on /dev/zero or a generated file. YAML is capped lower:
// yaml.v3 needs about 200 bytes of memory per value, and a dense flow
// sequence packs a value into every two bytes.
const (
	MaxInputBytes = 16 << 20 // any input
	MaxYAMLBytes  = 2 << 20  // a YAML input
)

// maxJSONValues bounds the values of a JSON input (a variable so that the
// test can show the bound at work without building millions of values).
var maxJSONValues = 3_000_000

// LoadFile reads and classifies one input file.
func LoadFile(file string) (*Source, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, &ParseError{File: file, Msg: err.Error()}
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxInputBytes+1))
	if err != nil {
		return nil, &ParseError{File: file, Msg: err.Error()}
	}
	return LoadBytes(file, data)
}

// LoadBytes parses and classifies data named file.
func LoadBytes(file string, data []byte) (*Source, error) {
	if len(data) > MaxInputBytes {
		return nil, &ParseError{File: file, Msg: fmt.Sprintf("input is larger than %d MiB, the most the doctor reads (CloudFormation templates are at most 1 MB, task definitions 64 KiB)", MaxInputBytes>>20)}
	}
	n, err := parseDocument(file, data)
	if err != nil {
		return nil, err
	}
	if isSpec(n) {
		return nil, &ParseError{File: file, Line: n.Line, Column: n.Column,
			Msg: fmt.Sprintf("this is an efsfargate spec, not a template or task definition: check it with \"efsfargate validate -f %s\" (or run the doctor on the template \"efsfargate emit -f %s\" writes)", file, file)}
	}
	kind := detect(n)
	if kind == 0 {
		return nil, &ParseError{File: file, Line: n.Line, Column: n.Column,
			Msg: "not a CloudFormation template, ECS task definition, ECS service or describe-subnets/describe-mount-targets output"}
	}
	camel := kind == KindTaskDef || kind == KindService
	return &Source{File: file, Kind: kind, Root: root(n, "", camel)}, nil
}

// isSpec recognises an efsfargate spec: services as a mapping of names
// (describe-services output has a list), or app/stage beside services.
func isSpec(n *yaml.Node) bool {
	r := root(n, "", false)
	if !r.IsMap() || has(r, "Resources") || has(r, "AWSTemplateFormatVersion") {
		return false
	}
	svc := r.Get("services")
	return svc.IsMap() || (svc.OK() && (has(r, "app") || has(r, "stage")))
}

func detect(n *yaml.Node) Kind {
	r := root(n, "", false)
	switch {
	case r.IsMap():
		switch {
		case has(r, "Resources") || has(r, "AWSTemplateFormatVersion"):
			return KindTemplate
		case has(r, "containerDefinitions") || r.Get("taskDefinition").Get("containerDefinitions").OK():
			return KindTaskDef
		case hasExact(r, "Subnets") || hasExact(r, "MountTargets"):
			return KindNetwork
		case has(r, "services") || has(r, "service") || has(r, "networkConfiguration") ||
			has(r, "awsvpcConfiguration") || has(r, "serviceName") || has(r, "subnets"):
			return KindService
		}
	case r.IsSeq():
		items := r.Items()
		if len(items) > 0 && (has(items[0], "SubnetId") || has(items[0], "MountTargetId")) {
			return KindNetwork
		}
	}
	return 0
}

func has(n N, key string) bool { return n.Get(key).OK() }

// hasExact matches the key's case too: describe-subnets prints "Subnets",
// a service's network configuration "subnets".
func hasExact(n N, key string) bool {
	for _, p := range n.Pairs() {
		if p.Key == key {
			return true
		}
	}
	return false
}

// requireKind checks a file given to --service or --network.
func requireKind(s *Source, want Kind, flag string) error {
	if s.Kind != want {
		l, c := s.Root.Pos()
		return &ParseError{File: s.File, Line: l, Column: c, Msg: fmt.Sprintf("%s expects a %s, this file looks like a %s", flag, want, s.Kind)}
	}
	return nil
}
