package main

import (
	_ "embed"
	"encoding/json"
)

// featureFlagsJSON holds the CDK feature flags this project is tested with,
// the same as cdk.json's context (a test keeps the two equal). The app sets
// them itself so that a spec gives the same template wherever it is
// synthesized: from this repository, or from another folder whose cdk.json
// only names the app. Without them aws-cdk-lib falls back to its legacy
// behaviour (other mount-target logical IDs, another deployment
// configuration) and the CDK CLI warns that the flags are not configured.
//
//go:embed featureflags.json
var featureFlagsJSON []byte

// featureFlags returns the flags as app context. Context given on the
// command line or in a cdk.json still wins, as CDK documents for AppProps.
func featureFlags() map[string]interface{} {
	var flags map[string]interface{}
	if err := json.Unmarshal(featureFlagsJSON, &flags); err != nil {
		panic("efsfargate-cdk: embedded featureflags.json: " + err.Error())
	}
	return flags
}
