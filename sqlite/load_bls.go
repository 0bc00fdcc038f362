package sqlite

import (
	"context"

	"github.com/careerpath/careerpath/opendata"
)

// LoadProjections stores the BLS employment projections.
func (b *Builder) LoadProjections(ctx context.Context, rows []opendata.Projection) error {
	cols := []string{"soc", "title", "type", "employment_2024", "employment_2034", "change", "change_pct",
		"self_employed_pct", "openings", "median_wage", "median_wage_top", "education", "experience", "training"}
	return b.insert(ctx, "bls_projections", cols, len(rows), func(i int) []any {
		p := rows[i]
		return []any{p.SOC, p.Title, p.Type, p.Emp2024, p.Emp2034, p.Change, p.ChangePct,
			p.SelfEmployedPct, p.Openings, wageValue(p.MedianWage), p.MedianWage.TopCoded, p.Education, p.Experience, p.Training}
	})
}
