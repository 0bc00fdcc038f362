package classify

import (
	"math"
	"math/rand/v2"
	"runtime"
	"testing"

	"golang.org/x/sys/cpu"
)

// TestExpIsMathExp checks that exp gives math.Exp's bits: on arguments
// across float64's range, on the softmax's (a few units below zero) and
// on the special values.
func TestExpIsMathExp(t *testing.T) {
	t.Logf("exp computes math.Exp itself: %v", expInline)
	xs := []float64{0, math.Copysign(0, -1), 1, -1, math.Inf(1), math.Inf(-1), math.NaN(),
		expRange, -expRange, math.Nextafter(expRange, 1000), math.Nextafter(-expRange, -1000),
		709.782712893384, 709.79, -745.13, -745.2, -708.4, -740, 1e-300, -1e-300, 5e-324,
		math.MaxFloat64, -math.MaxFloat64, math.Ln2, -math.Ln2, 0.5 * math.Ln2, -0.5 * math.Ln2}
	r := rand.New(rand.NewPCG(1, 2))
	for range 1 << 19 {
		xs = append(xs, (r.Float64()*2-1)*750, -r.Float64()*20, (r.Float64()*2-1)*1e-6)
	}
	bad := 0
	for _, x := range xs {
		got, want := exp(x), math.Exp(x)
		if math.Float64bits(got) != math.Float64bits(want) && !(math.IsNaN(got) && math.IsNaN(want)) {
			if bad++; bad <= 5 {
				t.Errorf("exp(%v) = %v (%#x), want math.Exp's %v (%#x)", x, got, math.Float64bits(got), want, math.Float64bits(want))
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d of %d arguments differ", bad, len(xs))
	}
}

// TestExpInlineOnAMD64 checks that exp does compute math.Exp itself on
// amd64 with FMA, so that a start-up check that fails (and quietly falls
// back to math.Exp, as slow as before) shows as a failure here.
func TestExpInlineOnAMD64(t *testing.T) {
	if runtime.GOARCH != "amd64" || !cpu.X86.HasAVX || !cpu.X86.HasFMA {
		t.Skip("math.Exp is not the FMA assembly here: exp calls it")
	}
	if !expInline {
		t.Fatal("expFMA differs from math.Exp on amd64 with FMA: has math/exp_amd64.s changed?")
	}
}
