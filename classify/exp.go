package classify

import (
	"math"
	"runtime"

	"golang.org/x/sys/cpu"
)

// exp is math.Exp, to the bit, for the softmax of a prediction: its
// denominator takes one exponential for every class a name touches (some
// 500 of them), and math.Exp's call to its assembly was half the time of
// classifying an entry. On amd64 with FMA, math.Exp runs Go's assembly
// (math/exp_amd64.s, its FMA path, from Shibata's SLEEF); expFMA performs
// the same operations in the same order in Go, which the compiler keeps
// in registers between iterations of the softmax loop, and so gives the
// same bits about twice as fast. Elsewhere, or when a check at start-up
// finds a single difference (a Go release that changes its assembly),
// exp calls math.Exp. Predictions are therefore the same as with
// math.Exp on every platform: TestExpIsMathExp checks it.
func exp(x float64) float64 {
	if expInline && -expRange <= x && x <= expRange {
		return expFMA(x)
	}
	return math.Exp(x)
}

// expRange bounds the arguments expFMA reads: within it the result is a
// normal number, so the assembly's branches for infinities, NaN,
// overflow and subnormal results are never taken.
const expRange = 700

// expInline reports whether exp computes math.Exp's bits itself.
var expInline = runtime.GOARCH == "amd64" && cpu.X86.HasAVX && cpu.X86.HasFMA && expAgrees()

// expFMA is math/exp_amd64.s on its FMA path, for |x| ≤ expRange: the
// exponent k = round(x·log2 e), the reduction x − k·ln 2 in two fused
// steps, a Taylor series of e^(x/16) less 1, squared four times, and the
// result scaled by 2^k.
func expFMA(x float64) float64 {
	const (
		log2e = 1.4426950408889634073599246810018920
		ln2U  = 0.69314718055966295651160180568695068359375
		ln2L  = 0.28235290563031577122588448175013436025525412068e-12
	)
	k := math.RoundToEven(x * log2e) // CVTSD2SL rounds to nearest even
	x = math.FMA(-k, ln2U, x)
	x = math.FMA(-k, ln2L, x)
	x *= 0.0625
	p := 2.4801587301587301587e-5
	p = math.FMA(p, x, 1.9841269841269841270e-4)
	p = math.FMA(p, x, 1.3888888888888888889e-3)
	p = math.FMA(p, x, 8.3333333333333333333e-3)
	p = math.FMA(p, x, 4.1666666666666666667e-2)
	p = math.FMA(p, x, 1.6666666666666666667e-1)
	p = math.FMA(p, x, 0.5)
	p = math.FMA(p, x, 1.0)
	x *= p // e^(x/16) − 1
	// (e^y − 1)·(e^y − 1 + 2) = e^2y − 1, four times: e^x − 1, then + 1.
	x *= x + 2
	x *= x + 2
	x *= x + 2
	x = math.FMA(x, x+2, 1)
	return x * math.Float64frombits(uint64(int64(k)+1023)<<52)
}

// expAgrees compares expFMA with math.Exp on arguments across its range,
// spread so that every exponent k and many reductions within each are
// tried.
func expAgrees() bool {
	const n = 1 << 12
	for i := range n {
		x := -expRange + 2*expRange*(float64(i)+0.5)/n
		if math.Float64bits(expFMA(x)) != math.Float64bits(math.Exp(x)) {
			return false
		}
		// Small arguments, the softmax's: a few units below zero.
		x = -16 + 16*float64(i)/n + 1e-7*float64(i%7)
		if math.Float64bits(expFMA(x)) != math.Float64bits(math.Exp(x)) {
			return false
		}
	}
	return true
}
