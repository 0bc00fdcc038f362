// Package track runs finder experiments in the product: it keeps the
// running phase in memory (re-read from storage periodically, so replicas
// agree), assigns visitors with the pure function of package experiment,
// logs exposures and events through a bounded queue written in batches off
// the request path, deletes old logs, and reports.
//
// One experiment runs at a time: all of them test the finder's default
// ranking, and a visitor in two would see one ranking and count in both.
package track

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/experiment"
	"github.com/prometheus/client_golang/prometheus"
)

// Config tunes a Tracker; zero values take the defaults.
type Config struct {
	Refresh    time.Duration // how often the running phase is re-read; 5 s
	FlushEvery time.Duration // how often queued logs are written; 1 s
	BatchSize  int           // logs written at once, at most; 500
	QueueSize  int           // logs waiting, at most (more are dropped and counted); 10,000
	SeenSize   int           // exposures remembered in memory; 200,000
	// Retention is how long the exposures and events of an ended phase
	// are kept; 180 days. RetentionEvery is how often old ones are
	// deleted; 1 h.
	Retention, RetentionEvery time.Duration
}

func (c *Config) defaults() {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&c.Refresh, 5*time.Second)
	def(&c.FlushEvery, time.Second)
	def(&c.Retention, 180*24*time.Hour)
	def(&c.RetentionEvery, time.Hour)
	if c.BatchSize <= 0 {
		c.BatchSize = 500
	}
	if c.QueueSize <= 0 {
		c.QueueSize = 10_000
	}
	if c.SeenSize <= 0 {
		c.SeenSize = 200_000
	}
}

// Assignment is a visitor's place in the running experiment.
type Assignment struct {
	Experiment string
	Phase      int
	Arm        string // a ranking: the sort the finder uses by default
}

// running is the current phase of the running experiment.
type running struct {
	key   string
	phase experiment.Phase
	n     int
}

// item is an exposure or an event waiting to be written.
type item struct {
	exposure *careerpath.ExperimentExposure
	event    *careerpath.ExperimentEvent
}

// Tracker assigns visitors and logs what they see and do. Its methods are
// safe for concurrent use; Run does the background work.
type Tracker struct {
	svc careerpath.ExperimentService
	log *slog.Logger
	cfg Config
	now func() time.Time

	cur   atomic.Pointer[running]
	queue chan item
	flush chan chan error
	wake  chan struct{}
	seen  seenSet

	exposures *prometheus.CounterVec
	events    *prometheus.CounterVec
	dropped   prometheus.Counter

	// The failures of Run's reads and writes, logged when they begin and
	// end; while the store is unreachable (EUNAVAILABLE), Event refuses
	// what it could not store.
	refreshes, writes careerpath.FailureLog
	unreachable       atomic.Bool
}

// New returns a tracker over the service; call Refresh (or Run) before it
// assigns anyone.
func New(svc careerpath.ExperimentService, cfg Config, log *slog.Logger) *Tracker {
	cfg.defaults()
	return &Tracker{svc: svc, log: log, cfg: cfg, now: time.Now,
		refreshes: careerpath.FailureLog{Log: log, Msg: "experiments: refresh"},
		writes:    careerpath.FailureLog{Log: log, Msg: "experiments: write logs"},
		queue:     make(chan item, cfg.QueueSize), flush: make(chan chan error), wake: make(chan struct{}, 1),
		seen: seenSet{max: cfg.SeenSize / 2},
		exposures: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "careerpath_experiment_exposures_total",
			Help: "Visitors exposed to an experiment's arm, once per visitor and phase (per process).",
		}, []string{"experiment", "arm"}),
		events: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "careerpath_experiment_events_total",
			Help: "Events of exposed visitors accepted for logging, by experiment, arm and kind.",
		}, []string{"experiment", "arm", "kind"}),
		dropped: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "careerpath_experiment_log_dropped_total",
			Help: "Exposures and events dropped because the log queue was full.",
		}),
	}
}

// Collectors returns the tracker's Prometheus metrics.
func (t *Tracker) Collectors() []prometheus.Collector {
	return []prometheus.Collector{t.exposures, t.events, t.dropped}
}

// Refresh re-reads the running experiment from storage.
func (t *Tracker) Refresh(ctx context.Context) error {
	es, err := t.svc.FindExperiments(ctx)
	t.reached(err)
	if err != nil {
		return err
	}
	for _, e := range es {
		if e.Status == careerpath.ExperimentRunning {
			p := e.Current()
			t.cur.Store(&running{key: e.Key, phase: p.Phase(), n: p.Number})
			return nil
		}
	}
	t.cur.Store(nil)
	return nil
}

// Notify asks Run to re-read the running experiment now rather than at
// its next Refresh interval: a store's change notification
// (careerpath.ChangeExperiment) calls it, so that a new phase started on
// one replica is used by the others at once. It does not wait.
func (t *Tracker) Notify() {
	select {
	case t.wake <- struct{}{}:
	default: // a refresh is already asked for
	}
}

