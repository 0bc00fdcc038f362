package drift

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"testing"
)

// The frozen reference values of ML-NOTES.md ("Drift"), to 6 decimals.
var (
	frozenRef = []float64{16, 18, 16, 14, 12, 12}
	frozenCur = []float64{16, 16, 16, 16, 16, 8}
)

func near(got, want, tol float64) bool { return math.Abs(got-want) <= tol }

func TestFrozenReferenceValues(t *testing.T) {
	chi := ChiSquare(frozenRef, frozenCur)
	tests := []struct {
		name      string
		got, want float64
	}{
		{"chi-square statistic", chi.Stat, 3.174603},
		{"chi-square df", float64(chi.DF), 5},
		{"chi-square p", chi.P, 0.6730876},
		{"Hellinger", Hellinger(frozenRef, frozenCur), 0.0681277},
		{"Jensen–Shannon distance", JSDistance(frozenRef, frozenCur), 0.0680482},
		{"PSI", PSI(frozenRef, frozenCur), 0.0372184},
		{"Q(1.36)", KolmogorovQ(1.36), 0.049486},
		{"Q(1.63)", KolmogorovQ(1.63), 0.009846},
	}
	for _, tt := range tests {
		t.Logf("%-24s computed %.9f  frozen %g", tt.name, tt.got, tt.want)
		if !near(tt.got, tt.want, 1e-6) {
			t.Errorf("%s = %.9f, want %g ± 1e-6", tt.name, tt.got, tt.want)
		}
	}
}

// The same values through the histogram path that production uses.
func TestCompareFrozen(t *testing.T) {
	cats := []string{"a", "b", "c", "d", "e"}
	ref := Histogram{Kind: KindCategorical, Categories: cats, Counts: []uint64{16, 18, 16, 14, 12, 12}}
	cur := Histogram{Kind: KindCategorical, Categories: cats, Counts: []uint64{16, 16, 16, 16, 16, 8}}
	r, err := Compare(ref, cur)
	if err != nil {
		t.Fatal(err)
	}
	if !near(r.ChiSquare.Stat, 3.174603, 1e-6) || r.ChiSquare.DF != 5 || !near(r.ChiSquare.P, 0.6730876, 1e-6) ||
		!near(r.Hellinger, 0.0681277, 1e-6) || !near(r.JSDistance, 0.0680482, 1e-6) || !near(r.PSI, 0.0372184, 1e-6) {
		t.Errorf("Compare(frozen) = %+v, want the frozen values", r)
	}
	if r.Test != "chi-square" || r.Drift || r.Status != OK {
		t.Errorf("Compare(frozen): test %q drift %v status %v, want chi-square false ok", r.Test, r.Drift, r.Status)
	}
	if r.KS != nil || r.Wasserstein != nil {
		t.Errorf("Compare(categorical) has KS %v, Wasserstein %v; want neither", r.KS, r.Wasserstein)
	}
}

func TestKolmogorovQ(t *testing.T) {
	if got := KolmogorovQ(0); got != 1 {
		t.Errorf("KolmogorovQ(0) = %v, want 1", got)
	}
	if got := KolmogorovQ(-1); got != 1 {
		t.Errorf("KolmogorovQ(-1) = %v, want 1", got)
	}
	if got := KolmogorovQ(10); got != 0 && got > 1e-80 {
		t.Errorf("KolmogorovQ(10) = %v, want ≈ 0", got)
	}
	// The two series must agree where they meet, and Q must decrease.
	lo, hi := KolmogorovQ(math.Nextafter(1.18, 0)), KolmogorovQ(1.18)
	if !near(lo, hi, 1e-12) {
		t.Errorf("KolmogorovQ around 1.18: %v vs %v, want continuity", lo, hi)
	}
	for _, z := range []float64{0.3, 0.8, 1.0, 1.18, 1.5, 2.0} {
		// Each form evaluated at the same z, away from the switch point.
		var alt float64
		sign := 1.0
		for k := 1; k <= 200; k++ {
			alt += sign * math.Exp(-2*float64(k*k)*z*z)
			sign = -sign
		}
		if z >= 0.5 && !near(KolmogorovQ(z), 2*alt, 1e-9) {
			t.Errorf("KolmogorovQ(%v) = %v, alternating series gives %v", z, KolmogorovQ(z), 2*alt)
		}
	}
	prev := 1.0
	for z := 0.05; z < 3; z += 0.05 {
		q := KolmogorovQ(z)
		if q > prev+1e-15 || q < 0 || q > 1 {
			t.Fatalf("KolmogorovQ(%v) = %v after %v: want decreasing in [0, 1]", z, q, prev)
		}
		prev = q
	}
}

