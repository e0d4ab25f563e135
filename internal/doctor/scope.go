package doctor

import (
	"strings"

	"github.com/efsfargate/efsfargate/internal/plan"
)

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
	case strings.ToLower(plan.ConditionAccessPointArn):
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
	case strings.ToLower(plan.ConditionSecureTransport):
		if op == "Bool" && len(vals) == 1 && vals[0].LitOK {
			if strings.EqualFold(vals[0].Lit, "true") == enabled(v.Transit) {
				return yes, ""
			}
			return no, "its condition aws:SecureTransport is " + vals[0].Lit + " and the volume's transit encryption is " + show(v.Transit)
		}
	}
	return maybe, "its condition " + op + " on " + key + " is not evaluated by the doctor"
}
