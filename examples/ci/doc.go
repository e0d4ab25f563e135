// Package ci holds the CI recipe examples/ci/github-actions.yml; its test
// checks the workflow with actionlint.
package ci
