package efsfargate

import (
	"fmt"

	"github.com/aws/aws-cdk-go/awscdk/v2/awsefs"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/jsii-runtime-go"

	"github.com/efsfargate/efsfargate/internal/cdkplan"
	"github.com/efsfargate/efsfargate/internal/plan"
)

// GrantAccessPoint lets grantee mount the file system through one access
// point only: ClientMount, and ClientWrite unless readOnly, on the access
// point's file system with the access-point condition, as the task roles
// get them. Unlike awsefs's GrantRead and GrantReadWrite, which cover the
// whole file system, a Lambda function or a one-off task given this can
// reach nothing outside the access point's root directory. The access
// point must know its file system (made in this app, or imported with
// awsefs.AccessPoint_FromAccessPointAttributes).
func GrantAccessPoint(grantee awsiam.IGrantable, accessPoint awsefs.IAccessPoint, readOnly bool) awsiam.Grant {
	fs := accessPointFileSystem(accessPoint)
	if fs == nil {
		panic(fmt.Errorf("%s: the access point does not know its file system (import it with awsefs.AccessPoint_FromAccessPointAttributes and FileSystem)", *accessPoint.Node().Path()))
	}
	const volume = "granted" // any name: it only links the statement to the access point below
	resolve := func(r plan.Ref) *string {
		switch r.Kind {
		case plan.RefFileSystemARN:
			return FileSystemArn(fs)
		case plan.RefAccessPointARN:
			return AccessPointArn(accessPoint)
		}
		return cdkplan.BaseRef(r)
	}
	statements := plan.TaskRoleStatements([]plan.Mount{{Volume: volume, ReadOnly: readOnly}})
	if len(statements) != 1 {
		panic(fmt.Errorf("efsfargate: %d statements for one access point", len(statements)))
	}
	st := statements[0]
	resources := make([]*string, len(st.Resources))
	for i, r := range st.Resources {
		resources[i] = resolve(r)
	}
	conditions := map[string]*map[string]interface{}{}
	for _, c := range st.Conditions {
		op := conditions[c.Operator]
		if op == nil {
			op = &map[string]interface{}{}
			conditions[c.Operator] = op
		}
		(*op)[c.Key] = resolve(c.Values[0])
	}
	return awsiam.Grant_AddToPrincipal(&awsiam.GrantOnPrincipalOptions{
		Grantee:      grantee,
		Actions:      jsii.Strings(st.Actions...),
		ResourceArns: &resources,
		Conditions:   &conditions,
	})
}

// accessPointFileSystem is the access point's file system, nil when it
// was imported by id alone (CDK throws when asked).
func accessPointFileSystem(ap awsefs.IAccessPoint) (fs awsefs.IFileSystem) {
	defer func() {
		if recover() != nil {
			fs = nil
		}
	}()
	return ap.FileSystem()
}