func TestPSIEmptyBins(t *testing.T) {
	// Reference bin 1 empty, current bin 2 empty: both become 0.0001.
	ref := []float64{50, 0, 50}
	cur := []float64{50, 50, 0}
	e := PSIEpsilon
	want := (0.5-0.5)*math.Log(1) + (0.5-e)*math.Log(0.5/e) + (e-0.5)*math.Log(e/0.5)
	if got := PSI(ref, cur); !near(got, want, 1e-12) {
		t.Errorf("PSI(%v, %v) = %v, want %v", ref, cur, got, want)
	}
	if got := PSI([]float64{1, 0}, []float64{1, 0}); got != 0 {
		t.Errorf("PSI of identical histograms with an empty bin = %v, want 0", got)
	}
	if got := PSI([]float64{0, 0}, []float64{1, 0}); !math.IsNaN(got) {
		t.Errorf("PSI with an empty reference = %v, want NaN", got)
	}
}

func TestJSAndHellingerBounds(t *testing.T) {
	disjointRef, disjointCur := []float64{1, 0}, []float64{0, 1}
	if got := JSDistance(disjointRef, disjointCur); !near(got, math.Sqrt(math.Ln2), 1e-12) {
		t.Errorf("JSDistance(disjoint) = %v, want √ln2 = %v", got, math.Sqrt(math.Ln2))
	}
	if got := Hellinger(disjointRef, disjointCur); !near(got, 1, 1e-12) {
		t.Errorf("Hellinger(disjoint) = %v, want 1", got)
	}
	if got := JSDistance(frozenRef, frozenRef); got != 0 {
		t.Errorf("JSDistance(same) = %v, want 0", got)
	}
	// Scale does not matter: counts are normalised.
	scaled := make([]float64, len(frozenCur))
	for i, c := range frozenCur {
		scaled[i] = 10 * c
	}
	if a, b := JSDistance(frozenRef, frozenCur), JSDistance(frozenRef, scaled); !near(a, b, 1e-15) {
		t.Errorf("JSDistance depends on scale: %v vs %v", a, b)
	}
}

func TestChiSquareEmptyBins(t *testing.T) {
	// Bin 3 is empty in both: dropped, df = 2.
	got := ChiSquare([]float64{10, 20, 30, 0}, []float64{10, 20, 30, 0})
	if got.DF != 2 || got.Stat != 0 || got.P != 1 {
		t.Errorf("ChiSquare(same, empty bin) = %+v, want stat 0 df 2 p 1", got)
	}
	// Bin 2 is empty in the reference only: it gets ε and the proportions
	// are renormalised.
	ref, cur := []float64{50, 50, 0}, []float64{49, 50, 1}
	e := ChiSquareEpsilon
	p := []float64{0.5 / (1 + e), 0.5 / (1 + e), e / (1 + e)}
	var want float64
	for i := range p {
		d := cur[i] - 100*p[i]
		want += d * d / (100 * p[i])
	}
	got = ChiSquare(ref, cur)
	if got.DF != 2 || !near(got.Stat, want, 1e-9) || !(got.P < 1e-10) {
		t.Errorf("ChiSquare(%v, %v) = %+v, want stat %v df 2 and p < 1e-10", ref, cur, got, want)
	}
	if got := ChiSquare([]float64{1, 0}, []float64{3, 0}); got.DF != 0 || got.P != 1 {
		t.Errorf("ChiSquare with one informative bin = %+v, want df 0 p 1", got)
	}
}

