package monitor

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"math"
	"reflect"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/classify"
	"github.com/careerpath/careerpath/monitor/drift"
)

// Config says how the monitor aggregates. Zero fields take the defaults.
type Config struct {
	// Window is how often the live counters are drained: 1 minute.
	Window time.Duration
	// MinObservations: a window with fewer classifications is extended
	// into the next instead of being judged on too little: 50.
	MinObservations uint64
	// Sustain is how many consecutive windows at warn or worse raise an
	// alert (and below warn clear it): 3.
	Sustain int
	// History is how many closed windows are kept in memory: 60.
	History int
	// Thresholds decide a window's status: drift.DefaultThresholds.
	Thresholds *drift.Thresholds
	// Off turns the request-path instrumentation off: Wrap returns the
	// model as it is and Route returns nil. Catalog drift still works.
	Off bool
}

func (c Config) withDefaults() Config {
	if c.Window <= 0 {
		c.Window = time.Minute
	}
	if c.MinObservations == 0 {
		c.MinObservations = 50
	}
	if c.Sustain <= 0 {
		c.Sustain = 3
	}
	if c.History <= 0 {
		c.History = 60
	}
	if c.Thresholds == nil {
		t := drift.DefaultThresholds()
		c.Thresholds = &t
	}
	return c
}

// Store is what the monitor reads and writes: model versions for their
// references, and the monitoring tables (package sqlite's DB).
type Store interface {
	FindModelVersion(ctx context.Context, version string) (*careerpath.ModelVersion, error)
	careerpath.MonitoringStore
}

// Monitor observes the classifier and the routes on the request path
// and aggregates in the background. Its methods are safe for concurrent
// use; a nil *Monitor observes nothing.
type Monitor struct {
	cfg     Config
	store   Store
	log     *slog.Logger
	metrics *metrics
	started time.Time

	// last is the most recently wrapped model, so that the request path
	// finds it with one atomic load when the serving model did not change.
	last atomic.Pointer[Model]

	mu       sync.Mutex
	versions map[string]*version
	wrapped  map[classify.Model]*Model
	routes   map[string]*route
	ring     []*WindowReport // closed windows, oldest first, at most cfg.History
}

// version is the monitoring state of one model version.
type version struct {
	name    string
	ref     *Reference // nil when the version has none
	noRef   string     // why there is no reference
	live    *counters  // nil without a reference
	latency Latency
	seen    atomic.Uint64
	obs     promObservers

	// Owned by the aggregation (under Monitor.mu).
	pending      [numFeatures]drift.Histogram
	pendingN     uint64
	pendingStart time.Time
	trackers     [numFeatures]*drift.Tracker
	lastLatency  LatencyStats
	allLatency   latencyCounts
}

// route is the latency state of one route.
type route struct {
	lat  Latency
	last LatencyStats
	all  latencyCounts
}

// New returns a monitor; call Run to aggregate in the background. log may
// be nil.
func New(store Store, cfg Config, log *slog.Logger) *Monitor {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Monitor{cfg: cfg.withDefaults(), store: store, log: log, metrics: newMetrics(), started: time.Now().UTC(),
		versions: map[string]*version{}, wrapped: map[classify.Model]*Model{}, routes: map[string]*route{}}
}

// Enabled reports whether the request path is instrumented.
func (m *Monitor) Enabled() bool { return m != nil && !m.cfg.Off }

// maxWrapped bounds the wrapped models remembered: a champion and a
// challenger serve at once, and each swap adds one.
const maxWrapped = 8

// Model is a classify.Model whose predictions are observed under a
// registry version.
type Model struct {
	inner classify.Model
	v     *version
}

// Predict predicts with the wrapped model and observes the prediction:
// its latency and the four features, with atomic adds only.
func (w *Model) Predict(e classify.Entry) classify.Result {
	start := time.Now()
	res := w.inner.Predict(e)
	d := time.Since(start)
	v := w.v
	f := FeaturesOf(e.Program, res)
	v.latency.Observe(d)
	v.seen.Add(1)
	v.obs.latency.Observe(d.Seconds())
	v.obs.confidence.Observe(f.Confidence)
	if v.live != nil {
		v.live.observe(f)
	}
	return res
}

// Version returns the wrapped model's version.
func (w *Model) Version() string { return w.inner.Version() }

// Unwrap returns the model unobserved, for reads of stored entries that
// are not traffic (classify.ReadConcentrations).
func (w *Model) Unwrap() classify.Model { return w.inner }

