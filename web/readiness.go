package web

import (
	"errors"
	"log/slog"
	"sync/atomic"
	"time"
)

// Readiness is what /readyz reports beyond the database answering
// (Services.Ready is its Check). The guides and the champion model (or
// its deliberate absence) are loaded before the server listens, so they
// need no flag here; the finder's index builds after, and draining
// begins at shutdown. The zero Readiness is not ready: the index is
// still building.
type Readiness struct {
	finder   atomic.Bool
	draining atomic.Bool
}

// FinderBuilt records that the finder's index is in place.
func (r *Readiness) FinderBuilt() { r.finder.Store(true) }

// Check is Services.Ready: nil once the finder's index is in place,
// until draining begins.
func (r *Readiness) Check() error {
	switch {
	case r.draining.Load():
		return errors.New("shutting down")
	case !r.finder.Load():
		return errors.New("the program finder's index is still building")
	}
	return nil
}

// Drain turns /readyz to 503 and waits delay, during which the server
// still answers everything else, for load balancers to notice.
func (r *Readiness) Drain(delay time.Duration, log *slog.Logger) {
	r.draining.Store(true)
	log.Info("draining: /readyz answers 503", "delay", delay)
	<-time.After(delay)
}
