package sqlite

import (
	"context"

	"github.com/careerpath/careerpath/opendata"
)

// LoadOEWS stores OEWS national wage estimates.
func (b *Builder) LoadOEWS(ctx context.Context, rows []opendata.OEWSOccupation) error {
	cols := []string{"soc", "o_group", "title", "employment", "annual_mean",
		"a_pct10", "a_pct10_top", "a_pct25", "a_pct25_top", "a_median", "a_median_top",
		"a_pct75", "a_pct75_top", "a_pct90", "a_pct90_top"}
	return b.insert(ctx, "oews_wages", cols, len(rows), func(i int) []any {
		o := rows[i]
		v := []any{o.SOC, o.Group, o.Title, o.Employment, wageValue(o.AnnualMean)}
		for _, w := range o.Annual {
			v = append(v, wageValue(w), w.TopCoded)
		}
		return v
	})
}

// wageValue is the stored value of a wage: NULL where unknown.
func wageValue(w opendata.Wage) any {
	if !w.Known {
		return nil
	}
	return w.Value
}