// Wrap returns the model wrapped so that its predictions are observed
// under the registry version; the model itself when the monitor is nil or
// off. The first call for a version reads its reference from the store.
func (m *Monitor) Wrap(model classify.Model, registryVersion string) classify.Model {
	if !m.Enabled() || model == nil {
		return model
	}
	// last only ever holds comparable models, so == cannot panic.
	if w := m.last.Load(); w != nil && w.inner == model && w.v.name == registryVersion {
		return w
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if !reflect.TypeOf(model).Comparable() {
		// Not a pointer, as models are: it cannot be a map key.
		return &Model{inner: model, v: m.versionLocked(context.Background(), registryVersion)}
	}
	w := m.wrapped[model]
	if w == nil || w.v.name != registryVersion {
		if len(m.wrapped) >= maxWrapped {
			// Models swapped out long ago: let them be collected.
			clear(m.wrapped)
		}
		w = &Model{inner: model, v: m.versionLocked(context.Background(), registryVersion)}
		m.wrapped[model] = w
	}
	m.last.Store(w)
	return w
}

// versionLocked returns the state of a version, creating it (and reading
// its reference) on first use.
func (m *Monitor) versionLocked(ctx context.Context, name string) *version {
	if v := m.versions[name]; v != nil {
		return v
	}
	v := &version{name: name, obs: m.metrics.observers(name)}
	ref, err := m.reference(ctx, name)
	if err != nil {
		v.noRef = err.Error()
		if !errors.Is(err, ErrNoReference) {
			m.log.Error("monitoring: reference histograms do not load: drift is not measured", "model", name, "err", err)
		} else {
			m.log.Warn("monitoring: model has no reference histograms: drift is not measured", "model", name)
		}
	} else {
		v.ref, v.live = ref, countersFor(ref)
		for i := range v.trackers {
			v.trackers[i] = drift.NewTracker(m.cfg.Sustain, drift.Warn)
		}
	}
	m.versions[name] = v
	return v
}

// reference reads and decodes a version's reference.
func (m *Monitor) reference(ctx context.Context, name string) (*Reference, error) {
	if m.store == nil {
		return nil, ErrNoReference
	}
	mv, err := m.store.FindModelVersion(ctx, name)
	if err != nil {
		return nil, err
	}
	return ParseReference(mv.Reference)
}

// Route returns the latency histogram of a route, for the HTTP layer to
// observe every request; nil when the monitor is nil or off.
func (m *Monitor) Route(name string) *Latency {
	if !m.Enabled() {
		return nil
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	r := m.routes[name]
	if r == nil {
		r = &route{}
		m.routes[name] = r
	}
	return &r.lat
}

// Run aggregates every Window until ctx ends, after restoring the recent
// windows from the store (so history and sustained alerts survive a
// restart).
func (m *Monitor) Run(ctx context.Context) {
	if m == nil {
		return
	}
	m.restore(ctx)
	t := time.NewTicker(m.cfg.Window)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-t.C:
			m.Tick(ctx, now)
		}
	}
}

