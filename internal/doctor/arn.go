package doctor

import "strings"

// tri is a three-valued answer.
type tri int

const (
	no tri = iota
	maybe
	yes
)

// matchARN reports whether pattern (a policy Resource or an
// elasticfilesystem:AccessPointArn condition value) covers the ARN of the
// EFS resource kind ("file-system" or "access-point") whose id is id. Only
// the service and the resource part are compared: a template cannot know
// its partition, region or account, and hand-written literals for them are
// taken to be the same account.
func matchARN(pattern Val, kind string, id Val) (tri, string) {
	if pattern.Absent {
		return no, ""
	}
	p := pattern.Canon
	if p == "*" {
		return yes, ""
	}
	// Fn::GetAtt X.Arn against Ref X.
	if x, attr, ok := resAttr(pattern); ok {
		if attr != "Arn" {
			return no, ""
		}
		if idRes, ok := resRef(id); ok {
			if idRes == x {
				return yes, ""
			}
			return no, ""
		}
		return no, ""
	}
	if wholePlaceholder(p) {
		if !pattern.LitOK {
			return maybe, "the policy names " + show(pattern) + ", and " + pattern.Why
		}
		p = pattern.Lit
	}
	parts := splitARN(p)
	if len(parts) != 6 || parts[0] != "arn" {
		if strings.Contains(p, "${") {
			return maybe, "the policy resource " + show(pattern) + " is computed at deployment"
		}
		return no, ""
	}
	if svc := parts[2]; !strings.Contains(svc, "${") && !globMatch(strings.ToLower(svc), "elasticfilesystem") {
		return no, ""
	}
	rp, want := parts[5], kind+"/"+id.Canon
	if rp == want {
		return yes, ""
	}
	rpSym, idSym := strings.Contains(rp, "${"), strings.Contains(id.Canon, "${")
	switch {
	case !rpSym && !idSym:
		return boolTri(globMatch(rp, want)), ""
	case !rpSym:
		// A wildcard that covers every id covers this one too.
		if globMatch(rp, kind+"/\x00") {
			return yes, ""
		}
		if _, ok := resRef(id); ok {
			return no, "" // a fixed id cannot name a resource this stack creates
		}
		if id.LitOK {
			if globMatch(rp, kind+"/"+id.Lit) {
				return maybe, "it matches only while " + id.Note + " is used"
			}
			return no, ""
		}
		return maybe, "the volume's id is " + show(id) + ", and " + id.Why
	}
	if pattern.LitOK && id.LitOK {
		if lp := splitARN(pattern.Lit); len(lp) == 6 {
			return boolTri(globMatch(lp[5], kind+"/"+id.Lit)), ""
		}
	}
	if onlyResources(rp) && onlyResources(id.Canon) {
		return no, ""
	}
	return maybe, "the policy names " + show(pattern) + " and the volume " + show(id) + ", which may or may not be the same at deployment"
}

func boolTri(b bool) tri {
	if b {
		return yes
	}
	return no
}

// wholePlaceholder reports whether s is one placeholder and nothing else.
func wholePlaceholder(s string) bool {
	return strings.HasPrefix(s, "${") && strings.HasSuffix(s, "}") && len(splitTop(s)) == 1
}

// onlyResources reports whether every placeholder in s names a resource
// (of the template or of another given one) or a pseudo parameter, values
// that differ when their names do.
func onlyResources(s string) bool {
	for _, part := range splitTop(s) {
		if !strings.HasPrefix(part, "${") {
			continue
		}
		body := part[2:]
		if strings.HasPrefix(body, tagOpen) {
			if j := strings.Index(body, tagClose); j >= 0 {
				body = body[j+len(tagClose):]
			}
		}
		if !strings.HasPrefix(body, "Res:") && !strings.HasPrefix(body, "AWS::") {
			return false
		}
	}
	return true
}

// splitTop splits s into literal runs and top-level placeholders.
func splitTop(s string) []string {
	var out []string
	depth, start := 0, 0
	for i := 0; i < len(s); i++ {
		switch {
		case strings.HasPrefix(s[i:], "${"):
			if depth == 0 && i > start {
				out = append(out, s[start:i])
				start = i
			}
			depth++
			i++
		case s[i] == '}' && depth > 0:
			depth--
			if depth == 0 {
				out = append(out, s[start:i+1])
				start = i + 1
			}
		}
	}
	if start < len(s) {
		out = append(out, s[start:])
	}
	return out
}

// splitARN splits an ARN at the colons outside placeholders, into at most
// six parts (the resource part keeps its colons).
func splitARN(s string) []string {
	var out []string
	depth, start := 0, 0
	for i := 0; i < len(s) && len(out) < 5; i++ {
		switch {
		case strings.HasPrefix(s[i:], "${"):
			depth++
			i++
		case s[i] == '}' && depth > 0:
			depth--
		case s[i] == ':' && depth == 0:
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}
