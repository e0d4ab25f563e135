package emitter

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"sync"

	"github.com/awslabs/goformation/v7/cloudformation"

	"github.com/efsfargate/efsfargate/internal/plan"
	"github.com/efsfargate/efsfargate/internal/spec"
)

// errSplit refuses to write a split project as one template.
var errSplit = errors.New("layout: split makes several stacks; write them with --out-dir DIR (one <stack-name> file each)")

// Render builds p's template and writes it as "yaml" or "json". Both start
// from goformation's template.JSON() and sort keys, so the same project
// always gives the same bytes.
func Render(p *spec.Project, format string) ([]byte, error) {
	return renderTemplate(p, format, true)
}

// renderTemplate is Render; quotas false skips CloudFormation's per-stack quotas,
// for benchmarks of projects past them.
func renderTemplate(p *spec.Project, format string, quotas bool) ([]byte, error) {
	if p.Split() {
		return nil, errSplit
	}
	if err := checkFormatName(format); err != nil {
		return nil, err
	}
	s, err := plan.Build(p)
	if err != nil {
		return nil, err
	}
	return renderStack(p, s, format, quotas)
}

// StackFile is one rendered stack of a project.
type StackFile struct {
	// Name is the CloudFormation stack name.
	Name string
	// DependsOn names the stacks it imports from, all earlier.
	DependsOn []string
	Body      []byte
}

// RenderStacks renders every stack of p in deploy order, each checked
// against the quotas; any problem returns no stack at all.
func RenderStacks(p *spec.Project, format string) ([]StackFile, error) {
	return renderStacks(p, format, true)
}

func renderStacks(p *spec.Project, format string, quotas bool) ([]StackFile, error) {
	if err := checkFormatName(format); err != nil {
		return nil, err
	}
	stacks, err := plan.Stacks(p)
	if err != nil {
		return nil, err
	}
	out := make([]StackFile, len(stacks))
	errs := make([]error, len(stacks))
	// Stacks render independently; each result goes to its own index, so
	// the output does not depend on scheduling.
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(stacks)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				s := stacks[i]
				body, err := renderStack(p, s, format, quotas)
				errs[i] = err
				out[i] = StackFile{Name: s.Name, DependsOn: s.DependsOn, Body: body}
			}
		}()
	}
	for i := range stacks {
		next <- i
	}
	close(next)
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return out, nil
}

func checkFormatName(format string) error {
	if format != "yaml" && format != "json" {
		return fmt.Errorf("emitter: unknown format %q (use yaml or json)", format)
	}
	return nil
}

func renderStack(p *spec.Project, s *plan.Stack, format string, quotas bool) ([]byte, error) {
	t, err := buildStack(s)
	if err != nil {
		return nil, err
	}
	if quotas {
		if err := checkQuotas(p, s, t); err != nil {
			return nil, err
		}
	}
	out, err := encode(t, format)
	if err != nil {
		return nil, err
	}
	if quotas {
		if err := checkSize(p, s, out); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func encode(t *cloudformation.Template, format string) ([]byte, error) {
	out, err := t.JSON()
	if err != nil {
		return nil, err
	}
	if format == "yaml" {
		return jsonToYAML(out)
	}
	return unescapeHTML(out)
}

// unescapeHTML re-encodes JSON without encoding/json's HTML escaping, so
// List<AWS::EC2::Subnet::Id> reads as written rather than as
// List\u003cAWS::EC2::Subnet::Id\u003e. Keys stay sorted; numbers are kept
// as written.
func unescapeHTML(in []byte) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(in))
	dec.UseNumber()
	var doc interface{}
	if err := dec.Decode(&doc); err != nil {
		return nil, err
	}
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}
