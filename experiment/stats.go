package experiment

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// Defaults of the analysis, as ML-NOTES.md gives them.
const (
	// Alpha is the significance level of the tests.
	Alpha = 0.05
	// SRMAlpha is the level at which a sample-ratio mismatch is flagged:
	// stricter than Alpha because a false flag discards a whole experiment.
	SRMAlpha = 0.001
	// SRMMinUnits is the number of units every arm needs before the
	// sample-ratio check is made (the chi-square approximation needs
	// expected counts that are not tiny).
	SRMMinUnits = 8
)

// SRMResult is a sample-ratio-mismatch check: a chi-square goodness of fit
// of the units per arm against the arms' weights.
type SRMResult struct {
	ChiSquare float64 `json:"chi_square"`
	DF        int     `json:"df"`
	P         float64 `json:"p"`
	// Checked is false while some arm has fewer than SRMMinUnits units;
	// then Mismatch is false whatever P says.
	Checked bool `json:"checked"`
	// Mismatch is Checked and P < SRMAlpha: assignment or exposure logging
	// is broken, and the experiment's results cannot be trusted.
	Mismatch bool `json:"mismatch"`
}

// SRM checks units per arm against weights (any positive scale, for
// instance basis points):
//
//	Eᵢ = N·wᵢ/Σw,  χ² = Σᵢ (Oᵢ − Eᵢ)²/Eᵢ,  df = arms − 1,  p = P(χ²_df ≥ χ²)
//
// Arms with weight 0 are left out of the test; if any of them has units,
// assignment is certainly broken and the result is a mismatch with p = 0.
// It panics if the slices differ in length.
func SRM(units []uint64, weights []int) SRMResult {
	if len(units) != len(weights) {
		panic("experiment: SRM with different numbers of arms and weights")
	}
	var n, w float64
	arms := 0
	for i := range units {
		if weights[i] <= 0 {
			if units[i] > 0 {
				return SRMResult{ChiSquare: math.MaxFloat64, P: 0, Checked: true, Mismatch: true}
			}
			continue
		}
		n += float64(units[i])
		w += float64(weights[i])
		arms++
	}
	r := SRMResult{DF: arms - 1, P: 1, Checked: arms >= 2}
	if arms < 2 || n == 0 {
		r.Checked = false
		return r
	}
	for i := range units {
		if weights[i] <= 0 {
			continue
		}
		e := n * float64(weights[i]) / w
		d := float64(units[i]) - e
		r.ChiSquare += d * d / e
		if units[i] < SRMMinUnits {
			r.Checked = false
		}
	}
	r.P = distuv.ChiSquared{K: float64(r.DF)}.Survival(r.ChiSquare)
	r.Mismatch = r.Checked && r.P < SRMAlpha
	return r
}

// Interval is an estimate with a confidence interval.
type Interval struct {
	Estimate float64 `json:"estimate"`
	Low      float64 `json:"low"`
	High     float64 `json:"high"`
}

// ZTest is a fixed-horizon two-proportion z-test of a treatment against the
// control. Its p-value is valid only when read once, at the planned sample
// size.
type ZTest struct {
	ControlRate   float64 `json:"control_rate"`
	TreatmentRate float64 `json:"treatment_rate"`
	// Diff is treatment rate − control rate with its confidence interval.
	Diff Interval `json:"diff"`
	// Lift is the relative lift, treatment/control − 1, with its
	// delta-method interval; nil when the control rate is 0.
	Lift        *Interval `json:"lift,omitempty"`
	Z           float64   `json:"z"`
	P           float64   `json:"p"`
	Significant bool      `json:"significant"` // P < α
}

