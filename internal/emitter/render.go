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

// Render builds p's template and writes it as "yaml" (the layout of AWS's
// formatter, rain fmt) or "json" (keys sorted). Both start from
// goformation's template.JSON(), so the same project always gives the same
// bytes, and both hold every spec string exactly as written.
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
	q, lits := protectLiterals(p)
	s, err := plan.Build(q)
	if err != nil {
		return nil, err
	}
	return renderStack(p, s, lits, format, quotas)
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
	q, lits := protectLiterals(p)
	stacks, err := plan.Stacks(q)
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
				body, err := renderStack(p, s, lits, format, quotas)
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

func renderStack(p *spec.Project, s *plan.Stack, lits *literals, format string, quotas bool) ([]byte, error) {
	t, err := buildStack(s)
	if err != nil {
		return nil, err
	}
	if quotas {
		if err := checkQuotas(p, s, t); err != nil {
			return nil, err
		}
	}
	out, err := encode(t, lits, format)
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

// encode writes the template with the protected spec strings put back.
func encode(t *cloudformation.Template, lits *literals, format string) ([]byte, error) {
	raw, err := t.JSON()
	if err != nil {
		return nil, err
	}
	doc, err := decodeTemplate(raw, lits)
	if err != nil {
		return nil, err
	}
	if format == "yaml" {
		return writeYAML(doc)
	}
	return writeJSON(doc)
}

// decodeTemplate reads template.JSON()'s output with numbers kept as
// written, and puts protected spec strings back.
func decodeTemplate(raw []byte, lits *literals) (map[string]any, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var doc map[string]any
	if err := dec.Decode(&doc); err != nil {
		return nil, err
	}
	if lits == nil {
		return doc, nil
	}
	restored, err := lits.restore(doc)
	if err != nil {
		return nil, err
	}
	return restored.(map[string]any), nil
}

// writeJSON encodes without encoding/json's HTML escaping, so
// List<AWS::EC2::Subnet::Id> reads as written rather than as
// List\u003cAWS::EC2::Subnet::Id\u003e. Keys are sorted.
func writeJSON(doc map[string]any) ([]byte, error) {
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}
