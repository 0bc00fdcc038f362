package registry

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"math"
	"strings"
	"sync"
	"time"

	careerpath "github.com/careerpath/careerpath"
)

// GuardStore is the part of the registry a Guard reads and writes.
type GuardStore interface {
	Store
	FindModelEvents(ctx context.Context) ([]*careerpath.ModelEvent, error)
	RollbackFrom(ctx context.Context, version, actor, reason string, details json.RawMessage) (*careerpath.ModelEvent, error)
}

// GuardConfig are the thresholds a newly promoted champion must hold.
type GuardConfig struct {
	// Window is how long a champion is watched after its promotion.
	Window time.Duration
	// MinCalls are the calls it must have answered before its error
	// rate and latency are judged.
	MinCalls int
	// MaxErrorRate is the share of calls that may fail.
	MaxErrorRate float64
	// Its p99 latency per entry may be at most LatencyFactor times that
	// of the champion it replaced in this process, or LatencyFloor,
	// whichever is larger (the replaced one's is unknown when it served
	// fewer than MinCalls calls here: then the floor alone).
	LatencyFactor float64
	LatencyFloor  time.Duration
	// Every is how often the guard checks.
	Every time.Duration
}

// DefaultGuardConfig watches a new champion for 10 minutes.
func DefaultGuardConfig() GuardConfig {
	return GuardConfig{Window: 10 * time.Minute, MinCalls: 50, MaxErrorRate: 0.01, LatencyFactor: 3,
		LatencyFloor: time.Millisecond, Every: time.Second}
}

// Guard watches the champion after each promotion: its error rate and
// p99 latency on live calls, and whether it loaded and warmed up here. On
// a breach within the window it rolls the champion back (RollbackFrom,
// so that servers breaching at once roll back once) with the figures in
// the event, and logs an error.
type Guard[M any] struct {
	store GuardStore
	live  *Live[M]
	cfg   GuardConfig
	log   *slog.Logger
	// Inject, for tests, alters an observation before it counts (adds
	// latency or an error), to show a breach without faking the model or
	// the registry. Set it before the guard observes calls.
	Inject func(version string, took time.Duration, err error) (time.Duration, error)
	// Leading, when set, tells whether this replica leads the singleton
	// jobs: a breach seen while it reports false is logged, not rolled
	// back, and the watch goes on, so that the replica that leads (or
	// takes the lease) rolls back. Set it before Run.
	Leading func() bool

	mu        sync.Mutex
	stats     map[string]*callStats // by version: the serving one and the watched one
	lastAlias string
	watch     *watching
}

// watching is a champion under watch since its promotion.
type watching struct {
	version, from string
	since         time.Time
	baseline      time.Duration // p99 of the champion it replaced, 0 unknown
	breachLogged  bool          // a breach was seen while not leading
}

// GuardBreach is the figures of a rollback's event.
type GuardBreach struct {
	Version       string   `json:"version"`
	RolledBackTo  string   `json:"rolled_back_to,omitempty"`
	Breaches      []string `json:"breaches"`
	Calls         int      `json:"calls"`
	Errors        int      `json:"errors"`
	ErrorRate     float64  `json:"error_rate"`
	MaxErrorRate  float64  `json:"max_error_rate"`
	P99us         float64  `json:"p99_us"`
	BaselineP99us float64  `json:"baseline_p99_us"`
	BoundP99us    float64  `json:"bound_p99_us"`
	WatchedFor    float64  `json:"watched_seconds"`
}

// NewGuard returns a guard of the champion live serves.
func NewGuard[M any](store GuardStore, live *Live[M], cfg GuardConfig, log *slog.Logger) *Guard[M] {
	return &Guard[M]{store: store, live: live, cfg: cfg, log: log, stats: map[string]*callStats{}}
}

// Observe records one live call answered by version: its duration, the
// entries it classified and its error (nil, or a failure of the model).
func (g *Guard[M]) Observe(version string, entries int, took time.Duration, err error) {
	if g.Inject != nil {
		took, err = g.Inject(version, took, err)
	}
	per := took / time.Duration(max(entries, 1))
	g.mu.Lock()
	st := g.stats[version]
	if st == nil {
		st = &callStats{}
		g.stats[version] = st
	}
	st.calls++
	if err != nil {
		st.errors++
	}
	st.hist.add(per)
	g.mu.Unlock()
}