// TwoProportion tests xB/nB (treatment) against xA/nA (control) at level
// alpha, in the textbook form:
//
//	p̂ = (xA+xB)/(nA+nB),  z = (p̂B − p̂A) / √(p̂(1−p̂)(1/nA + 1/nB)),  p = 2·(1 − Φ(|z|))
//
// The test uses the pooled standard error (the null hypothesis says both
// rates are equal); the confidence interval of the difference uses the
// unpooled one, √(p̂A(1−p̂A)/nA + p̂B(1−p̂B)/nB), since it does not assume
// the null. The relative lift L = p̂B/p̂A − 1 gets a delta-method interval
// with Var(L) ≈ Var(p̂B)/p̂A² + p̂B²·Var(p̂A)/p̂A⁴ (the arms are independent).
// Intervals are two-sided at 1 − alpha. When no unit or every unit
// converted in both arms, z is 0 and p is 1.
func TwoProportion(xA, nA, xB, nB uint64, alpha float64) (ZTest, error) {
	if err := checkCounts(xA, nA, xB, nB); err != nil {
		return ZTest{}, err
	}
	if !(alpha > 0 && alpha < 1) {
		return ZTest{}, fmt.Errorf("experiment: alpha %v outside (0, 1)", alpha)
	}
	pA, pB := float64(xA)/float64(nA), float64(xB)/float64(nB)
	varA, varB := pA*(1-pA)/float64(nA), pB*(1-pB)/float64(nB)
	pooled := float64(xA+xB) / float64(nA+nB)
	se0 := math.Sqrt(pooled * (1 - pooled) * (1/float64(nA) + 1/float64(nB)))
	r := ZTest{ControlRate: pA, TreatmentRate: pB, P: 1}
	if se0 > 0 {
		r.Z = (pB - pA) / se0
		r.P = math.Erfc(math.Abs(r.Z) / math.Sqrt2)
	}
	r.Significant = r.P < alpha
	q := zQuantile(alpha)
	d, se := pB-pA, math.Sqrt(varA+varB)
	r.Diff = Interval{Estimate: d, Low: d - q*se, High: d + q*se}
	if pA > 0 {
		l := pB/pA - 1
		seL := math.Sqrt(varB/(pA*pA) + pB*pB*varA/(pA*pA*pA*pA))
		r.Lift = &Interval{Estimate: l, Low: l - q*seL, High: l + q*seL}
	}
	return r, nil
}

// zQuantile returns Φ⁻¹(1 − alpha/2), 1.959964 for alpha = 0.05.
func zQuantile(alpha float64) float64 {
	return distuv.UnitNormal.Quantile(1 - alpha/2)
}

func checkCounts(xA, nA, xB, nB uint64) error {
	if nA == 0 || nB == 0 {
		return errors.New("experiment: an arm has no units")
	}
	if xA > nA || xB > nB {
		return errors.New("experiment: more conversions than units")
	}
	return nil
}

// SequentialResult is the always-valid test of a treatment against the
// control: its p-value and confidence sequence may be read after every unit
// without inflating the error rate.
type SequentialResult struct {
	Tau float64 `json:"tau"` // mixing standard deviation
	// Lambda is the mixture likelihood ratio at this look.
	Lambda float64 `json:"lambda"`
	// P is the always-valid p-value: the smallest 1/Λ over all looks so far.
	P float64 `json:"p"`
	// Diff is treatment rate − control rate with a 1 − α confidence
	// sequence: an interval that covers the true difference at all looks
	// simultaneously with probability 1 − α.
	Diff        Interval `json:"diff"`
	Significant bool     `json:"significant"` // P ≤ α
}