// restore loads the newest windows into the ring and replays their
// statuses into the trackers.
func (m *Monitor) restore(ctx context.Context) {
	if m.store == nil {
		return
	}
	ws, err := m.store.FindDriftWindows(ctx, m.cfg.History)
	if err != nil {
		m.log.Error("monitoring: stored drift windows do not load", "err", err)
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, w := range ws {
		var r WindowReport
		if err := json.Unmarshal(w.Report, &r); err != nil {
			m.log.Warn("monitoring: skipping a stored drift window that does not decode", "id", w.ID, "err", err)
			continue
		}
		r.ID = w.ID
		v := m.versionLocked(ctx, r.Model)
		for i, f := range r.Features {
			if i < numFeatures && v.trackers[i] != nil {
				v.trackers[i].Push(f.Report.Status)
			}
		}
		m.pushLocked(&r)
	}
}

// WindowReport is a closed window of one model version compared with its
// reference.
type WindowReport struct {
	ID       int64           `json:"id,omitempty"`
	Model    string          `json:"model"`
	Start    time.Time       `json:"start"`
	End      time.Time       `json:"end"`
	N        uint64          `json:"n"`
	Status   drift.Status    `json:"status"` // the worst feature status
	Firing   bool            `json:"firing"` // any feature's sustained alert is on
	Features []FeatureReport `json:"features"`
}

// FeatureReport is one feature of a window or a catalog.
type FeatureReport struct {
	Feature string `json:"feature"`
	// Report holds every statistic and the status of this window.
	Report drift.Report `json:"report"`
	// Firing and Streak are the tracker's state after this window.
	Firing     bool            `json:"firing"`
	Streak     int             `json:"streak,omitempty"`
	Transition string          `json:"transition,omitempty"` // "fired" or "resolved" on this window
	Reference  drift.Histogram `json:"reference"`
	Current    drift.Histogram `json:"current"`
}

// Tick closes the windows due at now: it drains every version's counters
// and judges those that gathered at least MinObservations since their
// window started; the others keep accumulating. Run calls it every
// Window; tests call it directly.
func (m *Monitor) Tick(ctx context.Context, now time.Time) []*WindowReport {
	if m == nil {
		return nil
	}
	now = now.UTC()
	m.mu.Lock()
	var closed []*WindowReport
	for _, r := range m.routes {
		c := r.lat.drain()
		r.last = c.stats()
		r.all.merge(c)
	}
	for _, v := range m.versions {
		c := v.latency.drain()
		v.lastLatency = c.stats()
		v.allLatency.merge(c)
		if v.live == nil {
			continue
		}
		h := v.live.drain()
		if v.pendingN == 0 {
			v.pendingStart = now.Add(-m.cfg.Window)
			v.pending = h
		} else {
			for i := range h {
				v.pending[i], _ = v.pending[i].Merge(h[i])
			}
		}
		v.pendingN = v.pending[0].Total() + v.pending[0].Missing
		if v.pendingN < m.cfg.MinObservations {
			continue // extend the window
		}
		r := m.judge(v, v.pending, now)
		r.Start, r.N = v.pendingStart, v.pendingN
		v.pendingN = 0
		m.pushLocked(r)
		closed = append(closed, r)
	}
	m.mu.Unlock()
	sort.Slice(closed, func(i, j int) bool { return closed[i].Model < closed[j].Model })
	for _, r := range closed {
		m.persist(ctx, r)
	}
	return closed
}

// judge compares a window with the version's reference, feeds the
// trackers, logs alert transitions and sets the gauges.
func (m *Monitor) judge(v *version, cur [numFeatures]drift.Histogram, now time.Time) *WindowReport {
	r := &WindowReport{Model: v.name, End: now}
	ref := v.ref.histograms()
	for i, name := range FeatureNames {
		rep, err := m.cfg.Thresholds.Compare(ref[i], cur[i])
		if err != nil {
			// An empty feature cannot happen with N ≥ MinObservations;
			// anything else is a bug worth a log line, not a crash.
			m.log.Error("monitoring: comparing a window failed", "model", v.name, "feature", name, "err", err)
			continue
		}
		sanitize(&rep)
		fr := FeatureReport{Feature: name, Report: rep, Reference: ref[i], Current: cur[i]}
		switch v.trackers[i].Push(rep.Status) {
		case drift.Fired:
			fr.Transition = drift.Fired.String()
			m.log.Warn("drift alert: sustained drift of a model feature", "model", v.name, "feature", name,
				"windows", m.cfg.Sustain, "status", rep.Status.String(), "psi", rep.PSI, "js_distance", rep.JSDistance, "reason", rep.Reason)
		case drift.Resolved:
			fr.Transition = drift.Resolved.String()
			m.log.Info("drift alert resolved", "model", v.name, "feature", name, "windows", m.cfg.Sustain, "psi", rep.PSI)
		}
		st := v.trackers[i].State()
		fr.Firing, fr.Streak = st.Firing, st.Streak
		r.Status = max(r.Status, rep.Status)
		r.Firing = r.Firing || st.Firing
		r.Features = append(r.Features, fr)
		m.metrics.setDrift(v.name, name, rep, st.Firing)
	}
	return r
}

// sanitize replaces values JSON cannot carry.
func sanitize(r *drift.Report) {
	r.PSI, r.JSDistance, r.Hellinger = finite(r.PSI), finite(r.JSDistance), finite(r.Hellinger)
	r.ChiSquare.Stat, r.ChiSquare.P = finite(r.ChiSquare.Stat), finite(r.ChiSquare.P)
	if r.KS != nil {
		r.KS.D, r.KS.Z, r.KS.P = finite(r.KS.D), finite(r.KS.Z), finite(r.KS.P)
	}
	if r.Wasserstein != nil && (math.IsNaN(*r.Wasserstein) || math.IsInf(*r.Wasserstein, 0)) {
		r.Wasserstein = nil
	}
}

func (m *Monitor) pushLocked(r *WindowReport) {
	m.ring = append(m.ring, r)
	if len(m.ring) > m.cfg.History {
		m.ring = append(m.ring[:0:0], m.ring[len(m.ring)-m.cfg.History:]...)
	}
}

// persist stores a closed window; a storage error is logged, not fatal:
// monitoring must not take the service down.
func (m *Monitor) persist(ctx context.Context, r *WindowReport) {
	if m.store == nil {
		return
	}
	b, err := json.Marshal(r)
	if err != nil {
		m.log.Error("monitoring: encoding a drift window failed", "model", r.Model, "err", err)
		return
	}
	w := &careerpath.DriftWindow{Model: r.Model, Start: r.Start, End: r.End, N: int(r.N), Status: r.Status.String(), Firing: r.Firing, Report: b}
	if err := m.store.CreateDriftWindow(ctx, w); err != nil {
		m.log.Error("monitoring: storing a drift window failed", "model", r.Model, "err", err)
		return
	}
	m.mu.Lock()
	r.ID = w.ID
	m.mu.Unlock()
}

func round(x float64, digits int) float64 {
	p := math.Pow(10, float64(digits))
	return math.Round(x*p) / p
}
