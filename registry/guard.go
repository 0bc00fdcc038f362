package registry

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"math"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	careerpath "github.com/careerpath/careerpath"
)

// GuardStore is the part of the registry a Guard reads and writes: the
// registry, and the watch every replica shares.
type GuardStore interface {
	Store
	careerpath.GuardStatsStore
	FindModelEvents(ctx context.Context) ([]*careerpath.ModelEvent, error)
	RollbackFrom(ctx context.Context, version, actor, reason string, details json.RawMessage) (*careerpath.ModelEvent, error)
}

// GuardConfig are the thresholds a newly promoted champion must hold.
type GuardConfig struct {
	// Window is how long a champion is watched after its promotion.
	Window time.Duration
	// MinCalls are the calls it must have answered, on all replicas
	// together, before its error rate and latency are judged.
	MinCalls int
	// MaxErrorRate is the share of calls that may fail.
	MaxErrorRate float64
	// Its p99 latency per entry may be at most LatencyFactor times that
	// of the champion it replaced, on all replicas together, or
	// LatencyFloor, whichever is larger (the replaced one's is unknown
	// when it served fewer than MinCalls calls: then the floor alone).
	LatencyFactor float64
	LatencyFloor  time.Duration
	// Every is how often the guard checks, and so how often each replica
	// writes its figures.
	Every time.Duration
}

// DefaultGuardConfig watches a new champion for 10 minutes.
func DefaultGuardConfig() GuardConfig {
	return GuardConfig{Window: 10 * time.Minute, MinCalls: 50, MaxErrorRate: 0.01, LatencyFactor: 3,
		LatencyFloor: time.Millisecond, Every: time.Second}
}

// Guard watches the champion after each promotion: its error rate and
// p99 latency on live calls, and whether it loaded and warmed up. The
// watch is shared by every replica of the database: each writes its own
// figures (careerpath.GuardStats) at each check, the window runs from
// the promotion in the registry's log, and the replica that leads judges
// the sum of the figures written since then. On a breach within the
// window it rolls the champion back (RollbackFrom, so that it rolls back
// once even if two replicas lead for a moment) with the figures in the
// event, and logs an error. So a breach seen by replicas that do not
// lead is rolled back, and a leader that takes over mid-window judges
// what was seen before it led, within the same window.
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
	// jobs: only the leader judges and rolls back (and deletes old
	// figures); the others only write their figures. nil leads always.
	// Set it before Run.
	Leading func() bool
	// Replica is this replica's ID in the shared figures (host:pid by
	// default): replicas must not share one. Set it before Run.
	Replica string
	// Now is the guard's clock (time.Now by default), for tests.
	Now func() time.Time

	mu        sync.Mutex
	stats     map[string]*callStats // by version: the serving one and the watched one
	lastAlias string
	watch     atomic.Pointer[watching] // read by Watch, written by Check
	pruned    time.Time                // when this replica last deleted old figures
}

// watching is a champion under watch since its promotion.
type watching struct {
	version, from string
	since         time.Time     // the promotion, as the registry logged it
	baseline      time.Duration // p99 of the champion it replaced, 0 unknown
}

// GuardBreach is the figures of a rollback's event: those of every
// replica together.
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
	// Replicas are those whose figures were judged.
	Replicas []string `json:"replicas"`
}

