package doctor

import (
	"fmt"
	"sort"
	"strings"

	"github.com/efsfargate/efsfargate/internal/plan"
)

// EFS client actions as the doctor compares them (lower case), from the
// plan that both forms of efsfargate grant them by.
var (
	actMount = strings.ToLower(plan.ActionClientMount)
	actWrite = strings.ToLower(plan.ActionClientWrite)
	actRoot  = strings.ToLower(plan.ActionClientRootAccess)
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
		checkGrantScope(c, td, role, stmts, vols)
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
			return // one "cannot tell" per volume is enough
		case len(unknownPolicies) > 0:
			c.cannotTell(ruleForAction(action), role.T.Src, role.ID, role.Props.Get("ManagedPolicyArns"), fmt.Sprintf("whether task role %s allows %s", role.ID, name), "it attaches managed policies whose contents are not in the given files: "+strings.Join(unknownPolicies, ", "))
			return
		case mismatch != nil:
			f := c.add("EFD013", mismatch.Src, mismatch.Owner, misAt, fmt.Sprintf("%s grants %s, but %s, so it does not cover volume %s of %s (file system %s%s)",
				grantor(mismatch, role), name, misWhy, v.Name, td.Name, show(v.FileSystemID), apSuffix(v)))
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

// grantor names who grants a statement: the task role itself, or a policy
// attached to it.
func grantor(s *stmt, role *Resource) string {
	if s.Owner == role.ID {
		return "task role " + role.ID
	}
	return "policy " + s.Owner + " of task role " + role.ID
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
	fs := td.T.resourceTyped(v.FileSystemID, typeFileSystem)
	if fs == nil || fs.Props.Get("FileSystemPolicy").OK() {
		return
	}
	f.Severity = Warning
	f.Message += "; file system " + fs.ID + fileNote(fs, td.T) + " has no FileSystemPolicy, so EFS's default policy allows the mount until one is added"
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
		return plan.ActionClientMount
	case actWrite:
		return plan.ActionClientWrite
	case actRoot:
		return plan.ActionClientRootAccess
	}
	return a
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
			c.add("EFD012", s.Src, s.Owner, s.ActionN, fmt.Sprintf("%s grants %s: every EFS action, including root access and deleting the file system", grantor(s, role), strings.Join(wild, ", ")))
		case len(root) > 0 && !rootNeeded:
			c.add("EFD012", s.Src, s.Owner, s.ActionN, fmt.Sprintf("%s grants elasticfilesystem:ClientRootAccess, but every IAM-authorized volume of %s goes through an access point that sets a non-root POSIX user, so root access is never used", grantor(s, role), td.Name))
		}
	}
}

// apForcesUser reports whether the volume's access point is created in the
// template with a non-root PosixUser: then every operation runs as that
// user and root access is never exercised.
func apForcesUser(td *TaskDef, v *Volume) bool {
	ap := td.accessPoint(v)
	if ap == nil {
		return false
	}
	uid := resolver{ap.T}.eval(ap.Props.At("PosixUser", "Uid"))
	return uid.LitOK && uid.Lit != "0"
}
