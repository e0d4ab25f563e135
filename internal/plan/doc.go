// Package plan decides the stack efsfargate builds, once, for both forms.
//
// Build turns a validated spec.Project into a Stack: plain Go values for the
// file system, its policy, mount targets, access points and, per service,
// the roles' statements, security groups and rules, volumes, deployment
// settings, log group, names and outputs. internal/emitter renders a Stack
// with goformation; stacks/ renders it with CDK constructs. The construct
// (constructs/), used without a spec, calls the same decision functions
// (TaskRoleStatements, FileSystemPolicy, NewAccessPoint, Deployment …) with
// its props, so a decision made here holds in every form.
//
// The package imports neither the CDK nor goformation.
package plan
