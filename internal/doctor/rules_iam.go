package doctor

import (
	"fmt"
	"sort"
	"strings"
)

const (
	actMount = "elasticfilesystem:clientmount"
	actWrite = "elasticfilesystem:clientwrite"
	actRoot  = "elasticfilesystem:clientrootaccess"
)

// checkIAM checks the task role of every task definition with IAM-authorized
// EFS volumes: present (EFD014), allows ClientMount (EFD010) and ClientWrite
// for writable mounts (EFD011) on the volume's file system and access point
// (EFD013), and grants no root access or wildcard it does not need (EFD012).
func checkIAM(c *checker) {
	for _, td := range c.w.TaskDefs {
		var vols []*Volume
		for _, v := range td.efsVolumes() {
			if enabled(v.IAM) {
				vols = append(vols, v)
			}
		}
		if len(vols) == 0 {
			continue
		}
		role, rv, why := c.w.findRole(td, "TaskRoleArn")
		if rv.Absent {
			names := make([]string, len(vols))
			for i, v := range vols {
				names[i] = v.Name
			}
			c.add("EFD014", td.Src, td.Name, td.N.Get("TaskRoleArn"), fmt.Sprintf("volume %s uses IAM authorization, but the task definition has no task role", strings.Join(names, ", ")))
			continue
		}
		if role == nil {
			c.cannotTell("EFD010", td.Src, td.Name, rv.N, "whether the task role allows elasticfilesystem:ClientMount", why)
			continue
		}
		stmts, unknownPolicies := roleStatements(role)
		for _, v := range vols {
			checkVolumeGrant(c, td, role, stmts, unknownPolicies, v)
		}
		checkExcessGrant(c, td, role, stmts, vols)
	}
}

func checkVolumeGrant(c *checker, td *TaskDef, role *Resource, stmts []stmt, unknownPolicies []string, v *Volume) {
	need := []string{actMount}
	for _, m := range td.mountsOf(v.Name) {
		if !m.ReadOnly {
			need = append(need, actWrite)
			break
		}
	}
	for _, action := range need {
		var (
			matched  bool
			maybeWhy string
			mismatch *stmt
			misAt    N
			misWhy   string
		)
		for i := range stmts {
			s := &stmts[i]
			if !s.grants(action) {
				continue
			}
			res, why, at := stmtScope(s, v)
			switch res {
			case yes:
				matched = true
			case maybe:
				if maybeWhy == "" {
					maybeWhy = why
				}
			case no:
				if mismatch == nil {
					mismatch, misAt, misWhy = s, at, why
				}
			}
		}
		name := actionName(action)
		switch {
		case matched:
			continue
		case maybeWhy != "":
			c.cannotTell(ruleForAction(action), role.T.Src, role.ID, role.N.Get("Properties"), fmt.Sprintf("whether task role %s allows %s on the file system of volume %s", role.ID, name, v.Name), maybeWhy)
		case len(unknownPolicies) > 0:
			c.cannotTell(ruleForAction(action), role.T.Src, role.ID, role.Props.Get("ManagedPolicyArns"), fmt.Sprintf("whether task role %s allows %s", role.ID, name), "it attaches managed policies whose contents are not in the given files: "+strings.Join(unknownPolicies, ", "))
		case mismatch != nil:
			f := c.add("EFD013", mismatch.Src, mismatch.Owner, misAt, fmt.Sprintf("%s grants %s to task role %s, but %s, so it does not cover volume %s of %s (file system %s%s)",
				mismatch.Owner, name, role.ID, misWhy, v.Name, td.Name, show(v.FileSystemID), apSuffix(v)))
			softenWithoutPolicy(c, td, v, f)
		default:
			rule, verb := "EFD010", "so the mount is refused"
			if action == actWrite {
				rule, verb = "EFD011", "but a mount point of volume "+v.Name+" is writable"
			}
			at := role.Props.Get("Policies")
			if !at.OK() {
				at = role.N.Get("Properties")
			}
			f := c.add(rule, role.T.Src, role.ID, at, fmt.Sprintf("task role %s of %s does not allow %s on file system %s (volume %s uses IAM authorization), %s",
				role.ID, td.Name, name, show(v.FileSystemID), v.Name, verb))
			softenWithoutPolicy(c, td, v, f)
			if action == actMount {
				return // without ClientMount, ClientWrite is moot
			}
		}
	}
}

func ruleForAction(action string) string {
	if action == actWrite {
		return "EFD011"
	}
	return "EFD010"
}

// softenWithoutPolicy lowers a missing-grant finding to a warning when the
// template creates the file system without a FileSystemPolicy: EFS's
// default policy then lets any client that reaches a mount target in, so
// the mount works until a policy is added.
func softenWithoutPolicy(c *checker, td *TaskDef, v *Volume, f *Finding) {
	id, ok := resRef(v.FileSystemID)
	if !ok || td.T == nil || td.T.typeOf(id) != typeFileSystem {
		return
	}
	if td.T.Resources[id].Props.Get("FileSystemPolicy").OK() {
		return
	}
	f.Severity = Warning
	f.Message += "; file system " + id + " has no FileSystemPolicy, so EFS's default policy allows the mount until one is added"
}

func apSuffix(v *Volume) string {
	if v.AccessPointID.Absent {
		return ", no access point"
	}
	return ", access point " + show(v.AccessPointID)
}

