package doctor

import (
	"strings"
)

// findRole finds the role a task definition names in field (TaskRoleArn or
// ExecutionRoleArn): a Ref or Fn::GetAtt Arn of a role in the same template,
// or an ARN or name matching a RoleName in any given template. It returns
// the value and, when no role is found, why.
func (w *World) findRole(td *TaskDef, field string) (*Resource, Val, string) {
	v := td.R.eval(td.N.Get(field))
	if v.Absent {
		return nil, v, ""
	}
	// A role of this template, or of the given template it is imported from.
	if r, attr := td.T.resourceOf(v); r != nil && r.Type == typeRole && (attr == "" || attr == "Arn") {
		return r, v, ""
	}
	if v.LitOK {
		name := v.Lit[strings.LastIndex(v.Lit, "/")+1:]
		for _, t := range w.Templates {
			if r := t.roleNamed(name); r != nil {
				return r, v, ""
			}
		}
		return nil, v, "role " + v.Lit + " is not defined in the given files"
	}
	why := v.Why
	if why == "" {
		why = "the role is " + show(v)
	}
	return nil, v, why
}

// stmt is one IAM policy statement.
type stmt struct {
	Src       *Source
	Owner     string // the resource holding the policy
	N         N
	Allow     bool
	Actions   []string // lower-case
	ActionN   N
	NotAction bool
	Resources []Val
	NotRes    bool
	Cond      N
	R         resolver
}

// roleStatements gathers the statements that apply to role: its inline
// Policies, AWS::IAM::Policy and AWS::IAM::ManagedPolicy resources that
// list it in Roles (CDK's …DefaultPolicy…), customer managed policies of
// the template in ManagedPolicyArns, and known AWS-managed policies.
// unknown lists attached policies whose contents cannot be known.
func roleStatements(role *Resource) (stmts []stmt, unknownPolicies []string) {
	t := role.T
	r := resolver{t}
	roleName := r.eval(role.Props.Get("RoleName"))
	for _, p := range role.Props.Get("Policies").Items() {
		stmts = append(stmts, docStatements(t, role.ID, p.Get("PolicyDocument"))...)
	}
	attached := map[string]bool{}
	for _, pr := range t.attachedPolicies(role, roleName) {
		stmts = append(stmts, docStatements(t, pr.ID, pr.Props.Get("PolicyDocument"))...)
		attached[pr.ID] = true
	}
	for _, it := range role.Props.Get("ManagedPolicyArns").Items() {
		v := r.eval(it)
		if id, ok := resRef(v); ok && t.typeOf(id) == typeManagedPolicy {
			if !attached[id] {
				stmts = append(stmts, docStatements(t, id, t.Resources[id].Props.Get("PolicyDocument"))...)
				attached[id] = true
			}
			continue
		}
		name, ok := awsManagedName(v)
		actions, known := awsManagedActions[name]
		if !ok || !known {
			unknownPolicies = append(unknownPolicies, show(v))
			continue
		}
		if len(actions) > 0 {
			stmts = append(stmts, stmt{Src: t.Src, Owner: role.ID, N: it, ActionN: it, Allow: true, Actions: actions,
				Resources: []Val{literal(it, "*")}, R: r})
		}
	}
	return stmts, unknownPolicies
}

// awsManagedEFS lists the EFS client actions of AWS-managed policies the
// doctor knows; the execution policy grants none.
var awsManagedActions = map[string][]string{
	"AmazonElasticFileSystemClientReadOnlyAccess":  {actMount},
	"AmazonElasticFileSystemClientReadWriteAccess": {actMount, actWrite},
	"AmazonElasticFileSystemClientFullAccess":      {actMount, actWrite, actRoot},
	"AmazonElasticFileSystemFullAccess":            {"elasticfilesystem:*"},
	"AdministratorAccess":                          {"*"},
	"AmazonECSTaskExecutionRolePolicy":             nil,
	"CloudWatchLogsFullAccess":                     nil,
	"AmazonSSMManagedInstanceCore":                 nil,
}

// awsManagedName returns the name of an AWS-managed policy ARN, however it
// is spelled (literal, Fn::Sub or Fn::Join with ${AWS::Partition}).
func awsManagedName(v Val) (string, bool) {
	i := strings.Index(v.Canon, ":iam::aws:policy/")
	if i < 0 {
		return "", false
	}
	rest := v.Canon[i+len(":iam::aws:policy/"):]
	return rest[strings.LastIndex(rest, "/")+1:], true
}

func docStatements(t *Template, owner string, doc N) []stmt {
	r := resolver{t}
	var out []stmt
	for _, sn := range doc.Get("Statement").Items() {
		s := stmt{Src: t.Src, Owner: owner, N: sn, R: r, Cond: sn.Get("Condition")}
		s.Allow = strings.EqualFold(r.eval(sn.Get("Effect")).Lit, "Allow")
		s.ActionN = sn.Get("Action")
		if !s.ActionN.OK() {
			s.ActionN, s.NotAction = sn.Get("NotAction"), true
		}
		for _, a := range s.ActionN.Items() {
			if v := r.eval(a); v.LitOK {
				s.Actions = append(s.Actions, strings.ToLower(v.Lit))
			}
		}
		res := sn.Get("Resource")
		if !res.OK() {
			res, s.NotRes = sn.Get("NotResource"), true
		}
		for _, it := range res.Items() {
			s.Resources = append(s.Resources, r.eval(it))
		}
		out = append(out, s)
	}
	return out
}

// grants reports whether the statement allows action (lower-case).
func (s stmt) grants(action string) bool {
	if !s.Allow {
		return false
	}
	for _, a := range s.Actions {
		if globMatch(a, action) {
			return !s.NotAction
		}
	}
	return s.NotAction && len(s.Actions) > 0
}

// globMatch matches IAM wildcards: * any run of characters, ? one.
func globMatch(pattern, s string) bool {
	p, x := 0, 0
	star, mark := -1, 0
	for x < len(s) {
		switch {
		case p < len(pattern) && (pattern[p] == '?' || pattern[p] == s[x]):
			p++
			x++
		case p < len(pattern) && pattern[p] == '*':
			star, mark = p, x
			p++
		case star >= 0:
			p = star + 1
			mark++
			x = mark
		default:
			return false
		}
	}
	for p < len(pattern) && pattern[p] == '*' {
		p++
	}
	return p == len(pattern)
}
