package experiment

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
)

func near(got, want, tol float64) bool { return math.Abs(got-want) <= tol }

// The sample-ratio-mismatch reference values of ML-NOTES.md.
func TestSRMFrozen(t *testing.T) {
	r := SRM([]uint64{502, 498}, []int{5000, 5000})
	t.Logf("SRM [502 498] 50/50: computed χ² = %.9g, p = %.16g; frozen p = 0.8993431885613663", r.ChiSquare, r.P)
	if !near(r.ChiSquare, 0.016, 1e-12) || r.DF != 1 || !near(r.P, 0.8993431885613663, 1e-6) || !r.Checked || r.Mismatch {
		t.Errorf("SRM([502 498], 50/50) = %+v, want χ² 0.016, p 0.8993431885613663, checked, no mismatch", r)
	}
	r = SRM([]uint64{600, 400}, []int{5000, 5000})
	t.Logf("SRM [600 400] 50/50: computed χ² = %.9g, p = %.6g; frozen χ² = 40, p ≈ 2.5396e-10", r.ChiSquare, r.P)
	if !near(r.ChiSquare, 40, 1e-9) || r.DF != 1 || math.Abs(r.P-2.5396e-10)/2.5396e-10 > 1e-4 || !r.Mismatch {
		t.Errorf("SRM([600 400], 50/50) = %+v, want χ² 40, p 2.5396e-10 (rel. 1e-4), mismatch", r)
	}
}

func TestSRMRules(t *testing.T) {
	tests := []struct {
		units            []uint64
		weights          []int
		checked, flagged bool
	}{
		{[]uint64{7, 30}, []int{5000, 5000}, false, false},   // an arm under 8 units: not checked
		{[]uint64{8, 40}, []int{5000, 5000}, true, true},     // χ² = 21.3, p ≈ 4e-6
		{[]uint64{800, 200}, []int{8000, 2000}, true, false}, // weights need not be equal
		{[]uint64{500, 500}, []int{8000, 2000}, true, true},  // ... and are what is tested
		{[]uint64{340, 330, 330}, []int{3333, 3333, 3334}, true, false},
		{[]uint64{500, 500, 3}, []int{5000, 5000, 0}, true, true}, // units in a switched-off arm
		{[]uint64{500, 500, 0}, []int{5000, 5000, 0}, true, false},
	}
	for _, tt := range tests {
		r := SRM(tt.units, tt.weights)
		if r.Checked != tt.checked || r.Mismatch != tt.flagged {
			t.Errorf("SRM(%v, %v) = %+v, want checked %v mismatch %v", tt.units, tt.weights, r, tt.checked, tt.flagged)
		}
		if _, err := json.Marshal(r); err != nil {
			t.Errorf("SRM(%v, %v) does not encode: %v", tt.units, tt.weights, err)
		}
	}
}

// Values computed independently (Python, statistics.NormalDist) from the
// formulas in TwoProportion's and MSPRT's documentation.
func TestTwoProportion(t *testing.T) {
	r, err := TwoProportion(100, 1000, 130, 1000, 0.05)
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		name      string
		got, want float64
	}{
		{"z", r.Z, 2.102740605622114},
		{"p", r.P, 0.03548845046647473},
		{"diff", r.Diff.Estimate, 0.03},
		{"diff low", r.Diff.Low, 0.0020679344393763725},
		{"diff high", r.Diff.High, 0.05793206556062362},
		{"lift", r.Lift.Estimate, 0.3},
		{"lift low", r.Lift.Low, -0.019179397713586954},
		{"lift high", r.Lift.High, 0.6191793977135871},
	}
	for _, c := range checks {
		if !near(c.got, c.want, 1e-9) {
			t.Errorf("TwoProportion(100/1000, 130/1000) %s = %.12g, want %.12g", c.name, c.got, c.want)
		}
	}
	if !r.Significant {
		t.Error("p = 0.035 not significant at 0.05")
	}
	// Symmetric: swapping the arms negates z and keeps p.
	s, _ := TwoProportion(130, 1000, 100, 1000, 0.05)
	if !near(s.Z, -r.Z, 1e-12) || !near(s.P, r.P, 1e-12) {
		t.Errorf("swapped arms: z %v p %v, want %v %v", s.Z, s.P, -r.Z, r.P)
	}
	// Degenerate inputs.
	if r, _ := TwoProportion(0, 10, 0, 10, 0.05); r.P != 1 || r.Z != 0 || r.Lift != nil {
		t.Errorf("TwoProportion with no conversions = %+v, want z 0, p 1, no lift", r)
	}
	if _, err := TwoProportion(1, 0, 1, 10, 0.05); err == nil {
		t.Error("TwoProportion with an empty arm succeeded")
	}
	if _, err := TwoProportion(11, 10, 1, 10, 0.05); err == nil {
		t.Error("TwoProportion with more conversions than units succeeded")
	}
}