func TestKS(t *testing.T) {
	got := KS([]float64{50, 50}, []float64{80, 20})
	z := 0.3 * math.Sqrt(100*100/200.0)
	if !near(got.D, 0.3, 1e-12) || !near(got.Z, z, 1e-12) || !near(got.P, KolmogorovQ(z), 1e-15) {
		t.Errorf("KS([50 50], [80 20]) = %+v, want D 0.3 z %v", got, z)
	}
	if got := KS(frozenRef, frozenRef); got.D != 0 || got.P != 1 {
		t.Errorf("KS(same) = %+v, want D 0 p 1", got)
	}
}

func TestWassersteinNormed(t *testing.T) {
	edges := []float64{0, 1, 2} // points −0.5, 0.5, 1.5, 2.5
	ref := []float64{0, 10, 10, 0}
	cur := []float64{0, 0, 10, 10} // shifted right by one: W₁ = 1, std(ref) = 0.5
	if got := WassersteinNormed(edges, ref, cur); !near(got, 2, 1e-12) {
		t.Errorf("WassersteinNormed(shift by 1) = %v, want 2", got)
	}
	if got := WassersteinNormed(edges, ref, ref); got != 0 {
		t.Errorf("WassersteinNormed(same) = %v, want 0", got)
	}
	if got := WassersteinNormed([]float64{0}, []float64{1, 1}, []float64{1, 1}); !math.IsNaN(got) {
		t.Errorf("WassersteinNormed with one edge = %v, want NaN", got)
	}
	// A point mass: std is floored at 0.001.
	if got := WassersteinNormed(edges, []float64{0, 1, 0, 0}, []float64{0, 0, 1, 0}); !near(got, 1/0.001, 1e-6) {
		t.Errorf("WassersteinNormed(point mass moved by 1) = %v, want 1000", got)
	}
}

func TestCompareRules(t *testing.T) {
	cats := []string{"a", "b"}
	cat := func(c ...uint64) Histogram { return Histogram{Kind: KindCategorical, Categories: cats, Counts: c} }
	edges := []float64{0, 1, 2, 3}
	num := func(c ...uint64) Histogram { return Histogram{Kind: KindNumeric, Edges: edges, Counts: c} }
	tests := []struct {
		name       string
		ref, cur   Histogram
		test       string
		drift      bool
		status     Status
		wantNumber bool
	}{
		{"same", cat(500, 500, 0), cat(50, 50, 0), "chi-square", false, OK, false},
		{"small window, significant", cat(500, 500, 0), cat(70, 30, 0), "chi-square", true, Warn, false},
		// χ² = 16 on 10,000 rows is p ≈ 6e-5, but the distance is tiny:
		// large windows are judged by distance.
		{"large window, significant but small", cat(5000, 5000, 0), cat(5200, 4800, 0), "jensen-shannon", false, OK, false},
		{"large window, moderate", cat(5000, 5000, 0), cat(6500, 3500, 0), "jensen-shannon", true, Warn, false},
		{"large window, major", cat(5000, 5000, 0), cat(9000, 500, 500), "jensen-shannon", true, Alert, false},
		{"numeric small, same", num(10, 20, 40, 20, 10), num(10, 20, 40, 20, 10), "ks", false, OK, true},
		{"numeric small, shifted", num(10, 20, 40, 20, 10), num(0, 10, 20, 40, 30), "ks", true, Alert, true},
		{"numeric large, shifted", num(1000, 2000, 4000, 2000, 1000), num(500, 1500, 3500, 3000, 1500), "jensen-shannon", true, Warn, true},
	}
	for _, tt := range tests {
		r, err := Compare(tt.ref, tt.cur)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if r.Test != tt.test || r.Drift != tt.drift || r.Status != tt.status {
			t.Errorf("%s: Compare = test %q drift %v status %v, want %q %v %v (%s)",
				tt.name, r.Test, r.Drift, r.Status, tt.test, tt.drift, tt.status, r.Reason)
		}
		if (r.KS != nil) != tt.wantNumber {
			t.Errorf("%s: KS set = %v, want %v", tt.name, r.KS != nil, tt.wantNumber)
		}
		if _, err := json.Marshal(r); err != nil {
			t.Errorf("%s: report does not encode: %v", tt.name, err)
		}
	}
}