// actionName spells a lower-case action the way AWS documents it.
func actionName(a string) string {
	switch a {
	case actMount:
		return "elasticfilesystem:ClientMount"
	case actWrite:
		return "elasticfilesystem:ClientWrite"
	case actRoot:
		return "elasticfilesystem:ClientRootAccess"
	}
	return a
}

// stmtScope reports whether a statement's resources and conditions cover
// the volume, why not, and where the mismatch is.
func stmtScope(s *stmt, v *Volume) (tri, string, N) {
	resAt := s.N.Get("Resource")
	if s.NotRes || len(s.Resources) == 0 {
		return maybe, "the statement uses NotResource or no Resource", resAt
	}
	best, why := no, ""
	var shown []string
	for _, r := range s.Resources {
		res, w := matchARN(r, "file-system", v.FileSystemID)
		shown = append(shown, show(r))
		if res > best {
			best, why = res, w
		}
	}
	if best == no {
		return no, "its Resource is " + strings.Join(shown, ", "), resAt
	}
	cres, cwhy, cat := condScope(s, v)
	switch {
	case cres == no:
		return no, cwhy, cat
	case best == maybe:
		return maybe, why, resAt
	case cres == maybe:
		return maybe, cwhy, cat
	}
	return yes, "", resAt
}

// condScope evaluates the statement's Condition block for a mount of v.
func condScope(s *stmt, v *Volume) (tri, string, N) {
	result, why, at := yes, "", s.Cond
	for _, op := range s.Cond.Pairs() {
		name := op.Key
		ifExists := strings.HasSuffix(name, "IfExists")
		base := strings.TrimSuffix(name, "IfExists")
		if i := strings.Index(base, ":"); i >= 0 {
			base = base[i+1:] // ForAnyValue:StringEquals
		}
		for _, kv := range op.Value.Pairs() {
			vals := s.R.eval(kv.Value)
			items := vals.Items
			if !vals.List {
				items = []Val{vals}
			}
			r, w := condKey(base, ifExists, kv.Key, items, v)
			if r < result {
				result, why, at = r, w, kv.Value
			}
		}
	}
	return result, why, at
}

func condKey(op string, ifExists bool, key string, vals []Val, v *Volume) (tri, string) {
	switch strings.ToLower(key) {
	case "elasticfilesystem:accesspointarn":
		switch op {
		case "StringEquals", "StringLike", "ArnEquals", "ArnLike":
		default:
			return maybe, "its condition " + op + " on elasticfilesystem:AccessPointArn is not evaluated by the doctor"
		}
		if v.AccessPointID.Absent {
			if ifExists {
				return yes, ""
			}
			return no, "its condition requires an access point (elasticfilesystem:AccessPointArn) and the volume mounts without one"
		}
		best, why := no, ""
		var shown []string
		for _, val := range vals {
			r, w := matchARN(val, "access-point", v.AccessPointID)
			shown = append(shown, show(val))
			if r > best {
				best, why = r, w
			}
		}
		if best == no {
			return no, "its condition elasticfilesystem:AccessPointArn is " + strings.Join(shown, ", ")
		}
		return best, why
	case "elasticfilesystem:accessedviamounttarget":
		if op == "Bool" && len(vals) == 1 && strings.EqualFold(vals[0].Lit, "true") {
			return yes, "" // Fargate always mounts through a mount target
		}
	case "aws:securetransport":
		if op == "Bool" && len(vals) == 1 && vals[0].LitOK {
			if strings.EqualFold(vals[0].Lit, "true") == enabled(v.Transit) {
				return yes, ""
			}
			return no, "its condition aws:SecureTransport is " + vals[0].Lit + " and the volume's transit encryption is " + show(v.Transit)
		}
	}
	return maybe, "its condition " + op + " on " + key + " is not evaluated by the doctor"
}

// checkExcessGrant warns about ClientRootAccess nobody needs and wildcard
// EFS grants (EFD012). Root access is needed only by a volume whose access
// point does not force a POSIX user.
func checkExcessGrant(c *checker, td *TaskDef, role *Resource, stmts []stmt, vols []*Volume) {
	rootNeeded := false
	for _, v := range vols {
		if !apForcesUser(td, v) {
			rootNeeded = true
		}
	}
	for i := range stmts {
		s := &stmts[i]
		if !s.Allow || s.NotAction {
			continue
		}
		var wild, root []string
		for _, a := range s.Actions {
			switch {
			case a == "*" || a == "elasticfilesystem:*":
				wild = append(wild, a)
			case globMatch(a, actRoot):
				root = append(root, a)
			}
		}
		sort.Strings(wild)
		switch {
		case len(wild) > 0:
			c.add("EFD012", s.Src, s.Owner, s.ActionN, fmt.Sprintf("%s grants %s to task role %s: every EFS action, including root access and deleting the file system", s.Owner, strings.Join(wild, ", "), role.ID))
		case len(root) > 0 && !rootNeeded:
			c.add("EFD012", s.Src, s.Owner, s.ActionN, fmt.Sprintf("%s grants elasticfilesystem:ClientRootAccess to task role %s, but every IAM-authorized volume of %s goes through an access point that sets the POSIX user, so root access is never used", s.Owner, role.ID, td.Name))
		}
	}
}

// apForcesUser reports whether the volume's access point is created in the
// template with a PosixUser (then every operation runs as that user).
func apForcesUser(td *TaskDef, v *Volume) bool {
	id, ok := resRef(v.AccessPointID)
	if !ok || td.T == nil || td.T.typeOf(id) != typeAccessPoint {
		return false
	}
	return td.T.Resources[id].Props.Get("PosixUser").OK()
}
