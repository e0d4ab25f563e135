package stacks_test

import "github.com/efsfargate/efsfargate/internal/cdktest"

// The shared assertion helpers, under the names the tests use.
var (
	check         = cdktest.Check
	hasProps      = cdktest.HasProps
	countIs       = cdktest.CountIs
	resources     = cdktest.Resources
	props         = cdktest.Props
	jsonEqual     = cdktest.JSONEqual
	noOpenIngress = cdktest.NoOpenIngress
)