func TestMSPRT(t *testing.T) {
	r, err := MSPRT(100, 1000, 130, 1000, 0.02, 0.05, 1)
	if err != nil {
		t.Fatal(err)
	}
	if !near(r.Lambda, 2.5135895230077745, 1e-9) || !near(r.P, 0.397837431627816, 1e-9) ||
		!near(r.Diff.Low, -0.01656200046692416, 1e-9) || !near(r.Diff.High, 0.07656200046692416, 1e-9) || r.Significant {
		t.Errorf("MSPRT(100/1000, 130/1000, τ 0.02) = %+v, want Λ 2.51359, p 0.397837, CS [-0.016562, 0.076562]", r)
	}
	// The same data that the z-test calls significant (p = 0.035) is not yet
	// enough for the always-valid test: the price of peeking freely.
	if got, _ := MSPRT(100, 1000, 130, 1000, 0.02, 0.05, 0.01); got.P != 0.01 || !got.Significant {
		t.Errorf("MSPRT with previous p 0.01 = %+v, want the running minimum 0.01", got)
	}
	if got, _ := MSPRT(0, 10, 0, 10, 0.02, 0.05, 0); got.P != 1 || got.Lambda != 0 {
		t.Errorf("MSPRT with no conversions = %+v, want Λ 0, p 1", got)
	}
	strong, _ := MSPRT(1000, 10000, 1300, 10000, 0.02, 0.05, 1)
	if !strong.Significant || strong.P > 1e-6 || strong.Diff.Low <= 0 {
		t.Errorf("MSPRT(10%% vs 13%% on 10,000 each) = %+v, want significant with a CS above 0", strong)
	}
	if _, err := MSPRT(1, 10, 1, 10, 0, 0.05, 1); err == nil {
		t.Error("MSPRT with τ = 0 succeeded")
	}
}

func TestSampleSize(t *testing.T) {
	n, err := SampleSize(0.1, 0.02, 0.05, 0.8)
	if err != nil || n != 3841 {
		t.Errorf("SampleSize(0.1, 0.02, 0.05, 0.8) = %d, %v; want 3841", n, err)
	}
	if _, err := SampleSize(0.99, 0.02, 0.05, 0.8); err == nil {
		t.Error("SampleSize with a rate above 1 succeeded")
	}
}

func TestAnalyze(t *testing.T) {
	plan := Plan{UnitsPerArm: 3841, Tau: 0.02}
	early := []ArmCounts{
		{Arm: "control", Weight: 5000, Units: 1000, Converted: 100, Events: 240},
		{Arm: "outcomes", Weight: 5000, Units: 1000, Converted: 130, Events: 290},
	}
	r, err := Analyze("finder-ranking", 1, early, plan, nil)
	if err != nil {
		t.Fatal(err)
	}
	if r.Applies != AppliesSequential || r.Plan.Alpha != Alpha || len(r.Comparisons) != 1 || r.SRM.Mismatch {
		t.Errorf("early report = %+v, want the sequential test to apply", r)
	}
	if !strings.Contains(r.Summary, "read the sequential test") || !strings.Contains(r.Summary, "1000 of the planned 3841") {
		t.Errorf("early summary = %q", r.Summary)
	}
	if _, err := json.Marshal(r); err != nil {
		t.Errorf("report does not encode: %v", err)
	}
	var text strings.Builder
	if err := r.WriteText(&text); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"control", "outcomes vs control: z-test difference +0.0300", "Sample-ratio check", "Applies: sequential."} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("WriteText lacks %q:\n%s", want, text.String())
		}
	}

	// The running minimum is carried from the previous report of the phase.
	prev := r
	prev.Comparisons = []Comparison{{Arm: "outcomes", Sequential: SequentialResult{P: 0.03}}}
	r2, _ := Analyze("finder-ranking", 1, early, plan, &prev)
	if got := r2.Comparisons[0].Sequential.P; got != 0.03 {
		t.Errorf("sequential p with previous 0.03 = %v, want 0.03", got)
	}
	r3, _ := Analyze("finder-ranking", 2, early, plan, &prev)
	if got := r3.Comparisons[0].Sequential.P; got == 0.03 {
		t.Error("previous report of another phase was used")
	}

	done := []ArmCounts{
		{Arm: "control", Weight: 5000, Units: 4000, Converted: 400},
		{Arm: "outcomes", Weight: 5000, Units: 3990, Converted: 480},
	}
	r, _ = Analyze("finder-ranking", 1, done, plan, nil)
	if r.Applies != AppliesFixedHorizon || !r.Comparisons[0].FixedHorizon.Significant ||
		!strings.Contains(r.Summary, "fixed-horizon z-test applies") || !strings.Contains(r.Summary, "differs significantly") {
		t.Errorf("complete report = %+v", r)
	}

	skewed := []ArmCounts{
		{Arm: "control", Weight: 5000, Units: 4600, Converted: 460},
		{Arm: "outcomes", Weight: 5000, Units: 4000, Converted: 400},
	}
	r, _ = Analyze("finder-ranking", 1, skewed, plan, nil)
	if !r.SRM.Mismatch || !strings.HasPrefix(r.Summary, "Sample-ratio mismatch") {
		t.Errorf("skewed report: SRM %+v, summary %q; want a mismatch stated first", r.SRM, r.Summary)
	}

	// An arm with no units yet.
	r, err = Analyze("finder-ranking", 1, []ArmCounts{{Arm: "control", Weight: 5000, Units: 10}, {Arm: "outcomes", Weight: 5000}}, plan, nil)
	if err != nil || r.Comparisons[0].Sequential.P != 1 || r.SRM.Checked {
		t.Errorf("report with an empty arm = %+v, %v", r, err)
	}
	if _, err := Analyze("x", 0, early, Plan{UnitsPerArm: 10}, nil); err == nil {
		t.Error("Analyze without τ succeeded")
	}
}
