package lifecycle

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"

	careerpath "github.com/careerpath/careerpath"
)

// Leader runs a replica's singleton jobs — the scheduled retrain, the
// shadow decision and promotion, the guard's rollback, the retention of
// experiment logs and of the audit log — while the replica holds an
// Elector's lease, and tells the rest of the replica whether it leads.
// Every replica serves, scores shadows and records metrics; only the
// leader writes the decisions. A nil *Leader leads always: one process
// with no election (the command line, single-process tests).
type Leader struct {
	elector careerpath.Elector
	log     *slog.Logger
	leading atomic.Bool

	mu      sync.Mutex
	jobs    []func(context.Context)
	running bool
}

// NewLeader returns the leader of the singleton jobs elected by e.
func NewLeader(e careerpath.Elector, log *slog.Logger) *Leader {
	return &Leader{elector: e, log: log}
}

// Go adds a job, run in its own goroutine each time this replica takes
// the lease, with a context that ends when it loses it (or Run's ends). A
// job must return when its context ends. Add jobs before Run.
func (l *Leader) Go(job func(ctx context.Context)) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.running {
		panic("lifecycle: Leader.Go after Run")
	}
	l.jobs = append(l.jobs, job)
}

// Run takes part in the election until ctx ends, running the jobs while
// this replica holds the lease; it returns the elector's error.
func (l *Leader) Run(ctx context.Context) error {
	l.mu.Lock()
	l.running = true
	jobs := l.jobs
	l.mu.Unlock()
	return l.elector.Run(ctx, func(ctx context.Context) {
		l.leading.Store(true)
		l.log.Info("leading: running the singleton jobs", "jobs", len(jobs))
		var wg sync.WaitGroup
		for _, job := range jobs {
			wg.Add(1)
			go func() { defer wg.Done(); job(ctx) }()
		}
		<-ctx.Done()
		l.leading.Store(false) // act no more, before the jobs have stopped
		wg.Wait()
		l.log.Info("not leading: the singleton jobs stopped")
	})
}

// Leading reports whether this replica holds the lease now (true for a
// nil Leader).
func (l *Leader) Leading() bool {
	return l == nil || l.leading.Load()
}

// Leadership reports who holds the lease, for the admin pages.
func (l *Leader) Leadership() careerpath.Leadership {
	if l == nil {
		return careerpath.Leadership{Self: true}
	}
	return l.elector.Leader()
}

// goOrRun adds job to l, or, for a nil Leader (which leads always), runs
// it in its own goroutine until ctx ends.
func (l *Leader) goOrRun(ctx context.Context, job func(context.Context)) {
	if l == nil {
		go job(ctx)
		return
	}
	l.Go(job)
}
