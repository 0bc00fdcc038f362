package drift

import (
	"errors"
	"fmt"
	"math"
	"sync"
)

// Status is the drift status of one window: ok, warn or alert.
type Status int

// Drift statuses, in increasing order of severity.
const (
	OK Status = iota
	Warn
	Alert
)

func (s Status) String() string {
	switch s {
	case OK:
		return "ok"
	case Warn:
		return "warn"
	case Alert:
		return "alert"
	}
	return fmt.Sprintf("Status(%d)", int(s))
}

// MarshalText encodes s as "ok", "warn" or "alert".
func (s Status) MarshalText() ([]byte, error) {
	if s < OK || s > Alert {
		return nil, fmt.Errorf("drift: invalid status %d", int(s))
	}
	return []byte(s.String()), nil
}

// UnmarshalText decodes "ok", "warn" or "alert".
func (s *Status) UnmarshalText(b []byte) error {
	switch string(b) {
	case "ok":
		*s = OK
	case "warn":
		*s = Warn
	case "alert":
		*s = Alert
	default:
		return fmt.Errorf("drift: unknown status %q", b)
	}
	return nil
}

// Thresholds decide a window's status. DefaultThresholds returns
// Evidently's values.
type Thresholds struct {
	// PSIWarn and PSIAlert: PSI at or above PSIWarn is a moderate shift
	// (warn), at or above PSIAlert a major one (alert). 0.1 and 0.25.
	PSIWarn, PSIAlert float64
	// Distance: a Jensen–Shannon distance, or a normed Wasserstein distance,
	// at or above it is drift. 0.1.
	Distance float64
	// PValue: in a small window, a test p-value below it is drift. 0.05.
	PValue float64
	// SmallWindow: windows with at most this many observations are judged
	// by p-values (chi-square for categories, KS for numbers); larger ones
	// by distances, because on large samples a test flags even negligible
	// shifts. 1000.
	SmallWindow uint64
}

// DefaultThresholds returns the thresholds documented in ML-NOTES.md, which
// are Evidently's defaults.
func DefaultThresholds() Thresholds {
	return Thresholds{PSIWarn: 0.1, PSIAlert: 0.25, Distance: 0.1, PValue: 0.05, SmallWindow: 1000}
}

// Report is the comparison of one window with the reference.
type Report struct {
	Kind      Kind   `json:"kind"`
	Reference uint64 `json:"reference"` // observations in the reference
	Current   uint64 `json:"current"`   // observations in the window
	Missing   uint64 `json:"missing"`   // NaN values in the window, not binned

	PSI        float64         `json:"psi"`
	JSDistance float64         `json:"js_distance"`
	Hellinger  float64         `json:"hellinger"`
	ChiSquare  ChiSquareResult `json:"chi_square"`
	// KS and Wasserstein are set for numeric histograms only; Wasserstein
	// also needs at least two edges.
	KS          *KSResult `json:"ks,omitempty"`
	Wasserstein *float64  `json:"wasserstein_normed,omitempty"`

	// Test names the test that decided Drift, Drift is its verdict, and
	// Status combines it with PSI; Reason says why in a sentence.
	Test   string `json:"test"`
	Drift  bool   `json:"drift"`
	Status Status `json:"status"`
	Reason string `json:"reason"`
}

// ErrEmpty is returned by Compare when the reference or the window has no
// observations: there is nothing to compare, and a tracker should skip the
// window rather than count it as ok.
var ErrEmpty = errors.New("drift: empty histogram")

// Compare compares a window with the reference using DefaultThresholds.
func Compare(ref, cur Histogram) (Report, error) {
	return DefaultThresholds().Compare(ref, cur)
}