// NewGuard returns a guard of the champion live serves.
func NewGuard[M any](store GuardStore, live *Live[M], cfg GuardConfig, log *slog.Logger) *Guard[M] {
	host, _ := os.Hostname()
	return &Guard[M]{store: store, live: live, cfg: cfg, log: log, stats: map[string]*callStats{},
		Replica: fmt.Sprintf("%s:%d", host, os.Getpid()), Now: time.Now}
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
// joins the watch of a champion promoted less than a window ago.
func (g *Guard[M]) Run(ctx context.Context) {
	t := time.NewTicker(g.cfg.Every)
	defer t.Stop()
	// A failing database is logged when it begins and ends, not at
	// every check.
	failures := &careerpath.FailureLog{Log: g.log, Msg: "guard: the check of the champion failed; retrying at each interval",
		Recovered: "guard: checks of the champion work again", Now: g.Now}
	for {
		switch _, err := g.Check(ctx); {
		case err == nil:
			failures.OK()
		case ctx.Err() == nil:
			failures.Fail(err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Check looks at the champion once: it writes this replica's figures,
// opens a watch when the alias points at a version promoted less than a
// window ago, and, leading, rolls back on a breach of the figures of
// every replica within the window. It returns the rollback event, if it
// made one. Run calls it; calls must not overlap (Observe may run at any
// time).
func (g *Guard[M]) Check(ctx context.Context) (*careerpath.ModelEvent, error) {
	now := g.Now()
	alias, err := g.store.Alias(ctx, careerpath.AliasChampion)
	if careerpath.ErrorCode(err) == careerpath.ENOTFOUND {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	// Before a move, every version's figures: the replaced one's are the
	// new watch's baseline.
	if err := g.save(ctx, now, alias != g.lastAlias); err != nil {
		return nil, err
	}
	if alias != g.lastAlias {
		if err := g.moved(ctx, alias, now); err != nil {
			return nil, err
		}
		if err := g.save(ctx, now, false); err != nil { // a failure to load the new champion here
			return nil, err
		}
	}
	leading := g.Leading == nil || g.Leading()
	if leading {
		g.prune(ctx, now)
	}
	w := g.watch.Load()
	if w == nil {
		return nil, nil
	}
	if now.Sub(w.since) > g.cfg.Window {
		g.log.Info("the new champion held through its watch window", "version", w.version, "window", g.cfg.Window)
		g.watch.Store(nil)
		return nil, nil
	}
	if !leading {
		return nil, nil
	}
	b, err := g.judge(ctx, w, now)
	if err != nil || len(b.Breaches) == 0 {
		return nil, err
	}
	details, _ := json.Marshal(b)
	reason := "automatic rollback: " + strings.Join(b.Breaches, "; ")
	e, err := g.store.RollbackFrom(ctx, w.version, "guard", reason, details)
	g.watch.Store(nil)
	if careerpath.ErrorCode(err) == careerpath.ECONFLICT {
		g.log.Info("the breaching champion was moved meanwhile: no rollback", "version", w.version, "err", err)
		return nil, nil
	} else if err != nil {
		return nil, fmt.Errorf("roll back %s: %w", w.version, err)
	}
	g.log.Error("rolled the champion back after a breach", "version", w.version, "to", e.To, "breaches", strings.Join(b.Breaches, "; "),
		"calls", b.Calls, "errors", b.Errors, "p99_us", b.P99us, "bound_p99_us", b.BoundP99us, "replicas", strings.Join(b.Replicas, ","))
	return e, nil
}

// moved handles a move of the champion alias. A promotion less than a
// window ago (not a rollback, and not the first champion, which has
// nothing to go back to) opens a watch from the time the registry logged
// it, whether this replica saw the move or started after it, with the
// latency of the replaced version on every replica as its baseline.
func (g *Guard[M]) moved(ctx context.Context, alias string, now time.Time) error {
	g.lastAlias = alias
	g.watch.Store(nil)
	g.mu.Lock()
	for v := range g.stats { // keep the figures of the version serving here
		if cur := g.live.Current(); cur == nil || v != cur.Version {
			delete(g.stats, v)
		}
	}
	g.mu.Unlock()
	events, err := g.store.FindModelEvents(ctx)
	if err != nil {
		return err
	}
	var promoted *careerpath.ModelEvent
	for i := len(events) - 1; i >= 0; i-- {
		if e := events[i]; e.Alias == careerpath.AliasChampion && e.To == alias {
			promoted = e
			break
		}
	}
	if promoted == nil || promoted.Action != careerpath.EventPromote || promoted.From == "" || now.Sub(promoted.At) > g.cfg.Window {
		return nil // a rollback, the first champion, or one that held already
	}
	w := &watching{version: alias, from: promoted.From, since: promoted.At}
	before, err := g.store.FindGuardStats(ctx, w.from, time.Time{})
	if err != nil {
		return err
	}
	if st := sumStats(before); st.calls >= g.cfg.MinCalls {
		w.baseline = st.hist.quantile(0.99)
	}
	g.watch.Store(w)
	g.log.Info("watching the new champion", "version", alias, "replaced", w.from, "promoted_at", w.since, "window", g.cfg.Window,
		"baseline_p99_us", micros(w.baseline))
	return nil
}

// save writes this replica's figures of each version it counts (and of
// the watched one if it failed to load here) that changed since the last
// save: the watched version's at every check, the others' (the baseline
// of the next watch) at most every tenth of a window unless all, so that
// a replica outside a watch writes little. A row not written for half a
// window is written again, to stay fresh while its version serves here.
func (g *Guard[M]) save(ctx context.Context, now time.Time, all bool) error {
	var rows []*careerpath.GuardStats
	w := g.watch.Load()
	g.mu.Lock()
	if w != nil {
		if err := g.live.Rejected(w.version); err != nil && g.stats[w.version] == nil {
			g.stats[w.version] = &callStats{}
		}
	}
	for v, st := range g.stats {
		failure := ""
		if err := g.live.Rejected(v); err != nil {
			failure = err.Error()
		}
		changed := st.calls != st.savedCalls || failure != st.savedFailure
		due := all || (w != nil && v == w.version) || now.Sub(st.savedAt) >= g.cfg.Window/10
		if !(changed && due) && now.Sub(st.savedAt) < g.cfg.Window/2 {
			continue
		}
		rows = append(rows, &careerpath.GuardStats{Version: v, Replica: g.Replica, Calls: st.calls, Errors: st.errors,
			Latency: st.hist.counts(), Failure: failure, UpdatedAt: now})
	}
	g.mu.Unlock()
	for _, r := range rows {
		if err := g.store.SaveGuardStats(ctx, r); err != nil {
			return fmt.Errorf("guard: save the figures of %s: %w", r.Version, err)
		}
		g.mu.Lock()
		if st := g.stats[r.Version]; st != nil {
			st.savedCalls, st.savedFailure, st.savedAt = r.Calls, r.Failure, now
		}
		g.mu.Unlock()
	}
	return nil
}

// prune deletes, once a window, the figures not written for two windows:
// versions no replica serves, replicas gone. The replaced champion's stay
// through its successor's window, as its baseline.
func (g *Guard[M]) prune(ctx context.Context, now time.Time) {
	if now.Sub(g.pruned) < g.cfg.Window {
		return
	}
	g.pruned = now
	n, err := g.store.DeleteGuardStats(ctx, now.Add(-2*g.cfg.Window))
	if err != nil {
		g.log.Warn("guard: delete old figures", "err", err)
	} else if n > 0 {
		g.log.Debug("guard: deleted old figures", "rows", n)
	}
}

// Watch returns the watch under way, on the figures of every replica
// (nil when no champion is watched), for the admin pages: as this
// replica sees it, whether it leads or not.
func (g *Guard[M]) Watch(ctx context.Context) (*careerpath.GuardWatch, error) {
	w := g.watch.Load()
	if w == nil {
		return nil, nil
	}
	b, err := g.judge(ctx, w, g.Now())
	if err != nil {
		return nil, err
	}
	return &careerpath.GuardWatch{Version: w.version, Replaced: w.from, Since: w.since, Until: w.since.Add(g.cfg.Window),
		Calls: b.Calls, Errors: b.Errors, MinCalls: g.cfg.MinCalls, ErrorRate: b.ErrorRate, MaxErrorRate: b.MaxErrorRate,
		P99us: b.P99us, BoundP99us: b.BoundP99us, Replicas: b.Replicas, Breaches: b.Breaches}, nil
}

// judge returns the watched champion's figures on every replica since its
// promotion, and what they breach.
func (g *Guard[M]) judge(ctx context.Context, w *watching, now time.Time) (GuardBreach, error) {
	b := GuardBreach{Version: w.version, RolledBackTo: w.from, MaxErrorRate: g.cfg.MaxErrorRate, BaselineP99us: micros(w.baseline),
		WatchedFor: math.Round(now.Sub(w.since).Seconds()*10) / 10, Replicas: []string{}}
	rows, err := g.store.FindGuardStats(ctx, w.version, w.since)
	if err != nil {
		return b, err
	}
	bound := max(g.cfg.LatencyFloor, time.Duration(g.cfg.LatencyFactor*float64(w.baseline)))
	b.BoundP99us = micros(bound)
	for _, r := range rows {
		b.Replicas = append(b.Replicas, r.Replica)
		if r.Failure != "" {
			b.Breaches = append(b.Breaches, "it failed to load or warm up on "+r.Replica+": "+r.Failure)
		}
	}
	st := sumStats(rows)
	b.Calls, b.Errors = st.calls, st.errors
	p99 := st.hist.quantile(0.99)
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
	return b, nil
}

// sumStats adds up the figures of several replicas.
func sumStats(rows []*careerpath.GuardStats) callStats {
	var st callStats
	for _, r := range rows {
		st.calls += r.Calls
		st.errors += r.Errors
		for i, n := range r.Latency {
			st.hist.bins[min(i, latencyBins-1)] += n
			st.hist.n += n
		}
	}
	return st
}

// callStats counts a version's calls, errors and per-entry latencies.
type callStats struct {
	calls, errors int
	hist          latencyHist
	// what the last save wrote, and when
	savedCalls   int
	savedFailure string
	savedAt      time.Time
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

// counts returns the bins' counts, without the trailing empty ones.
func (h *latencyHist) counts() []int {
	n := len(h.bins)
	for n > 0 && h.bins[n-1] == 0 {
		n--
	}
	return append([]int{}, h.bins[:n]...)
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