func TestCompareErrors(t *testing.T) {
	a := Histogram{Kind: KindCategorical, Categories: []string{"a"}, Counts: []uint64{1, 1}}
	b := Histogram{Kind: KindCategorical, Categories: []string{"b"}, Counts: []uint64{1, 1}}
	if _, err := Compare(a, b); err == nil {
		t.Error("Compare with different categories succeeded, want an error")
	}
	empty := Histogram{Kind: KindCategorical, Categories: []string{"a"}, Counts: []uint64{0, 0}}
	if _, err := Compare(a, empty); err != ErrEmpty {
		t.Errorf("Compare with an empty window: err = %v, want ErrEmpty", err)
	}
	bad := Histogram{Kind: KindCategorical, Categories: []string{"a"}, Counts: []uint64{1}}
	if _, err := Compare(bad, bad); err == nil {
		t.Error("Compare of invalid histograms succeeded, want an error")
	}
}

func TestTracker(t *testing.T) {
	tr := NewTracker(3, Warn)
	steps := []struct {
		s    Status
		want Transition
	}{
		{Warn, Steady}, {Alert, Steady}, {OK, Steady}, // streak broken
		{Warn, Steady}, {Warn, Steady}, {Alert, Fired}, // three in a row
		{Alert, Steady}, {OK, Steady}, {Warn, Steady}, // still firing, one ok does not clear it
		{OK, Steady}, {OK, Steady}, {OK, Resolved},
		{OK, Steady},
	}
	for i, st := range steps {
		if got := tr.Push(st.s); got != st.want {
			t.Fatalf("step %d: Push(%v) = %v, want %v (state %+v)", i, st.s, got, st.want, tr.State())
		}
	}
	if s := tr.State(); s.Firing || s.Pushed != len(steps) || s.Last != OK {
		t.Errorf("State() = %+v, want not firing, %d pushed, last ok", s, len(steps))
	}
	// Counting alerts only.
	tr = NewTracker(2, Alert)
	if tr.Push(Warn) != Steady || tr.Push(Warn) != Steady || tr.Push(Alert) != Steady || tr.Push(Alert) != Fired {
		t.Error("NewTracker(2, Alert): warn windows counted, or two alerts did not fire")
	}
}

func TestStatusText(t *testing.T) {
	for _, s := range []Status{OK, Warn, Alert} {
		b, err := s.MarshalText()
		if err != nil {
			t.Fatal(err)
		}
		var back Status
		if err := back.UnmarshalText(b); err != nil || back != s {
			t.Errorf("Status %v round trip = %v, %v", s, back, err)
		}
	}
	if _, err := Status(7).MarshalText(); err == nil {
		t.Error("Status(7).MarshalText succeeded, want an error")
	}
}

// The status rule relies on PSI ≥ 4·JSD (Lin 1991) for histograms without
// empty bins.
func TestPSIBoundsJS(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 1))
	for range 10000 {
		k := 2 + r.IntN(30)
		p, q := make([]float64, k), make([]float64, k)
		for i := range k {
			p[i], q[i] = 1+r.Float64()*100, 1+r.Float64()*r.Float64()*100
		}
		psi, js := PSI(p, q), JSDistance(p, q)
		if psi < 4*js*js-1e-12 {
			t.Fatalf("PSI(%v, %v) = %v < 4·JSD = %v", p, q, psi, 4*js*js)
		}
	}
}