// Compare computes every statistic of the window cur against the reference
// ref, which must have the same bins, and decides the status:
//
//   - Drift is decided as Evidently does, except that the window size, not
//     the reference size, chooses the test (our chi-square treats the
//     reference proportions as known, so its sensitivity grows with the
//     window): with at most SmallWindow observations, drift is p < PValue
//     of the chi-square test for categories and of the KS test for numbers;
//     above that, drift is a Jensen–Shannon distance ≥ Distance, or for
//     numbers also a normed Wasserstein distance ≥ Distance (Evidently uses
//     Wasserstein alone for numbers; ours is computed on bins and
//     understates shifts beyond the training range, which JS catches).
//   - Status is alert when PSI ≥ PSIAlert; warn when PSI ≥ PSIWarn or drift
//     is detected; ok otherwise. Since PSI ≥ 4·JSD (Lin 1991, J ≥ 2L; exact
//     without the epsilon), a JS distance of 0.25 or more means PSI ≥ 0.25,
//     so large shifts reach alert whatever test detected them.
//
// A single window's status is a signal, not an alert: feed it to a Tracker.
func (t Thresholds) Compare(ref, cur Histogram) (Report, error) {
	if err := ref.Validate(); err != nil {
		return Report{}, fmt.Errorf("reference: %w", err)
	}
	if err := cur.Validate(); err != nil {
		return Report{}, fmt.Errorf("window: %w", err)
	}
	if !ref.SameBins(cur) {
		return Report{}, errors.New("drift: window and reference have different bins")
	}
	r := Report{Kind: ref.Kind, Reference: ref.Total(), Current: cur.Total(), Missing: cur.Missing}
	if r.Reference == 0 || r.Current == 0 {
		return r, ErrEmpty
	}
	p, q := floats(ref.Counts), floats(cur.Counts)
	r.PSI = PSI(p, q)
	r.JSDistance = JSDistance(p, q)
	r.Hellinger = Hellinger(p, q)
	r.ChiSquare = ChiSquare(p, q)
	if ref.Kind == KindNumeric {
		ks := KS(p, q)
		r.KS = &ks
		if w := WassersteinNormed(ref.Edges, p, q); !math.IsNaN(w) && !math.IsInf(w, 0) {
			r.Wasserstein = &w
		}
	}

	small := r.Current <= t.SmallWindow
	switch {
	case small && ref.Kind == KindCategorical:
		r.Test = "chi-square"
		r.Drift = r.ChiSquare.P < t.PValue
		r.Reason = fmt.Sprintf("window of %d ≤ %d: chi-square p = %.4g (drift below %g)", r.Current, t.SmallWindow, r.ChiSquare.P, t.PValue)
	case small:
		r.Test = "ks"
		r.Drift = r.KS.P < t.PValue
		r.Reason = fmt.Sprintf("window of %d ≤ %d: KS p = %.4g (drift below %g)", r.Current, t.SmallWindow, r.KS.P, t.PValue)
	case r.Wasserstein != nil && *r.Wasserstein >= t.Distance && r.JSDistance < t.Distance:
		r.Test = "wasserstein"
		r.Drift = true
		r.Reason = fmt.Sprintf("window of %d > %d: normed Wasserstein = %.4g (drift at %g)", r.Current, t.SmallWindow, *r.Wasserstein, t.Distance)
	default:
		r.Test = "jensen-shannon"
		r.Drift = r.JSDistance >= t.Distance
		r.Reason = fmt.Sprintf("window of %d > %d: Jensen–Shannon distance = %.4g (drift at %g)", r.Current, t.SmallWindow, r.JSDistance, t.Distance)
	}
	switch {
	case r.PSI >= t.PSIAlert:
		r.Status = Alert
	case r.PSI >= t.PSIWarn || r.Drift:
		r.Status = Warn
	}
	r.Reason += fmt.Sprintf("; PSI = %.4g (warn at %g, alert at %g)", r.PSI, t.PSIWarn, t.PSIAlert)
	return r, nil
}

func floats(c []uint64) []float64 {
	f := make([]float64, len(c))
	for i, x := range c {
		f[i] = float64(x)
	}
	return f
}

// Transition is what a Tracker's state did on a window.
type Transition int

// Tracker transitions.
const (
	Steady   Transition = iota // no change
	Fired                      // drift has now been sustained: raise the alert
	Resolved                   // drift has now been absent as long: clear it
)

func (t Transition) String() string {
	switch t {
	case Steady:
		return "steady"
	case Fired:
		return "fired"
	case Resolved:
		return "resolved"
	}
	return fmt.Sprintf("Transition(%d)", int(t))
}

// Tracker turns per-window statuses into an alert that fires only when
// drift is sustained: Windows consecutive windows at or above Level fire it,
// and Windows consecutive windows below Level resolve it. The symmetric
// hysteresis keeps one noisy window from raising or clearing the alert, and
// means a caller logs one event per episode, not one per window.
//
// A Tracker is safe for concurrent use (the aggregator pushes, an admin page
// reads).
type Tracker struct {
	windows int
	level   Status

	mu     sync.Mutex
	run    int // consecutive windows on the other side of firing
	firing bool
	last   Status
	pushed int
}

// NewTracker returns a tracker that fires after windows consecutive windows
// with status ≥ level (3 and Warn are the usual choice). windows < 1 is
// treated as 1.
func NewTracker(windows int, level Status) *Tracker {
	return &Tracker{windows: max(windows, 1), level: level}
}

// Push records the status of the next window and reports whether the alert
// fired or resolved on it.
func (t *Tracker) Push(s Status) Transition {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.last = s
	t.pushed++
	drifting := s >= t.level
	if drifting == t.firing {
		// The window agrees with the current state: any streak towards a
		// change is broken.
		t.run = 0
		return Steady
	}
	t.run++
	if t.run < t.windows {
		return Steady
	}
	t.run = 0
	t.firing = drifting
	if drifting {
		return Fired
	}
	return Resolved
}

// TrackerState is a snapshot of a Tracker, for display.
type TrackerState struct {
	Firing  bool   `json:"firing"`
	Streak  int    `json:"streak"` // consecutive windows towards the opposite state
	Windows int    `json:"windows"`
	Level   Status `json:"level"`
	Last    Status `json:"last"`
	Pushed  int    `json:"pushed"`
}

// State returns the tracker's current state.
func (t *Tracker) State() TrackerState {
	t.mu.Lock()
	defer t.mu.Unlock()
	return TrackerState{Firing: t.firing, Streak: t.run, Windows: t.windows, Level: t.level, Last: t.last, Pushed: t.pushed}
}
