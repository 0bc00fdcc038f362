package drift

import (
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// PSIEpsilon replaces a zero bin proportion in PSI, whose terms
// (q−p)·ln(q/p) are infinite when either side is empty. It is Evidently's
// value (psi_stat_test: np.place(percents, percents == 0, 0.0001)), applied
// to the proportions of both histograms without renormalising.
const PSIEpsilon = 0.0001

// ChiSquareEpsilon is the reference proportion given to a bin that is empty
// in the reference but not in the current window, before the reference
// proportions are renormalised. Without it the expected count is 0 and χ² is
// infinite (Evidently then reports p = 0); with it, a handful of values in a
// bin the reference never saw is still strong evidence of drift, but finite.
const ChiSquareEpsilon = 0.0001

// proportions returns counts/Σcounts. It panics if the slices differ in
// length, which is a programming error, and returns nil if a total is not
// positive.
func proportions(ref, cur []float64) (p, q []float64) {
	if len(ref) != len(cur) {
		panic("drift: histograms with different numbers of bins")
	}
	return normalize(ref), normalize(cur)
}

func normalize(c []float64) []float64 {
	var n float64
	for _, x := range c {
		n += x
	}
	if !(n > 0) {
		return nil
	}
	p := make([]float64, len(c))
	for i, x := range c {
		p[i] = x / n
	}
	return p
}

// PSI returns the population stability index of the current counts against
// the reference counts:
//
//	PSI = Σᵢ (qᵢ − pᵢ) · ln(qᵢ / pᵢ)
//
// where p and q are the reference and current proportions, a zero proportion
// on either side being replaced by PSIEpsilon. Conventional reading: < 0.1
// stable, 0.1–0.25 moderate shift, ≥ 0.25 major shift. It panics if the
// slices differ in length and returns NaN if either total is zero.
func PSI(ref, cur []float64) float64 {
	p, q := proportions(ref, cur)
	if p == nil || q == nil {
		return math.NaN()
	}
	var s float64
	for i := range p {
		a, b := max(p[i], 0), max(q[i], 0)
		if a == 0 {
			a = PSIEpsilon
		}
		if b == 0 {
			b = PSIEpsilon
		}
		s += (b - a) * math.Log(b/a)
	}
	return s
}

// JSDistance returns the Jensen–Shannon distance between the reference and
// current distributions, with the natural logarithm, as
// scipy.spatial.distance.jensenshannon (which Evidently uses) computes it:
//
//	m = (p + q)/2,  JSD = ½ Σ pᵢ ln(pᵢ/mᵢ) + ½ Σ qᵢ ln(qᵢ/mᵢ),  distance = √JSD
//
// Terms with a zero proportion are zero, so no epsilon is needed. The
// distance lies in [0, √ln 2 ≈ 0.8326]. It panics if the slices differ in
// length and returns NaN if either total is zero.
func JSDistance(ref, cur []float64) float64 {
	p, q := proportions(ref, cur)
	if p == nil || q == nil {
		return math.NaN()
	}
	var s float64
	for i := range p {
		m := (p[i] + q[i]) / 2
		if p[i] > 0 {
			s += p[i] * math.Log(p[i]/m)
		}
		if q[i] > 0 {
			s += q[i] * math.Log(q[i]/m)
		}
	}
	return math.Sqrt(max(s/2, 0))
}

// Hellinger returns the Hellinger distance between the reference and
// current distributions, as Evidently's hellinger_stat_test computes it:
//
//	H = √( ½ Σᵢ (√pᵢ − √qᵢ)² )
//
// which lies in [0, 1]. It panics if the slices differ in length and returns
// NaN if either total is zero.
func Hellinger(ref, cur []float64) float64 {
	p, q := proportions(ref, cur)
	if p == nil || q == nil {
		return math.NaN()
	}
	var s float64
	for i := range p {
		d := math.Sqrt(p[i]) - math.Sqrt(q[i])
		s += d * d
	}
	return math.Sqrt(s / 2)
}

// ChiSquareResult is the outcome of a chi-square test.
type ChiSquareResult struct {
	Stat float64 `json:"stat"`
	DF   int     `json:"df"`
	P    float64 `json:"p"`
}

// ChiSquare tests the current counts against the reference proportions
// (goodness of fit, as Evidently's chi_stat_test and scipy.stats.chisquare
// do): with pᵢ the reference proportions and n the current total,
//
//	χ² = Σᵢ (oᵢ − n·pᵢ)² / (n·pᵢ),  df = bins − 1,  p = P(χ²_df ≥ χ²)
//
// Bins empty in both histograms are left out (they carry no information and
// do not count towards df, as Evidently only tests categories present in
// either). A bin empty in the reference only gets ChiSquareEpsilon and the
// reference proportions are renormalised. With fewer than two bins left, χ²
// is 0 with df 0 and p = 1. It panics if the slices differ in length and
// returns a NaN statistic and p-value if either total is zero.
func ChiSquare(ref, cur []float64) ChiSquareResult {
	p, _ := proportions(ref, cur)
	var n float64
	for _, c := range cur {
		n += c
	}
	if p == nil || !(n > 0) {
		return ChiSquareResult{Stat: math.NaN(), P: math.NaN()}
	}
	var kept []int
	var sum float64
	for i := range p {
		if p[i] == 0 && cur[i] == 0 {
			continue
		}
		if p[i] == 0 {
			p[i] = ChiSquareEpsilon
		}
		kept = append(kept, i)
		sum += p[i]
	}
	if len(kept) < 2 {
		return ChiSquareResult{P: 1}
	}
	var x2 float64
	for _, i := range kept {
		e := n * p[i] / sum
		d := cur[i] - e
		x2 += d * d / e
	}
	df := len(kept) - 1
	return ChiSquareResult{Stat: x2, DF: df, P: ChiSquareSurvival(x2, df)}
}

// ChiSquareSurvival returns P(X ≥ x) for X chi-square distributed with df
// degrees of freedom (the regularized upper incomplete gamma function
// Q(df/2, x/2), from gonum).
func ChiSquareSurvival(x float64, df int) float64 {
	if df < 1 {
		return math.NaN()
	}
	return distuv.ChiSquared{K: float64(df)}.Survival(x)
}

// KSResult is the outcome of a two-sample Kolmogorov–Smirnov test.
type KSResult struct {
	D float64 `json:"d"` // largest gap between the two empirical CDFs
	Z float64 `json:"z"` // D·√(n·m/(n+m))
	P float64 `json:"p"` // KolmogorovQ(Z)
}

// KS returns the two-sample Kolmogorov–Smirnov statistic of two numeric
// histograms with the same bins, and its asymptotic p-value:
//
//	D = maxᵢ |F_ref(i) − F_cur(i)|,  z = D·√(n·m/(n+m)),  p = Q(z)
//
// where F(i) is the cumulative share up to the upper edge of bin i, n and m
// are the totals, and Q is KolmogorovQ (no small-sample correction). Binning
// hides differences within a bin, so D is at most the D of the raw samples
// and the test is conservative: it can miss drift that the raw data would
// show, but its false alarms stay within the nominal level. It panics if the
// slices differ in length and returns NaNs if either total is zero.
func KS(ref, cur []float64) KSResult {
	p, q := proportions(ref, cur)
	if p == nil || q == nil {
		return KSResult{D: math.NaN(), Z: math.NaN(), P: math.NaN()}
	}
	var n, m float64
	for i := range ref {
		n += ref[i]
		m += cur[i]
	}
	var fp, fq, d float64
	for i := range p {
		fp += p[i]
		fq += q[i]
		d = max(d, math.Abs(fp-fq))
	}
	z := d * math.Sqrt(n*m/(n+m))
	return KSResult{D: d, Z: z, P: KolmogorovQ(z)}
}

// KolmogorovQ returns the survival function of the Kolmogorov distribution,
// the asymptotic p-value of a KS statistic scaled to z:
//
//	Q(z) = 2 Σ_{k≥1} (−1)^(k−1) e^(−2k²z²)
//
// For z < 1.18 the alternating series converges slowly, so the equivalent
// Jacobi-theta form 1 − (√(2π)/z) Σ_{k≥1} e^(−(2k−1)²π²/(8z²)) is summed
// instead (Numerical Recipes, 3rd ed., §6.14). Q(1.36) ≈ 0.0495 and
// Q(1.63) ≈ 0.0098 are the familiar 5% and 1% critical points.
func KolmogorovQ(z float64) float64 {
	switch {
	case math.IsNaN(z):
		return math.NaN()
	case z <= 0:
		return 1
	case z < 1.18:
		var s float64
		for k := 1; k <= 20; k++ {
			t := math.Exp(-float64((2*k-1)*(2*k-1)) * math.Pi * math.Pi / (8 * z * z))
			s += t
			if t < 1e-17*s {
				break
			}
		}
		return clamp01(1 - math.Sqrt(2*math.Pi)/z*s)
	default:
		var s float64
		sign := 1.0
		for k := 1; k <= 100; k++ {
			t := math.Exp(-2 * float64(k*k) * z * z)
			s += sign * t
			if t < 1e-17*math.Abs(s) {
				break
			}
			sign = -sign
		}
		return clamp01(2 * s)
	}
}

func clamp01(x float64) float64 { return min(max(x, 0), 1) }

// WassersteinNormed returns the first Wasserstein (earth mover's) distance
// between two numeric histograms with the given edges, divided by the
// standard deviation of the reference (at least 0.001), as Evidently's
// wasserstein_distance_norm defines it (drift at ≥ 0.1: a shift of a tenth of
// a standard deviation).
//
// Raw values are not kept, so each bin's mass sits at a representative
// point: an inner bin's midpoint, and for the two open-ended outer bins the
// midpoint they would have if they were as wide as their inner neighbour.
// Then W₁ = Σᵢ |F_ref(i) − F_cur(i)|·(xᵢ₊₁ − xᵢ), and the reference standard
// deviation is computed on the same points. This approximates the raw-data
// value to within about a bin width; mass beyond the training range is
// placed near the outer edges, so shifts far outside it are understated
// (Jensen–Shannon distance catches them). It returns NaN with fewer than two
// edges (no inner bin to size the outer ones) or a zero total, and panics if
// the slices do not have len(edges)+1 bins.
func WassersteinNormed(edges, ref, cur []float64) float64 {
	if len(ref) != len(edges)+1 || len(cur) != len(edges)+1 {
		panic("drift: histograms with different numbers of bins")
	}
	p, q := proportions(ref, cur)
	if p == nil || q == nil || len(edges) < 2 {
		return math.NaN()
	}
	x := representatives(edges)
	var mean float64
	for i := range p {
		mean += p[i] * x[i]
	}
	var variance float64
	for i := range p {
		d := x[i] - mean
		variance += p[i] * d * d
	}
	var fp, fq, w float64
	for i := 0; i < len(p)-1; i++ {
		fp += p[i]
		fq += q[i]
		w += math.Abs(fp-fq) * (x[i+1] - x[i])
	}
	return w / max(math.Sqrt(variance), 0.001)
}

// representatives returns the point at which each bin's mass is placed (see
// WassersteinNormed); len(edges) ≥ 2.
func representatives(edges []float64) []float64 {
	k := len(edges) + 1
	x := make([]float64, k)
	for i := 1; i < k-1; i++ {
		x[i] = (edges[i-1] + edges[i]) / 2
	}
	x[0] = edges[0] - (edges[1]-edges[0])/2
	x[k-1] = edges[k-2] + (edges[k-2]-edges[k-3])/2
	return x
}
