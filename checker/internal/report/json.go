package report

import (
	"encoding/json"
	"io"
)

// JSON writes the version 1 machine format, one document, indented.
type JSON struct{}

// Write implements Format.
func (JSON) Write(w io.Writer, r *Result) error {
	out := *r
	if out.Exercises == nil {
		out.Exercises = []Exercise{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