// MSPRT runs the mixture sequential probability ratio test of Johari,
// Koomen, Pekelis and Walsh ("Peeking at A/B tests", KDD 2017, and "Always
// valid inference", Operations Research 2022) for the difference of two
// proportions, with the normal approximation and a normal mixing
// distribution N(0, τ²) over the true difference θ:
//
//	θ̂ = p̂B − p̂A,  V = p̂(1−p̂)(1/nA + 1/nB)  (pooled, as in the z-test)
//	Λ = √(V/(V+τ²)) · exp( τ²θ̂² / (2V(V+τ²)) )
//	p = min(prevP, 1/Λ),  reject H₀: θ = 0 when p ≤ α
//
// Λ is a nonnegative martingale under H₀, so by Ville's inequality
// P(Λ ever ≥ 1/α) ≤ α: the test may be read every day, or after every unit.
// τ is the mixing parameter: any τ > 0 keeps the guarantee, and power is
// best against differences of about τ, so set it to the smallest difference
// worth detecting (Plan uses the minimum detectable effect).
//
// prevP is the always-valid p-value of the previous look of the same phase
// (1, or 0 meaning none, at the first look). The confidence sequence inverts
// the test with the unpooled variance Vᵤ = p̂A(1−p̂A)/nA + p̂B(1−p̂B)/nB:
//
//	θ̂ ± √( Vᵤ(Vᵤ+τ²)/τ² · (ln((Vᵤ+τ²)/Vᵤ) − 2 ln α) )
//
// It is the interval at this look only; intersecting it with earlier ones is
// also valid and is left to the caller that keeps the history.
func MSPRT(xA, nA, xB, nB uint64, tau, alpha, prevP float64) (SequentialResult, error) {
	if err := checkCounts(xA, nA, xB, nB); err != nil {
		return SequentialResult{}, err
	}
	if !(tau > 0) || math.IsInf(tau, 0) {
		return SequentialResult{}, fmt.Errorf("experiment: mixing parameter τ = %v, want > 0", tau)
	}
	if !(alpha > 0 && alpha < 1) {
		return SequentialResult{}, fmt.Errorf("experiment: alpha %v outside (0, 1)", alpha)
	}
	if !(prevP > 0 && prevP <= 1) {
		prevP = 1
	}
	pA, pB := float64(xA)/float64(nA), float64(xB)/float64(nB)
	pooled := float64(xA+xB) / float64(nA+nB)
	v := pooled * (1 - pooled) * (1/float64(nA) + 1/float64(nB))
	theta := pB - pA
	t2 := tau * tau
	r := SequentialResult{Tau: tau, P: prevP}
	if v > 0 {
		// In logs: the exponent grows without bound on strong evidence.
		logL := 0.5*math.Log(v/(v+t2)) + t2*theta*theta/(2*v*(v+t2))
		r.Lambda = math.Exp(logL)
		r.P = min(prevP, math.Exp(-logL))
	}
	r.Significant = r.P <= alpha
	vu := pA*(1-pA)/float64(nA) + pB*(1-pB)/float64(nB)
	half := math.Inf(1)
	if vu > 0 {
		half = math.Sqrt(vu * (vu + t2) / t2 * (math.Log((vu+t2)/vu) - 2*math.Log(alpha)))
	}
	r.Diff = Interval{Estimate: theta, Low: max(theta-half, -1), High: min(theta+half, 1)}
	return r, nil
}

// SampleSize returns the units per arm that a two-sided two-proportion
// z-test at level alpha needs to detect an absolute difference mde from the
// baseline rate with the given power (Fleiss, without continuity
// correction):
//
//	n = ( z₁₋α/₂·√(2p̄(1−p̄)) + z_power·√(p₁(1−p₁) + p₂(1−p₂)) )² / mde²
//
// with p₁ = baseline, p₂ = baseline + mde and p̄ their mean.
func SampleSize(baseline, mde, alpha, power float64) (uint64, error) {
	p1, p2 := baseline, baseline+mde
	if !(p1 > 0 && p1 < 1 && p2 > 0 && p2 < 1 && mde != 0) {
		return 0, fmt.Errorf("experiment: baseline %v and effect %v must give two distinct rates in (0, 1)", baseline, mde)
	}
	if !(alpha > 0 && alpha < 1 && power > 0 && power < 1) {
		return 0, errors.New("experiment: alpha and power must be in (0, 1)")
	}
	pbar := (p1 + p2) / 2
	a := zQuantile(alpha) * math.Sqrt(2*pbar*(1-pbar))
	b := distuv.UnitNormal.Quantile(power) * math.Sqrt(p1*(1-p1)+p2*(1-p2))
	return uint64(math.Ceil((a + b) * (a + b) / (mde * mde))), nil
}
