package opendata

import (
	"io"
	"strings"
)

// CIPCode is one entry of the Classification of Instructional Programs 2020
// (CIPCode2020.csv): a 2-digit family, a 4-digit series or a 6-digit
// program, including the codes deleted or moved since CIP 2010.
type CIPCode struct {
	Family string // 2-digit family, "11"
	Code   string // normalised (see NormalizeCIP): "11", "11.07" or "11.0701"
	// Action is the change since CIP 2010: "No substantive changes",
	// "New", "Moved from", "Moved to" or "Deleted". A "Moved from" or
	// "Deleted" code is no longer in use; its Definition says where it went
	// ("Moved from 51.2401 to 01.8001", "Deleted, Report under 45.1103").
	Action     string
	TextChange bool   // the title or definition changed since CIP 2010
	Title      string // as in the file, trailing period kept: "Computer Science."
	Definition string
	// CrossReferences lists related codes as NCES writes them:
	// "14.0901 - Computer Engineering, General.", comma-separated.
	CrossReferences string
	// Examples are example program names ("Agroeconomics"), split from
	// the file's "Examples: - A, - B"; nil where there are none.
	Examples []string
}

// CIP actions, as written in the Action column.
const (
	CIPUnchanged = "No substantive changes"
	CIPNew       = "New"
	CIPMovedFrom = "Moved from"
	CIPMovedTo   = "Moved to"
	CIPDeleted   = "Deleted"
)

// ParseCIP reads the CIP 2020 code file (CIPCode2020.csv, gzipped or not).
// Codes are normalised, so 1.0101 reads as 01.0101; a repeated code, a code outside its family, an unknown action or
// an Examples field not in NCES's "Examples: - ..." form fails the parse.
func ParseCIP(src Source, r io.Reader) ([]CIPCode, error) {
	// NCES leaves quotes inside quoted text undoubled: `"... titled
	// "Security and Protective Services" in the Canadian CIP."`.
	t, err := openTable(src, r, formatLaxCSV, "CIPFamily", "CIPCode", "Action", "TextChange", "CIPTitle", "CIPDefinition", "CrossReferences", "Examples")
	if err != nil {
		return nil, err
	}
	var out []CIPCode
	seen := map[string]int{}
	for t.next() {
		c := CIPCode{
			Family:          cipFamily(t),
			Code:            t.cip("CIPCode"),
			Action:          t.oneOf("Action", CIPUnchanged, CIPNew, CIPMovedFrom, CIPMovedTo, CIPDeleted),
			TextChange:      t.oneOf("TextChange", "yes", "no") == "yes",
			Title:           t.required("CIPTitle"),
			Definition:      t.required("CIPDefinition"),
			CrossReferences: t.str("CrossReferences"),
			Examples:        cipExamples(t, "Examples"),
		}
		if t.Err() == nil && c.Code[:2] != c.Family {
			t.fail("CIPCode", "code %s is not in family %s", c.Code, c.Family)
		}
		t.unique(seen, c.Code, "CIPCode")
		if t.Err() != nil {
			break
		}
		out = append(out, c)
	}
	return orNone(out, t.Err())
}

// cipFamily returns the CIPFamily column as a 2-digit family code.
func cipFamily(t *table) string {
	s := t.required("CIPFamily")
	if s == "" {
		return ""
	}
	f, ok := NormalizeCIP(s)
	if !ok || len(f) != 2 {
		t.fail("CIPFamily", "want a 2-digit CIP family such as 11, got %q", s)
		return ""
	}
	return f
}

// cipExamples splits NCES's example list, "Examples: - A, - B", into
// program names. Names may themselves hold commas ("Heating, Ventilation,
// and Air Conditioning (HVAC)") and dashes ("Pipefitter - Plumber
// Specialty"), so only a comma followed by a dash separates them.
func cipExamples(t *table, col string) []string {
	s := t.str(col)
	if s == "" {
		return nil
	}
	rest, ok := strings.CutPrefix(s, "Examples:")
	if !ok {
		t.fail(col, "want \"Examples: - name, - name\", got %q", s)
		return nil
	}
	var names []string
	for _, part := range strings.Split(rest, ", -") {
		name := strings.TrimSpace(part)
		name = strings.TrimSpace(strings.TrimPrefix(name, "-"))
		if name == "" {
			t.fail(col, "empty example name in %q", s)
			return nil
		}
		names = append(names, name)
	}
	return names
}