// Assign returns the visitor's arm in the running experiment, and false
// when none runs or the visitor falls outside its arms. It reads memory
// only.
func (t *Tracker) Assign(visitor string) (Assignment, bool) {
	r := t.cur.Load()
	if r == nil || visitor == "" {
		return Assignment{}, false
	}
	arm, ok := r.phase.Assign(visitor)
	if !ok {
		return Assignment{}, false
	}
	return Assignment{Experiment: r.key, Phase: r.n, Arm: arm}, true
}

func seenKey(experiment string, phase int, visitor string) string {
	return experiment + "\x00" + strconv.Itoa(phase) + "\x00" + visitor
}

// Expose logs that the visitor saw the arm, once per visitor and phase:
// the seen-set skips repeats in this process, the table's key repeats
// across processes.
func (t *Tracker) Expose(a Assignment, visitor string) {
	k := seenKey(a.Experiment, a.Phase, visitor)
	if !t.seen.add(k) {
		return
	}
	x := &careerpath.ExperimentExposure{Experiment: a.Experiment, Phase: a.Phase, Visitor: visitor, Arm: a.Arm, At: t.now()}
	if !t.enqueue(item{exposure: x}) {
		t.seen.remove(k) // not logged: the next view tries again
		return
	}
	t.exposures.WithLabelValues(a.Experiment, a.Arm).Inc()
}

func (t *Tracker) enqueue(it item) bool {
	select {
	case t.queue <- it:
		return true
	default:
		t.dropped.Inc()
		return false
	}
}

// reached records whether a call to the store reached it.
func (t *Tracker) reached(err error) {
	t.unreachable.Store(careerpath.ErrorCode(err) == careerpath.EUNAVAILABLE)
}

// errUnreachable is Event's answer while the store is unreachable.
var errUnreachable = careerpath.Errorf(careerpath.EUNAVAILABLE, "The database is unreachable: the event was not recorded. Try again shortly.")

// ErrNotExposed says an event was not logged because its visitor was not
// exposed to the running experiment (or none runs): pages send events for
// every visitor, so it is not a client error.
var ErrNotExposed = errors.New("track: visitor not exposed to a running experiment")

// Event logs what an exposed visitor did. experimentKey, if not "", must
// name the running experiment. Bad input is EINVALID naming the field; a
// visitor not exposed gets ErrNotExposed.
func (t *Tracker) Event(ctx context.Context, visitor, experimentKey, kind string, programID int64) error {
	switch kind {
	case careerpath.EventClick, careerpath.EventShortlist, careerpath.EventCompare:
	default:
		return careerpath.Errorf(careerpath.EINVALID, "kind: want click, shortlist or compare, not %q.", kind)
	}
	if programID < 1 {
		return careerpath.Errorf(careerpath.EINVALID, "program_id: want a program number above 0.")
	}
	r := t.cur.Load()
	if experimentKey != "" && (r == nil || r.key != experimentKey) {
		return careerpath.Errorf(careerpath.EINVALID, "experiment: no running experiment %q.", experimentKey)
	}
	a, ok := t.Assign(visitor)
	if !ok {
		return ErrNotExposed
	}
	if t.unreachable.Load() {
		// Queued, it would be dropped at the next write: say so now.
		return errUnreachable
	}
	if !t.seen.has(seenKey(a.Experiment, a.Phase, visitor)) {
		// Exposed through another replica, or before a restart?
		arm, err := t.svc.ExposedArm(ctx, a.Experiment, a.Phase, visitor)
		if err != nil {
			return err
		}
		if arm != a.Arm {
			return ErrNotExposed
		}
		t.seen.add(seenKey(a.Experiment, a.Phase, visitor))
	}
	ev := &careerpath.ExperimentEvent{Experiment: a.Experiment, Phase: a.Phase, Visitor: visitor, Arm: a.Arm, Kind: kind, ProgramID: programID, At: t.now()}
	if t.enqueue(item{event: ev}) {
		t.events.WithLabelValues(a.Experiment, a.Arm, kind).Inc()
	}
	return nil
}

// Run refreshes the running experiment and writes the queue in batches
// until ctx ends, then writes what is left. Every replica runs it; old
// logs are deleted by Retain, on one.
func (t *Tracker) Run(ctx context.Context) {
	t.refresh(ctx)
	refresh := time.NewTicker(t.cfg.Refresh)
	defer refresh.Stop()
	tick := time.NewTicker(t.cfg.FlushEvery)
	defer tick.Stop()
	b := batcher{t: t}
	for {
		select {
		case <-ctx.Done():
			b.drain()
			final, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			b.write(final)
			cancel()
			return
		case it := <-t.queue:
			b.add(it)
			if b.len() >= t.cfg.BatchSize {
				b.write(ctx)
			}
		case <-tick.C:
			if t.unreachable.Load() {
				// Told as soon as the store answers again, not at the
				// next refresh.
				t.refresh(ctx)
			}
			b.write(ctx)
		case done := <-t.flush:
			b.drain()
			done <- b.write(ctx)
		case <-refresh.C:
			t.refresh(ctx)
		case <-t.wake:
			t.refresh(ctx)
		}
	}
}

