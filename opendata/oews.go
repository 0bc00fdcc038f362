package opendata

import "io"

// Wage is one OEWS wage estimate. Known is false where BLS publishes no
// estimate ("*"); TopCoded is true where BLS publishes only that the wage is
// at or above its ceiling ("#": $239,200 a year, $115.00 an hour), in which
// case Value is that ceiling, a lower bound.
type Wage struct {
	Value    float64
	Known    bool
	TopCoded bool
}

// OEWS ceilings for top-coded wages ("#"), May 2024 release.
const (
	OEWSAnnualCeiling = 239200
	OEWSHourlyCeiling = 115.00
)

// OEWSOccupation is the national cross-industry OEWS estimate for one SOC
// code: employment and annual wage percentiles (10, 25, 50, 75, 90).
type OEWSOccupation struct {
	SOC        string // "15-2051"
	Title      string
	Group      string // total, major, minor, broad or detailed
	Employment *int   // nil where not available ("**")
	AnnualMean Wage
	Annual     [5]Wage // 10th, 25th, 50th, 75th, 90th percentile
	Hourly     [5]Wage
}

// OEWSPercentiles are the percentiles of OEWSOccupation.Annual and .Hourly.
var OEWSPercentiles = [5]int{10, 25, 50, 75, 90}

// ParseOEWS reads the national OEWS file (national_M2024.csv). A duplicate
// SOC code at the same group level, a wage that is neither a number nor a BLS marker, or a missing
// column fails the parse.
func ParseOEWS(src Source, r io.Reader) ([]OEWSOccupation, error) {
	annual := [5]string{"A_PCT10", "A_PCT25", "A_MEDIAN", "A_PCT75", "A_PCT90"}
	hourly := [5]string{"H_PCT10", "H_PCT25", "H_MEDIAN", "H_PCT75", "H_PCT90"}
	required := append([]string{"OCC_CODE", "OCC_TITLE", "O_GROUP", "TOT_EMP", "A_MEAN"}, append(annual[:], hourly[:]...)...)
	t, err := openTable(src, r, formatCSV, required...)
	if err != nil {
		return nil, err
	}
	var out []OEWSOccupation
	seen := map[string]int{}
	for t.next() {
		o := OEWSOccupation{
			SOC:        t.required("OCC_CODE"),
			Title:      t.required("OCC_TITLE"),
			Group:      t.required("O_GROUP"),
			Employment: t.optInt("TOT_EMP", "**"),
			AnnualMean: wage(t, "A_MEAN", OEWSAnnualCeiling),
		}
		if !IsSOC(o.SOC) {
			t.fail("OCC_CODE", "want a SOC code such as 15-2051, got %q", o.SOC)
		}
		// Where OEWS publishes an occupation only at the broad level, the
		// same code appears twice, as "broad" and as "detailed".
		t.unique(seen, o.SOC+" "+o.Group, "OCC_CODE")
		for i := range annual {
			o.Annual[i] = wage(t, annual[i], OEWSAnnualCeiling)
			o.Hourly[i] = wage(t, hourly[i], OEWSHourlyCeiling)
		}
		if t.Err() != nil {
			break
		}
		out = append(out, o)
	}
	return orNone(out, t.Err())
}

func wage(t *table, col string, ceiling float64) Wage {
	switch t.str(col) {
	case "*", "":
		return Wage{}
	case "#":
		return Wage{Value: ceiling, Known: true, TopCoded: true}
	}
	return Wage{Value: t.float(col), Known: true}
}

// IsSOC reports whether s looks like a 6-digit SOC code ("15-2051").
func IsSOC(s string) bool {
	if len(s) != 7 || s[2] != '-' {
		return false
	}
	for i, c := range s {
		if i != 2 && (c < '0' || c > '9') {
			return false
		}
	}
	return true
}
