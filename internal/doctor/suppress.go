package doctor

// suppressKey is the Metadata key that silences rules for one resource, or
// for a whole template in its top-level Metadata:
//
//	Metadata:
//	  efsfargate-doctor:
//	    ignore: [EFD051]
const suppressKey = "efsfargate-doctor"

// suppress drops findings that the resource (or template) they point at
// asks to ignore.
func suppress(w *World, fs []Finding) []Finding {
	byFile := map[string]*Template{}
	for _, t := range w.Templates {
		byFile[t.Src.File] = t
	}
	out := fs[:0]
	for _, f := range fs {
		if t := byFile[f.File]; t != nil && (ignores(t.Src.Root.Get("Metadata"), f.Rule) ||
			(t.Resources[f.Resource] != nil && ignores(t.Resources[f.Resource].N.Get("Metadata"), f.Rule))) {
			continue
		}
		out = append(out, f)
	}
	return out
}

func ignores(meta N, rule string) bool {
	for _, it := range meta.At(suppressKey, "ignore").Items() {
		if it.Str() == rule {
			return true
		}
	}
	return false
}