// refresh is Refresh for Run, which logs its failures.
func (t *Tracker) refresh(ctx context.Context) {
	err := t.Refresh(ctx)
	switch {
	case err == nil:
		t.refreshes.OK()
	case ctx.Err() == nil:
		t.refreshes.Fail(err)
	}
}

// Flush writes what is queued now and returns when it is stored; Run must
// be running.
func (t *Tracker) Flush(ctx context.Context) error {
	done := make(chan error, 1)
	select {
	case t.flush <- done:
	case <-ctx.Done():
		return ctx.Err()
	}
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Retain deletes the logs of phases that ended more than Retention ago,
// at once and every RetentionEvery, until ctx ends. It is a singleton
// job: one replica (the leader) runs it, while every replica Runs.
func (t *Tracker) Retain(ctx context.Context) {
	tick := time.NewTicker(t.cfg.RetentionEvery)
	defer tick.Stop()
	for {
		t.deleteOld(ctx)
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

func (t *Tracker) deleteOld(ctx context.Context) {
	n, err := t.svc.DeleteExperimentLogs(ctx, t.now().Add(-t.cfg.Retention))
	if err != nil {
		if ctx.Err() == nil {
			t.log.Error("experiments: delete old logs", "err", err)
		}
		return
	}
	if n > 0 {
		t.log.Info("experiments: deleted old logs", "rows", n, "retention_days", int(t.cfg.Retention.Hours()/24))
	}
}

// batcher collects queued logs for one transaction; only Run's goroutine
// touches it. Repeated events (a click seen by the page's script and by
// the program page's load, perhaps on two replicas) are left to the
// store, which de-duplicates them by key (careerpath.EventRepeatWindow).
type batcher struct {
	t         *Tracker
	exposures []careerpath.ExperimentExposure
	events    []careerpath.ExperimentEvent
}

func (b *batcher) len() int { return len(b.exposures) + len(b.events) }

func (b *batcher) add(it item) {
	if it.exposure != nil {
		b.exposures = append(b.exposures, *it.exposure)
		return
	}
	b.events = append(b.events, *it.event)
}

// drain takes in whatever is queued now.
func (b *batcher) drain() {
	for {
		select {
		case it := <-b.t.queue:
			b.add(it)
		default:
			return
		}
	}
}

func (b *batcher) write(ctx context.Context) error {
	if b.len() == 0 {
		return nil
	}
	for b.len() > 0 {
		nx := min(len(b.exposures), b.t.cfg.BatchSize)
		ne := min(len(b.events), b.t.cfg.BatchSize-nx)
		err := b.t.svc.LogExperiment(ctx, b.exposures[:nx], b.events[:ne])
		b.t.reached(err)
		if err != nil {
			// Dropped rather than retried: memory stays bounded, and a lost
			// batch of a well-randomised experiment biases neither arm.
			// The dropped counter has them all; the log, the first and
			// last batch of a streak of failures (the database down).
			b.t.dropped.Add(float64(b.len()))
			b.t.writes.Fail(err, "exposures", len(b.exposures), "events", len(b.events))
			b.exposures, b.events = b.exposures[:0], b.events[:0]
			return err
		}
		b.t.writes.OK()
		b.exposures, b.events = b.exposures[nx:], b.events[ne:]
	}
	b.exposures, b.events = nil, nil
	return nil
}

// seenSet remembers keys in two generations of at most max each: when the
// newer fills, the older is forgotten. Memory stays bounded, and a visitor
// forgotten gets one more exposure row that INSERT OR IGNORE drops.
type seenSet struct {
	mu        sync.Mutex
	max       int
	cur, prev map[string]struct{}
}

// add adds k and reports whether it was new.
func (s *seenSet) add(k string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.cur[k]; ok {
		return false
	}
	if _, ok := s.prev[k]; ok {
		return false
	}
	if s.cur == nil || len(s.cur) >= s.max {
		s.prev, s.cur = s.cur, make(map[string]struct{}, min(s.max, 1024))
	}
	s.cur[k] = struct{}{}
	return true
}

func (s *seenSet) has(k string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, a := s.cur[k]
	_, b := s.prev[k]
	return a || b
}

func (s *seenSet) remove(k string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.cur, k)
	delete(s.prev, k)
}

// Start reads the running experiment of svc and runs its tracker (Run)
// in the background, also after ctx ends, until stop, which waits for the
// last logs to be written: call it before the store closes.
func Start(ctx context.Context, svc careerpath.ExperimentService, cfg Config, log *slog.Logger) (t *Tracker, stop func(), err error) {
	t = New(svc, cfg, log)
	if err := t.Refresh(ctx); err != nil {
		return nil, nil, fmt.Errorf("experiments: %w", err)
	}
	runCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	done := make(chan struct{})
	go func() { t.Run(runCtx); close(done) }()
	return t, func() { cancel(); <-done }, nil
}
