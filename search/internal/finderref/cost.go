package finderref

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"strings"

	careerpath "github.com/careerpath/careerpath"
)

// tuitionColumns returns the expressions of finder_programs.tuition and
// tuition_in over programs p and institutions i, as
// careerpath.Program.TuitionFor: the graduate figure for graduate awards,
// the undergraduate one for the others, never one for the other.
func tuitionColumns() (out, in string, args []any) {
	var grad []string
	for _, l := range careerpath.AwardLevels {
		if careerpath.IsGraduate(l.Code) {
			grad = append(grad, "?")
			args = append(args, l.Code)
		}
	}
	isGrad := "p.award IN (" + strings.Join(grad, ", ") + ")"
	out = "CASE WHEN " + isGrad + " THEN i.grad_tuition_out_of_state ELSE i.tuition_out_of_state END"
	in = "CASE WHEN " + isGrad + " THEN i.grad_tuition_in_state ELSE i.tuition_in_state END"
	return out, in, append(args, args...)
}

// tuitionExpr returns the finder's tuition of a program for the filter's
// resident: in-state at public institutions of the resident's state (the
// rs table of query.from), out-of-state elsewhere.
func tuitionExpr(flt *careerpath.ProgramFilter) string {
	if flt.Resident == "" {
		return "p.tuition"
	}
	return "(CASE WHEN p.control = 1 AND p.state = rs.state THEN p.tuition_in ELSE p.tuition END)"
}

// zipCentroid returns the gazetteer's point of a 5-digit ZIP code, and
// false if it has none.
func (f *Finder) zipCentroid(ctx context.Context, zip string) (careerpath.GeoPoint, bool, error) {
	var pt careerpath.GeoPoint
	err := f.conn.QueryRowContext(ctx, `SELECT lat, lon FROM zip_centroids WHERE zip = ?`, zip).Scan(&pt.Lat, &pt.Lon)
	switch {
	case err == sql.ErrNoRows:
		return pt, false, nil
	case err != nil:
		return pt, false, fmt.Errorf("zip centroid: %w", err)
	}
	return pt, true, nil
}

// baselineValue is the payback baseline in dollars; NaN-free: a finder
// without one compares with +Inf, so that no program has a payback.
func (f *Finder) baselineValue() float64 {
	if f.baseline == nil {
		return math.MaxFloat64
	}
	return f.baseline.Value
}

// paybackExpr returns the payback in years of a program
// (careerpath.PaybackYears of the tuition for the filter's resident times
// the duration), NULL where there is none; it reads the pb table of
// query.from.
func paybackExpr(flt *careerpath.ProgramFilter) string {
	t := tuitionExpr(flt)
	return "(CASE WHEN p.earnings - pb.base > 0 THEN (" + t + " * p.duration) / (p.earnings - pb.base) END)"
}
