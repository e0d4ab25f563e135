package stacks_test

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2/cxapi"
)

// The pack ran: it flags the canary's world-open security group.
func TestNagCanaryFlagged(t *testing.T) {
	fixture(t)
	for _, m := range canary.messages {
		if m.Level == cxapi.SynthesisMessageLevel_ERROR && strings.HasPrefix(fmt.Sprint(m.Entry.Data), "AwsSolutions-EC23") {
			return
		}
	}
	t.Errorf("cdk-nag did not flag the canary's open ingress; messages: %d", len(canary.messages))
}

// The ECS2 suppression is where the environment is, and only there.
func TestNagSuppressionIsNarrow(t *testing.T) {
	f := fixture(t)
	for name, b := range f {
		for id, r := range resources(b.template, "AWS::ECS::TaskDefinition") {
			raw, _ := json.Marshal(r["Metadata"])
			hasEnv := props(r, "ContainerDefinitions", 0, "Environment") != nil
			if suppressed := strings.Contains(string(raw), "AwsSolutions-ECS2"); suppressed != hasEnv {
				t.Errorf("%s %s: ECS2 suppressed=%v, environment=%v", name, id, suppressed, hasEnv)
			}
		}
		for _, typ := range []string{"AWS::ECS::Service", "AWS::EFS::FileSystem", "AWS::IAM::Role", "AWS::EC2::SecurityGroup"} {
			for id, r := range resources(b.template, typ) {
				if raw, _ := json.Marshal(r["Metadata"]); strings.Contains(string(raw), "cdk_nag") {
					t.Errorf("%s %s carries a nag suppression: %s", name, id, raw)
				}
			}
		}
	}
}

// Every stack passes cdk-nag's AwsSolutions pack: no unsuppressed error.
// Suppressions live in stacks/nag.go, each with its reason.
func TestNagAwsSolutions(t *testing.T) {
	names := make([]string, 0)
	for name := range fixture(t) {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		b := fixture(t)[name]
		t.Run(name, func(t *testing.T) {
			var warnings []string
			for _, m := range b.messages {
				data := fmt.Sprint(m.Entry.Data)
				if !strings.HasPrefix(data, "AwsSolutions-") {
					continue
				}
				switch m.Level {
				case cxapi.SynthesisMessageLevel_ERROR:
					t.Errorf("%s: %s", *m.Id, data)
				case cxapi.SynthesisMessageLevel_WARNING:
					warnings = append(warnings, *m.Id+": "+data)
				}
			}
			for _, w := range warnings {
				t.Logf("warning %s", w)
			}
		})
	}
}
