package experiment

import (
	"math"
	"testing"
)

// TestSampleSizeReference checks SampleSize against published values: the
// examples in R's documentation of power.prop.test (package stats), which
// solves the same equation (two-sided, no continuity correction,
// strict = FALSE):
//
//	power.prop.test(p1 = .50, p2 = .75, power = .90)  ## =>  n = 76.7
//	power.prop.test(n = 50, p1 = .5, power = .90)     ## => p2 = 0.8026
//
// SampleSize rounds up to whole units; R's p2 is rounded to 4 digits, so
// at p2 = 0.8026 the exact n is 50.01, which rounds up to 51.
func TestSampleSizeReference(t *testing.T) {
	for _, tc := range []struct {
		baseline, mde, alpha, power float64
		want                        uint64
	}{
		{0.50, 0.25, 0.05, 0.90, 77},
		{0.50, 0.3026, 0.05, 0.90, 51},
		{0.10, 0.02, 0.05, 0.80, 3841}, // the defaults of a phase (track.PlanInput): n = 3840.85 by the same equation
	} {
		got, err := SampleSize(tc.baseline, tc.mde, tc.alpha, tc.power)
		if err != nil || got != tc.want {
			t.Errorf("SampleSize(%g, %g, %g, %g) = %d, %v; want %d", tc.baseline, tc.mde, tc.alpha, tc.power, got, err, tc.want)
		}
	}
}

func TestEstimatePhase(t *testing.T) {
	e, err := EstimatePhase(0.10, 0.02, []int{5000, 5000}, 1000)
	if err != nil {
		t.Fatal(err)
	}
	// 3841 per arm; half the traffic each: 3841 / 500 a day.
	if e.UnitsPerArm != 3841 || e.Units != 7682 || math.Abs(e.Days-7.682) > 1e-9 || e.Alpha != 0.05 || e.Power != 0.8 {
		t.Errorf("EstimatePhase(even split, 1000 a day) = %+v", e)
	}
	// A 10 % treatment arm sets the pace: 3841 / 100 a day.
	e, _ = EstimatePhase(0.10, 0.02, []int{9000, 1000}, 1000)
	if e.Units != 38410 || math.Abs(e.Days-38.41) > 1e-9 {
		t.Errorf("EstimatePhase(90/10) = %+v, want 38,410 units in 38.41 days", e)
	}
	if e, _ := EstimatePhase(0.10, 0.02, []int{5000, 5000}, 0); e.Days != 0 {
		t.Errorf("unknown traffic: %g days, want 0 (unknown)", e.Days)
	}
	for _, w := range [][]int{{10000}, {0, 5000}, {6000, 6000}} {
		if _, err := EstimatePhase(0.10, 0.02, w, 100); err == nil {
			t.Errorf("EstimatePhase with weights %v succeeded", w)
		}
	}
}
