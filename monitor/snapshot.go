package monitor

import (
	"sort"
	"time"

	"github.com/careerpath/careerpath/monitor/drift"
)

// Snapshot is what the admin monitoring page shows: latency percentiles
// per route and per model version, and drift per version and feature with
// its recent history.
type Snapshot struct {
	Enabled         bool             `json:"enabled"` // the request path is instrumented
	WindowSeconds   float64          `json:"window_seconds"`
	MinObservations uint64           `json:"min_observations"`
	Sustain         int              `json:"sustain_windows"`
	Thresholds      drift.Thresholds `json:"thresholds"`
	Since           time.Time        `json:"since"` // when this process started monitoring
	Routes          []RouteLatency   `json:"routes"`
	Models          []ModelState     `json:"models"`
}

// RouteLatency are a route's latency percentiles over the last closed
// window and since the start.
type RouteLatency struct {
	Route string       `json:"route"`
	Last  LatencyStats `json:"last_window"`
	Total LatencyStats `json:"since_start"`
}

// ModelState is the monitoring state of one model version.
type ModelState struct {
	Version string `json:"version"`
	// Reference says whether drift can be measured; Note says why not.
	Reference bool   `json:"reference"`
	Note      string `json:"note,omitempty"`
	Sample    string `json:"reference_sample,omitempty"`
	SampleN   int    `json:"reference_n,omitempty"`
	// Predictions observed since the start; Pending in the open window.
	Predictions uint64       `json:"predictions"`
	Pending     uint64       `json:"pending"`
	Latency     RouteLatency `json:"latency"` // Route is "classify"
	// Status and Firing are those of the last closed window.
	Status   string         `json:"status,omitempty"`
	Firing   bool           `json:"firing"`
	Windows  int            `json:"windows"` // closed windows in memory
	Features []FeatureState `json:"features,omitempty"`
}

// FeatureState is one feature of a version: the last window against the
// reference, and the PSI and JS distance of the recent windows.
type FeatureState struct {
	Feature   string         `json:"feature"`
	Status    string         `json:"status,omitempty"` // of the last window; "" before the first
	Firing    bool           `json:"firing"`
	Streak    int            `json:"streak"`
	Last      *drift.Report  `json:"last,omitempty"`
	Labels    []string       `json:"labels"`
	Reference []float64      `json:"reference"`         // bin proportions
	Current   []float64      `json:"current,omitempty"` // bin proportions of the last window
	History   []HistoryPoint `json:"history"`
}

// HistoryPoint is one closed window of a feature.
type HistoryPoint struct {
	End    time.Time `json:"end"`
	N      uint64    `json:"n"`
	PSI    float64   `json:"psi"`
	JS     float64   `json:"js_distance"`
	Status string    `json:"status"`
}

// Snapshot returns the current state. A nil monitor returns a disabled,
// empty snapshot.
func (m *Monitor) Snapshot() *Snapshot {
	if m == nil {
		return &Snapshot{Routes: []RouteLatency{}, Models: []ModelState{}}
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	s := &Snapshot{Enabled: !m.cfg.Off, WindowSeconds: m.cfg.Window.Seconds(), MinObservations: m.cfg.MinObservations,
		Sustain: m.cfg.Sustain, Thresholds: *m.cfg.Thresholds, Since: m.started, Routes: []RouteLatency{}, Models: []ModelState{}}
	for name, r := range m.routes {
		if r.all.total() == 0 {
			continue
		}
		s.Routes = append(s.Routes, RouteLatency{Route: name, Last: r.last, Total: r.all.stats()})
	}
	sort.Slice(s.Routes, func(i, j int) bool { return s.Routes[i].Route < s.Routes[j].Route })
	for name, v := range m.versions {
		ms := ModelState{Version: name, Reference: v.ref != nil, Note: v.noRef, Predictions: v.seen.Load(), Pending: v.pendingN,
			Latency: RouteLatency{Route: "classify", Last: v.lastLatency, Total: v.allLatency.stats()}}
		if v.ref != nil {
			ms.Sample, ms.SampleN = v.ref.Sample, v.ref.N
			ms.Features = m.featureStates(v)
		}
		for _, w := range m.ring {
			if w.Model == name {
				ms.Windows++
				ms.Status, ms.Firing = w.Status.String(), w.Firing
			}
		}
		s.Models = append(s.Models, ms)
	}
	sort.Slice(s.Models, func(i, j int) bool { return versionLess(s.Models[j].Version, s.Models[i].Version) })
	return s
}

func (m *Monitor) featureStates(v *version) []FeatureState {
	refs := v.ref.histograms()
	out := make([]FeatureState, numFeatures)
	for i, name := range FeatureNames {
		out[i] = FeatureState{Feature: name, Labels: refs[i].Labels(), Reference: proportions(refs[i]), History: []HistoryPoint{}}
		st := v.trackers[i].State()
		out[i].Firing, out[i].Streak = st.Firing, st.Streak
	}
	for _, w := range m.ring {
		if w.Model != v.name {
			continue
		}
		for i, f := range w.Features {
			if i >= numFeatures || f.Feature != FeatureNames[i] {
				continue
			}
			rep := f.Report
			out[i].Status, out[i].Last = rep.Status.String(), &rep
			out[i].Current = proportions(f.Current)
			out[i].History = append(out[i].History, HistoryPoint{End: w.End, N: w.N, PSI: rep.PSI, JS: rep.JSDistance, Status: rep.Status.String()})
		}
	}
	return out
}

// proportions returns a histogram's bin shares (nil when empty).
func proportions(h drift.Histogram) []float64 {
	n := h.Total()
	if n == 0 {
		return nil
	}
	out := make([]float64, len(h.Counts))
	for i, c := range h.Counts {
		out[i] = round(float64(c)/float64(n), 6)
	}
	return out
}

// versionLess orders "v2" before "v10".
func versionLess(a, b string) bool {
	if len(a) != len(b) {
		return len(a) < len(b)
	}
	return a < b
}
