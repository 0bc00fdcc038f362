package careerpath

import "fmt"

// UnitYears is the unit of a Stat counted in years (payback).
const UnitYears = "years"

// SortPayback orders programs by the years their earnings premium takes
// to repay the estimated total cost, quickest first; programs without a
// payback (no earnings reported, no premium, no tuition) last.
const SortPayback = "payback"

// PaybackYears returns the years of earnings premium that repay a total
// cost: cost ÷ (earnings − baseline), and false where the earnings do not
// exceed the baseline (no premium: never repaid on this measure). Every
// implementation of ProgramService computes it with this function, in
// this order of operations, so that they agree at a filter's bound.
func PaybackYears(totalCost, earnings, baseline float64) (float64, bool) {
	premium := earnings - baseline
	if !(premium > 0) {
		return 0, false
	}
	return totalCost / premium, true
}

// Payback is what a program's earnings say about its price for one
// student, each figure a Stat with its method: the earnings premium over
// the baseline, the years of premium that repay the estimated total cost,
// and the debt-to-earnings ratio where the Scorecard reports debt. Nil
// figures are not known.
type Payback struct {
	Baseline      *Stat `json:"baseline"`
	Premium       *Stat `json:"premium,omitempty"`
	Years         *Stat `json:"years,omitempty"`
	DebtToEarning *Stat `json:"debt_to_earnings,omitempty"`
	// Why says, where Years is nil, why there is no payback; Short says
	// it in a few words, for a card.
	Why   string `json:"why,omitempty"`
	Short string `json:"-"`
}

// PaybackFor returns the program's payback for the cost, against the
// baseline (nil: no payback figures at all).
func (p *Program) PaybackFor(c *ProgramCost, baseline *Stat) *Payback {
	if baseline == nil {
		return nil
	}
	out := &Payback{Baseline: baseline}
	if p.Earnings1Yr == nil {
		out.Why = "no earnings reported for this program (the College Scorecard reports bachelor's programs only, where enough graduates were found)"
		out.Short = "no earnings reported"
		return out
	}
	earn, base := *p.Earnings1Yr, baseline.Value
	scorecard := Provenance{Source: "scorecard-fos", SourceTitle: "College Scorecard field of study, bachelor's degrees: median earnings and debt", AsOf: "2023-09 release"}
	prem := scorecard
	prem.Method = fmt.Sprintf("median earnings 1 year after completion $%.0f − baseline $%.0f (%s)", earn, base, baseline.Method)
	out.Premium = &Stat{Provenance: prem, Value: earn - base, Unit: UnitUSD, Derived: true}
	if p.MeanDebt != nil && earn > 0 {
		d := scorecard
		d.Method = fmt.Sprintf("average debt $%.0f ÷ median earnings 1 year after $%.0f", *p.MeanDebt, earn)
		out.DebtToEarning = &Stat{Provenance: d, Value: *p.MeanDebt / earn, Unit: "ratio", Derived: true}
	}
	switch {
	case c == nil || c.Total.Amount == nil:
		out.Why, out.Short = "no total cost estimate (tuition not reported)", "tuition not reported"
	default:
		years, ok := PaybackYears(*c.Total.Amount, earn, base)
		if !ok {
			out.Why = "earnings 1 year after are not above the baseline: no premium to repay the cost with"
			out.Short = "earnings not above the baseline"
			return out
		}
		y := scorecard
		y.Method = fmt.Sprintf("estimated total cost $%.0f (%s × %s years) ÷ earnings premium $%.0f a year = %.1f years; before taxes, interest, living costs and aid",
			*c.Total.Amount, c.Tuition.Label(), trimZero(c.Total.Years), earn-base, years)
		out.Years = &Stat{Provenance: y, Value: years, Unit: UnitYears, Derived: true}
	}
	return out
}
