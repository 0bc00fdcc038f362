package main

import (
	"context"
	"errors"
	"flag"
	"log/slog"
	"sync/atomic"
	"time"
)

// readyFlags are the settings of readiness and draining (Config.Ready).
type readyFlags struct {
	drainDelay time.Duration
}

func (f *readyFlags) register(fs *flag.FlagSet) {
	fs.DurationVar(&f.drainDelay, "drain-delay", f.drainDelay,
		"on SIGTERM, answer /readyz 503 for this `long` before closing, so that load balancers stop sending requests first")
}

// readiness is what /readyz reports beyond the database answering. The
// guides and the champion model (or its deliberate absence) are loaded
// before the server listens, so they need no flag here; the finder's
// index builds after, and draining begins at shutdown.
type readiness struct {
	finder   atomic.Bool
	draining atomic.Bool
}

// beforeFinder runs before the finder's index is built; tests replace it
// to hold the index back.
var beforeFinder = func(context.Context) {}

// check is web.Services.Ready.
func (r *readiness) check() error {
	switch {
	case r.draining.Load():
		return errors.New("shutting down")
	case !r.finder.Load():
		return errors.New("the program finder's index is still building")
	}
	return nil
}

// drain turns /readyz to 503 and waits delay, during which the server
// still answers everything else, for load balancers to notice.
func (r *readiness) drain(delay time.Duration, log *slog.Logger) {
	r.draining.Store(true)
	log.Info("draining: /readyz answers 503", "delay", delay)
	<-time.After(delay)
}
