// Package cdkplan renders pieces of the plan (internal/plan) as aws-cdk-lib
// values, for the construct and the stacks alike.
package cdkplan
