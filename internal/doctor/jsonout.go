package doctor

import (
	"encoding/json"
	"io"
)

// WriteJSON prints {"findings": [...], "summary": {...}}.
func WriteJSON(w io.Writer, fs []Finding) error {
	if fs == nil {
		fs = []Finding{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(struct {
		Findings []Finding `json:"findings"`
		Summary  Summary   `json:"summary"`
	}{fs, Summarize(fs)})
}
