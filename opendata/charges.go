package opendata

import (
	"io"
	"strconv"
)

// GraduateTuition is an institution's average tuition for full-time
// graduate students for the 2022-23 academic year, from IPEDS
// Institutional Characteristics, student charges (ic2022_ay.csv). It is
// the institution's average over its graduate programs, not any one
// program's price, and it is tuition only: required fees are apart in the
// file (FEE5–7) and not included.
type GraduateTuition struct {
	UnitID     int
	InDistrict *float64 // TUITION5; nil where not reported or not applicable
	InState    *float64 // TUITION6
	OutOfState *float64 // TUITION7
}

// GraduateTuitionYear is the academic year of ParseGraduateTuition's
// figures.
const GraduateTuitionYear = "2022-23"

// ParseGraduateTuition reads the IPEDS student-charges file
// (ic2022_ay.csv), one row per UNITID (a repeated UNITID fails the parse).
// IPEDS writes "." for a value that is not applicable or not reported
// (most institutions without graduate students); such values are nil,
// never 0. Every other value must be an amount of 0 or more.
func ParseGraduateTuition(src Source, r io.Reader) ([]GraduateTuition, error) {
	t, err := openTable(src, r, formatCSV, "UNITID", "TUITION5", "TUITION6", "TUITION7")
	if err != nil {
		return nil, err
	}
	var rows []GraduateTuition
	seen := map[string]int{}
	for t.next() {
		row := GraduateTuition{
			UnitID:     unitID(t, "UNITID"),
			InDistrict: ipedsAmount(t, "TUITION5"),
			InState:    ipedsAmount(t, "TUITION6"),
			OutOfState: ipedsAmount(t, "TUITION7"),
		}
		t.unique(seen, strconv.Itoa(row.UnitID), "UNITID")
		if t.Err() != nil {
			return nil, t.Err()
		}
		rows = append(rows, row)
	}
	return orNone(rows, t.Err())
}

// ipedsAmount is amount for IPEDS files, which write "." for not
// applicable or not reported.
func ipedsAmount(t *table, col string) *float64 {
	f := t.optFloat(col, ".")
	if f != nil && *f < 0 {
		t.fail(col, "want an amount of 0 or more, got %v", *f)
		return nil
	}
	return f
}
