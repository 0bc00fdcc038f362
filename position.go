package careerpath

import (
	"fmt"
	"strings"
)

// Position is where in an input file a problem is: the file, the 1-based
// line where the value starts, the 1-based character (not byte) column of
// the value as an editor shows it (0 when the problem is the whole line
// or file), and the field (column or key) concerned. Open-data parse
// errors and catalog problems share it, so that both read
// FILE:LINE:COLUMN: field F.
type Position struct {
	File   string `json:"file,omitempty"`
	Line   int    `json:"line"`
	Column int    `json:"column"`
	Field  string `json:"field,omitempty"`
}

// String is FILE:LINE:COLUMN: field F, leaving out what is not known.
func (p Position) String() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Line > 0 {
		fmt.Fprintf(&b, ":%d", p.Line)
		if p.Column > 0 {
			fmt.Fprintf(&b, ":%d", p.Column)
		}
	}
	if p.Field != "" {
		fmt.Fprintf(&b, ": field %s", p.Field)
	}
	return b.String()
}
