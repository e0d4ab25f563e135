package doctor

import (
	"fmt"
	"strings"

	"github.com/efsfargate/efsfargate/internal/plan"
)

// checkGrantScope reports least-privilege losses in grants that do cover a
// volume with an access point: no elasticfilesystem:AccessPointArn
// condition, so the role may mount the whole file system (EFD015), and
// ClientWrite for an access point every container mounts read-only
// (EFD016). Statements are matched exactly as checkVolumeGrant does.
func checkGrantScope(c *checker, td *TaskDef, role *Resource, stmts []stmt, vols []*Volume) {
	for _, v := range vols {
		if v.AccessPointID.Absent {
			continue
		}
		for i := range stmts {
			s := &stmts[i]
			if !s.grants(actMount) && !s.grants(actWrite) {
				continue
			}
			if res, _, _ := stmtScope(s, v); res != yes {
				continue
			}
			if !hasAPCondition(s) {
				at := s.N.Get("Resource")
				if !at.OK() {
					at = s.N // an AWS-managed policy, named by its ARN
				}
				c.add("EFD015", s.Src, s.Owner, at, fmt.Sprintf("%s grants EFS client access on file system %s without an elasticfilesystem:AccessPointArn condition, while volume %s of %s goes through access point %s: the role may mount the whole file system",
					grantor(s, role), show(v.FileSystemID), v.Name, td.Name, show(v.AccessPointID)))
			}
			if s.grants(actWrite) && !writable(td, v) && len(td.mountsOf(v.Name)) > 0 && !writtenElsewhere(c.w, td, role, v) {
				c.add("EFD016", s.Src, s.Owner, s.ActionN, fmt.Sprintf("%s grants elasticfilesystem:ClientWrite, but every mount of volume %s (access point %s) in %s is read-only",
					grantor(s, role), v.Name, show(v.AccessPointID), td.Name))
			}
		}
	}
}

// hasAPCondition reports whether a statement conditions on the access point.
func hasAPCondition(s *stmt) bool {
	for _, op := range s.Cond.Pairs() {
		for _, kv := range op.Value.Pairs() {
			if strings.EqualFold(kv.Key, plan.ConditionAccessPointArn) {
				return true
			}
		}
	}
	return false
}

// writtenElsewhere reports whether another task definition with the same
// task role mounts the same access point writable: then the grant is used.
func writtenElsewhere(w *World, td *TaskDef, role *Resource, v *Volume) bool {
	for _, other := range w.TaskDefs {
		if other == td || other.T != td.T {
			continue
		}
		if r, _, _ := w.findRole(other, "TaskRoleArn"); r != role {
			continue
		}
		for _, ov := range other.efsVolumes() {
			if ov.AccessPointID.Canon == v.AccessPointID.Canon && writable(other, ov) {
				return true
			}
		}
	}
	return false
}
