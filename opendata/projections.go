package opendata

import (
	"io"
	"strings"
)

// Projection is one occupation of the BLS Employment Projections 2024–34
// (National Employment Matrix, Table 1.2). Employment figures are in
// thousands of jobs, as in the file.
type Projection struct {
	SOC    string // "15-2051"; summary rows use broad codes such as "15-0000"
	Title  string
	Type   string // "Line item" (a detailed occupation) or "Summary" (a group)
	Indent int    // depth in the matrix hierarchy: 0 for all occupations
	// Emp2024 and Emp2034 are employment in 2024 and projected for 2034,
	// in thousands.
	Emp2024, Emp2034 float64
	Change           float64 // Emp2034 - Emp2024, in thousands
	ChangePct        float64 // change over the 10 years, in percent
	// SelfEmployedPct is the share of 2024 jobs held by self-employed
	// workers, in percent; nil where BLS publishes none ("—").
	SelfEmployedPct *float64
	// Openings is the projected annual average of openings 2024–34
	// (growth plus replacement), in thousands.
	Openings float64
	// MedianWage is the median annual wage in 2024, in dollars. BLS
	// publishes ">=$239,200" for the top-coded ones (TopCoded, with Value
	// the ceiling) and "—" where there is no estimate (not Known).
	MedianWage Wage
	// Education, Experience and Training are the typical entry
	// requirements; "" where BLS assigns none ("—", as for summary rows).
	Education, Experience, Training string
}

// The columns of the projections file. The names carry en dashes and a
// footnote marker, exactly as BLS writes them; a renamed column fails the
// parse rather than being silently read as blank.
const (
	projTitleCol      = "2024 National Employment Matrix title"
	projIndentCol     = "Indent level"
	projCodeCol       = "2024 National Employment Matrix code"
	projTypeCol       = "Occupation type"
	projEmp2024Col    = "Employment, 2024"
	projEmp2034Col    = "Employment, 2034"
	projChangeCol     = "Employment change, numeric, 2024\u201334"
	projChangePctCol  = "Employment change, percent, 2024\u201334"
	projSelfEmpCol    = "Percent self employed, 2024"
	projOpeningsCol   = "Occupational openings, 2024\u201334 annual average"
	projWageCol       = "Median annual wage, dollars, 2024[1]"
	projEducationCol  = "Typical education needed for entry"
	projExperienceCol = "Work experience in a related occupation"
	projTrainingCol   = "Typical on-the-job training needed to attain competency in the occupation"
)

// projNone is the em dash BLS writes where a value does not exist.
const projNone = "\u2014"

// ParseProjections reads the BLS occupation projections file
// (occupation_projections_2024_2034.csv). Each matrix code appears once,
// whether summary or line item, so a repeated code fails the parse, as do a
// missing or renamed column and a figure that is neither a number nor a BLS
// marker.
func ParseProjections(src Source, r io.Reader) ([]Projection, error) {
	t, err := openTable(src, r, formatCSV,
		projTitleCol, projIndentCol, projCodeCol, projTypeCol, projEmp2024Col, projEmp2034Col,
		projChangeCol, projChangePctCol, projSelfEmpCol, projOpeningsCol, projWageCol,
		projEducationCol, projExperienceCol, projTrainingCol)
	if err != nil {
		return nil, err
	}
	var out []Projection
	seen := map[string]int{}
	for t.next() {
		p := Projection{
			SOC:             t.required(projCodeCol),
			Title:           t.required(projTitleCol),
			Type:            t.oneOf(projTypeCol, "Line item", "Summary"),
			Indent:          t.int(projIndentCol),
			Emp2024:         t.float(projEmp2024Col),
			Emp2034:         t.float(projEmp2034Col),
			Change:          t.float(projChangeCol),
			ChangePct:       t.float(projChangePctCol),
			SelfEmployedPct: t.optFloat(projSelfEmpCol, projNone),
			Openings:        t.float(projOpeningsCol),
			MedianWage:      projWage(t, projWageCol),
			Education:       projText(t, projEducationCol),
			Experience:      projText(t, projExperienceCol),
			Training:        projText(t, projTrainingCol),
		}
		if p.SOC != "" && !IsSOC(p.SOC) {
			t.fail(projCodeCol, "want a SOC code such as 15-2051, got %q", p.SOC)
		}
		if p.Indent < 0 {
			t.fail(projIndentCol, "want a level of 0 or more, got %d", p.Indent)
		}
		t.unique(seen, p.SOC, projCodeCol)
		if t.Err() != nil {
			break
		}
		out = append(out, p)
	}
	return orNone(out, t.Err())
}

// projWage reads a median wage: a dollar amount, ">=$239,200" for a
// top-coded wage, or "—" (or blank) where BLS has no estimate.
func projWage(t *table, col string) Wage {
	s := t.str(col)
	if s == "" || s == projNone {
		return Wage{}
	}
	w := Wage{Known: true}
	if rest, ok := strings.CutPrefix(s, ">="); ok {
		w.TopCoded = true
		s = rest
	}
	v, ok := parseFloat(strings.TrimPrefix(s, "$"))
	if !ok || v < 0 {
		t.fail(col, "want a wage in dollars, \">=$239,200\" or \u2014, got %q", t.str(col))
		return Wage{}
	}
	w.Value = v
	return w
}

// projText returns col's text, with BLS's dash for "none assigned" as "".
func projText(t *table, col string) string {
	if s := t.str(col); s != projNone {
		return s
	}
	return ""
}