// Run checks every interval until ctx ends; the first check, at once,
// learns the champion without watching it (it was not just promoted).
func (g *Guard[M]) Run(ctx context.Context) {
	t := time.NewTicker(g.cfg.Every)
	defer t.Stop()
	for {
		g.Check(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Check looks at the champion once: it opens a watch when a promotion
// moved the alias, and rolls back on a breach within the window. It
// returns the rollback event, if it made one. Run calls it; calls must
// not overlap (Observe may run at any time).
func (g *Guard[M]) Check(ctx context.Context) (*careerpath.ModelEvent, error) {
	alias, err := g.store.Alias(ctx, careerpath.AliasChampion)
	if careerpath.ErrorCode(err) == careerpath.ENOTFOUND {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	if alias != g.lastAlias {
		if err := g.moved(ctx, alias); err != nil {
			return nil, err
		}
	}
	w := g.watch
	if w == nil {
		return nil, nil
	}
	if time.Since(w.since) > g.cfg.Window {
		g.log.Info("the new champion held through its watch window", "version", w.version, "window", g.cfg.Window)
		g.watch = nil
		return nil, nil
	}
	b := g.breach(w)
	if len(b.Breaches) == 0 {
		return nil, nil
	}
	if g.Leading != nil && !g.Leading() {
		if !w.breachLogged {
			w.breachLogged = true
			g.log.Warn("the new champion breaches its thresholds here; the leader rolls back", "version", w.version,
				"breaches", strings.Join(b.Breaches, "; "))
		}
		return nil, nil
	}
	details, _ := json.Marshal(b)
	reason := "automatic rollback: " + strings.Join(b.Breaches, "; ")
	e, err := g.store.RollbackFrom(ctx, w.version, "guard", reason, details)
	g.watch = nil
	if careerpath.ErrorCode(err) == careerpath.ECONFLICT {
		g.log.Info("the breaching champion was moved meanwhile: no rollback", "version", w.version, "err", err)
		return nil, nil
	} else if err != nil {
		return nil, fmt.Errorf("roll back %s: %w", w.version, err)
	}
	g.log.Error("rolled the champion back after a breach", "version", w.version, "to", e.To, "breaches", strings.Join(b.Breaches, "; "),
		"calls", b.Calls, "errors", b.Errors, "p99_us", b.P99us, "bound_p99_us", b.BoundP99us)
	return e, nil
}

// moved handles a move of the champion alias: a promotion (not a rollback,
// and not the first look) opens a watch of the new champion, with the
// latency of the one serving until now as its baseline.
func (g *Guard[M]) moved(ctx context.Context, alias string) error {
	prev := g.lastAlias
	g.lastAlias, g.watch = alias, nil
	if prev == "" {
		return nil
	}
	events, err := g.store.FindModelEvents(ctx)
	if err != nil {
		return err
	}
	for i := len(events) - 1; i >= 0; i-- {
		e := events[i]
		if e.Alias != careerpath.AliasChampion || e.To != alias {
			continue
		}
		if e.Action != careerpath.EventPromote {
			return nil // a rollback: the previous champion comes back, not watched
		}
		break
	}
	w := &watching{version: alias, from: prev, since: time.Now()}
	g.mu.Lock()
	if cur := g.live.Current(); cur != nil {
		if st := g.stats[cur.Version]; st != nil && st.calls >= g.cfg.MinCalls {
			w.baseline = st.hist.quantile(0.99)
		}
	}
	for v := range g.stats { // keep the baseline's version only
		if cur := g.live.Current(); cur == nil || v != cur.Version {
			delete(g.stats, v)
		}
	}
	g.mu.Unlock()
	g.watch = w
	g.log.Info("watching the new champion", "version", alias, "replaced", prev, "window", g.cfg.Window, "baseline_p99_us", micros(w.baseline))
	return nil
}

// breach returns the watched champion's figures and what it breached.
func (g *Guard[M]) breach(w *watching) GuardBreach {
	b := GuardBreach{Version: w.version, RolledBackTo: w.from, MaxErrorRate: g.cfg.MaxErrorRate, BaselineP99us: micros(w.baseline),
		WatchedFor: math.Round(time.Since(w.since).Seconds()*10) / 10}
	bound := max(g.cfg.LatencyFloor, time.Duration(g.cfg.LatencyFactor*float64(w.baseline)))
	b.BoundP99us = micros(bound)
	if err := g.live.Rejected(w.version); err != nil {
		b.Breaches = append(b.Breaches, "it failed to load or warm up: "+err.Error())
	}
	g.mu.Lock()
	st := g.stats[w.version]
	var p99 time.Duration
	if st != nil {
		b.Calls, b.Errors = st.calls, st.errors
		p99 = st.hist.quantile(0.99)
	}
	g.mu.Unlock()
	b.P99us = micros(p99)
	if b.Calls > 0 {
		b.ErrorRate = round4(float64(b.Errors) / float64(b.Calls))
	}
	if b.Calls >= g.cfg.MinCalls {
		if b.ErrorRate > g.cfg.MaxErrorRate {
			b.Breaches = append(b.Breaches, fmt.Sprintf("error rate %.3f over %d calls > %.3f", b.ErrorRate, b.Calls, g.cfg.MaxErrorRate))
		}
		if p99 > bound {
			b.Breaches = append(b.Breaches, fmt.Sprintf("p99 %.0f µs per entry over %d calls > bound %.0f µs", b.P99us, b.Calls, b.BoundP99us))
		}
	}
	return b
}

// callStats counts a version's calls, errors and per-entry latencies.
type callStats struct {
	calls, errors int
	hist          latencyHist
}

// latencyHist is a fixed-bin histogram of latencies: bin i counts
// latencies up to 1 µs × 1.2^i, so recording is one increment and a
// quantile is read to within 20 %.
type latencyHist struct {
	bins [latencyBins]int
	n    int
}

const latencyBins = 120 // 1.2^119 µs ≈ 2.6 h

func (h *latencyHist) add(d time.Duration) {
	us := float64(d) / float64(time.Microsecond)
	i := 0
	if us > 1 {
		i = int(math.Ceil(math.Log(us) / math.Log(1.2)))
	}
	h.bins[min(i, latencyBins-1)]++
	h.n++
}

// quantile returns the upper edge of the bin holding quantile q.
func (h *latencyHist) quantile(q float64) time.Duration {
	if h.n == 0 {
		return 0
	}
	rank := int(math.Ceil(q * float64(h.n)))
	seen := 0
	for i, c := range h.bins {
		seen += c
		if seen >= rank {
			return time.Duration(math.Pow(1.2, float64(i)) * float64(time.Microsecond))
		}
	}
	return time.Duration(math.Pow(1.2, latencyBins-1) * float64(time.Microsecond))
}
