package experiment

import (
	"math/rand/v2"
	"testing"
)

// Simulated A/A experiments: both arms convert at the same rate, so every
// rejection is a false positive. The RNG is seeded, so the rates below are
// the same on every run; the assertions hold with a margin of about two
// standard errors of the estimated rate, and the seeds were not chosen to
// make them pass.

// bernoulli returns how many of n units convert at rate p.
func bernoulli(r *rand.Rand, n int, p float64) uint64 {
	var x uint64
	for range n {
		if r.Float64() < p {
			x++
		}
	}
	return x
}

// TestAAFixedHorizon: the z-test read once at the planned sample size
// rejects at α. 4,000 experiments of 1,000 units per arm at a 10% rate; the
// rate must be within α ± 0.01 (its standard error is 0.0034).
func TestAAFixedHorizon(t *testing.T) {
	const experiments, units, rate = 4000, 1000, 0.1
	r := rand.New(rand.NewPCG(6, 1))
	rejected := 0
	for range experiments {
		xA, xB := bernoulli(r, units, rate), bernoulli(r, units, rate)
		z, err := TwoProportion(xA, units, xB, units, Alpha)
		if err != nil {
			t.Fatal(err)
		}
		if z.Significant {
			rejected++
		}
	}
	fpr := float64(rejected) / experiments
	t.Logf("A/A fixed-horizon z-test: %d of %d experiments rejected, false-positive rate %.4f (α = %g)", rejected, experiments, fpr, Alpha)
	if fpr < Alpha-0.01 || fpr > Alpha+0.01 {
		t.Errorf("A/A false-positive rate = %.4f, want %g ± 0.01", fpr, Alpha)
	}
}

// TestAAPeeking: 2,000 A/A experiments run for 28 days with 150 units per
// arm per day. Looked at every day, the fixed-horizon z-test is "significant"
// on some day far more often than α — this is why the sequential test
// exists. The sequential test, looked at after every 25 units per arm (168
// looks, as close to continuous monitoring as the cost allows), stays at or
// below α.
func TestAAPeeking(t *testing.T) {
	const (
		experiments  = 2000
		days         = 28
		unitsPerDay  = 150
		batch        = 25 // units per arm between sequential looks
		rate         = 0.1
		tau          = 0.02 // mixing parameter: the 2-point difference worth detecting
		tolerance    = 0.01
		minInflation = 0.15 // naive peeking must reject at least 3α
	)
	r := rand.New(rand.NewPCG(6, 2))
	peekRejected, seqRejected := 0, 0
	for range experiments {
		var xA, xB, n uint64
		seqP := 1.0
		peeked, seq := false, false
		for range days {
			for range unitsPerDay / batch {
				xA += bernoulli(r, batch, rate)
				xB += bernoulli(r, batch, rate)
				n += batch
				s, err := MSPRT(xA, n, xB, n, tau, Alpha, seqP)
				if err != nil {
					t.Fatal(err)
				}
				seqP = s.P
				seq = seq || s.Significant
			}
			z, err := TwoProportion(xA, n, xB, n, Alpha)
			if err != nil {
				t.Fatal(err)
			}
			peeked = peeked || z.Significant
		}
		if peeked {
			peekRejected++
		}
		if seq {
			seqRejected++
		}
	}
	peek := float64(peekRejected) / experiments
	seq := float64(seqRejected) / experiments
	t.Logf("A/A with daily peeking at the z-test over %d looks: false-positive rate %.4f", days, peek)
	t.Logf("A/A with the sequential test every %d units per arm (%d looks): false-positive rate %.4f", batch, days*unitsPerDay/batch, seq)
	if seq > Alpha+tolerance {
		t.Errorf("sequential false-positive rate under continuous monitoring = %.4f, want ≤ %g", seq, Alpha+tolerance)
	}
	if peek < minInflation {
		t.Errorf("naive daily peeking false-positive rate = %.4f, want ≥ %g (well above α)", peek, minInflation)
	}
}

// TestSequentialPower: the always-valid guarantee is not bought with
// blindness: a real 3-point lift (10% → 13%) is detected within 28 days in
// most experiments.
func TestSequentialPower(t *testing.T) {
	const experiments, days, unitsPerDay = 300, 28, 150
	r := rand.New(rand.NewPCG(6, 3))
	detected := 0
	for range experiments {
		var xA, xB, n uint64
		p := 1.0
		for range days {
			xA += bernoulli(r, unitsPerDay, 0.10)
			xB += bernoulli(r, unitsPerDay, 0.13)
			n += unitsPerDay
			s, err := MSPRT(xA, n, xB, n, 0.02, Alpha, p)
			if err != nil {
				t.Fatal(err)
			}
			p = s.P
		}
		if p <= Alpha {
			detected++
		}
	}
	power := float64(detected) / experiments
	t.Logf("sequential test, 10%% vs 13%%, 28 days of 150 units per arm: power %.3f", power)
	if power < 0.8 {
		t.Errorf("sequential power = %.3f, want ≥ 0.8", power)
	}
}
