package postgres

import (
	"context"
	"encoding/json"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/opendata"
)

// LoadInstitutions stores institutions with their tuition and distance
// enrolment.
func (b *Builder) LoadInstitutions(ctx context.Context, insts []careerpath.Institution) error {
	cols := []string{"unitid", "name", "city", "state", "zip", "web", "control", "latitude", "longitude",
		"tuition_in_state", "tuition_out_of_state", "total_enrollment", "distance_enrollment", "online_share",
		"grad_tuition_in_state", "grad_tuition_out_of_state", "aliases"}
	return b.load(ctx, "institutions", cols, len(insts), func(i int) []any {
		in := insts[i]
		return []any{in.UnitID, in.Name, in.City, in.State, in.ZIP, in.Web, int(in.Control), in.Latitude, in.Longitude,
			in.TuitionInState, in.TuitionOutOfState, in.Enrollment, in.DistanceEnrollment, in.OnlineShare,
			in.GradTuitionInState, in.GradTuitionOutOfState, nonNil(in.Aliases)}
	})
}

// LoadPrograms stores programs; of each program's Institution only the
// UNITID is read.
func (b *Builder) LoadPrograms(ctx context.Context, programs []careerpath.Program) error {
	cols := []string{"id", "unitid", "cip", "award", "name", "completers", "trend", "earnings_1yr", "earnings_4yr", "mean_debt", "source"}
	return b.load(ctx, "programs", cols, len(programs), func(i int) []any {
		p := programs[i]
		var trend any
		if p.CompletersTrend != nil {
			trend = jsonOf(p.CompletersTrend)
		}
		return []any{p.ID, p.Institution.UnitID, p.CIP, p.Award.Code, p.Name, p.Completers, trend, p.Earnings1Yr, p.Earnings4Yr, p.MeanDebt, p.Source}
	})
}

// LoadCompletionTrends stores the 2020–2024 completions of the trend file.
func (b *Builder) LoadCompletionTrends(ctx context.Context, rows []opendata.CompletionYear) error {
	return b.load(ctx, "completions_trend", []string{"year", "unitid", "cip", "award", "total"}, len(rows), func(i int) []any {
		r := rows[i]
		return []any{r.Year, r.UnitID, r.CIP, r.AwardLevel, r.Total}
	})
}

// LoadScorecardFields stores the Scorecard bachelor's file with each row's
// match.
func (b *Builder) LoadScorecardFields(ctx context.Context, rows []opendata.ScorecardField, match []opendata.ScorecardMatch) error {
	cols := []string{"institution", "major", "mean_debt", "monthly_payment", "earnings_1yr", "earnings_4yr", "unitid", "cip4"}
	return b.load(ctx, "scorecard_fields", cols, len(rows), func(i int) []any {
		r, m := rows[i], match[i]
		var unit, cip4 any
		if m.UnitID != 0 {
			unit, cip4 = m.UnitID, m.CIP4
		}
		return []any{r.Institution, r.Major, r.MeanDebt, r.MonthlyPayment, r.Earnings1Yr, r.Earnings4Yr, unit, cip4}
	})
}

// LoadScorecardPrograms stores rows of the full Scorecard field-of-study
// schema.
func (b *Builder) LoadScorecardPrograms(ctx context.Context, rows []opendata.ScorecardProgram) error {
	cols := []string{"unitid", "institution", "cip4", "cip_desc", "cred_level", "cred_desc", "debt_median", "earn_1yr", "distance"}
	return b.load(ctx, "scorecard_programs", cols, len(rows), func(i int) []any {
		r := rows[i]
		return []any{r.UnitID, r.Institution, r.CIP, r.CIPDesc, r.CredLevel, r.CredDesc, r.DebtMedian, r.EarnMedian1Yr, r.Distance}
	})
}

// jsonOf is v as a jsonb value.
func jsonOf(v any) []byte {
	j, _ := json.Marshal(v)
	return j
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
