package doctor

import "strings"

// resRef returns X when v is exactly Ref X (or an id attribute of X).
func resRef(v Val) (string, bool) {
	c := v.Canon
	if strings.HasPrefix(c, "${Res:") && strings.HasSuffix(c, "}") && strings.Count(c, "${") == 1 {
		id := c[len("${Res:") : len(c)-1]
		if !strings.Contains(id, ".") {
			return id, true
		}
	}
	return "", false
}

// resAttr returns X and Attr when v is exactly Fn::GetAtt X.Attr.
func resAttr(v Val) (string, string, bool) {
	c := v.Canon
	if strings.HasPrefix(c, "${Res:") && strings.HasSuffix(c, "}") && strings.Count(c, "${") == 1 {
		id, attr, ok := strings.Cut(c[len("${Res:"):len(c)-1], ".")
		return id, attr, ok
	}
	return "", "", false
}

// show renders a value for a message: the literal, or the canonical form
// written the way a template would say it.
func show(v Val) string {
	if v.LitOK {
		return v.Lit
	}
	if v.Shown != "" {
		return v.Shown
	}
	return pretty(v.Canon)
}

// pretty turns placeholders back into template spellings: ${Name} for
// resources and parameters, !Select, !GetAZs and !ImportValue for those.
func pretty(canon string) string {
	var b strings.Builder
	for _, part := range splitTop(canon) {
		if !strings.HasPrefix(part, "${") || !strings.HasSuffix(part, "}") {
			b.WriteString(part)
			continue
		}
		body := part[2 : len(part)-1]
		if strings.HasPrefix(body, tagOpen) {
			// Another template's value: say which file it belongs to.
			if j := strings.Index(body, tagClose); j >= 0 {
				b.WriteString(pretty("${"+body[j+len(tagClose):]+"}") + " (in " + body[len(tagOpen):j] + ")")
				continue
			}
		}
		kind, rest, _ := strings.Cut(body, ":")
		switch kind {
		case "Res", "Param":
			b.WriteString("${" + rest + "}")
		case "Import":
			b.WriteString("!ImportValue " + pretty(rest))
		case "Select":
			idx, list, _ := strings.Cut(rest, ":")
			b.WriteString("!Select [" + idx + ", " + pretty(list) + "]")
		case "GetAZs":
			b.WriteString("!GetAZs '" + pretty(rest) + "'")
		default:
			b.WriteString(part)
		}
	}
	return b.String()
}
