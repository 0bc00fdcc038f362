package careerpath

import (
	"math"
	"testing"
)

// TestPaybackByHand works Georgia Tech's bachelor's in computer and
// information sciences by hand, with the figures of the bundled data:
// tuition and fees $11,764 in-state and $32,876 out-of-state (IPEDS
// 2023-24), median earnings 1 year after $95,317 and average debt $20,140
// (Scorecard), against a baseline of $46,370.
//
//	total cost, Georgian: 4 typical years × $11,764 = $47,056
//	premium: $95,317 − $46,370 = $48,947 a year
//	payback: $47,056 ÷ $48,947 = 0.961 years
//	total cost, Texan: 4 × $32,876 = $131,504 → 2.687 years
//	debt to earnings: $20,140 ÷ $95,317 = 0.211
func TestPaybackByHand(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	bachelor, _ := FindAwardLevel(AwardBachelor)
	p := &Program{Award: bachelor, Earnings1Yr: f(95317), MeanDebt: f(20140), Institution: Institution{UnitID: 139755, State: "GA",
		Control: ControlPublic, TuitionInState: f(11764), TuitionOutOfState: f(32876)}}
	base := &Stat{Value: 46370, Unit: UnitUSD}
	for _, tt := range []struct {
		resident string
		years    float64
	}{{"GA", 47056.0 / 48947.0}, {"TX", 131504.0 / 48947.0}, {"", 131504.0 / 48947.0}} {
		pb := p.PaybackFor(p.CostFor(tt.resident), base)
		if pb.Years == nil || math.Abs(pb.Years.Value-tt.years) > 1e-12 {
			t.Fatalf("payback for %q = %+v, want %.4f years", tt.resident, pb.Years, tt.years)
		}
		if pb.Premium.Value != 48947 || math.Abs(pb.DebtToEarning.Value-20140.0/95317.0) > 1e-12 {
			t.Errorf("premium %v, debt to earnings %v; want 48947 and 0.211", pb.Premium.Value, pb.DebtToEarning.Value)
		}
	}
	if got := p.PaybackFor(p.CostFor("GA"), base).Years.Method; got != "estimated total cost $47056 (institution's undergraduate tuition and fees, in-state, 2023-24 × 4 years) ÷ earnings premium $48947 a year = 1.0 years; before taxes, interest, living costs and aid" {
		t.Errorf("method = %q", got)
	}
	low := &Program{Award: bachelor, Earnings1Yr: f(40000), Institution: p.Institution}
	if pb := low.PaybackFor(low.CostFor("GA"), base); pb.Years != nil || pb.Why == "" {
		t.Errorf("earnings under the baseline: payback %+v, want none with a reason", pb)
	}
	if _, ok := PaybackYears(1000, 46370, 46370); ok {
		t.Error("PaybackYears with no premium reports a payback")
	}
}
