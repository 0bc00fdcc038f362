package careerpath

import (
	"context"
	"time"
)

// An Elector runs singleton jobs — the scheduled retrain, the shadow
// decision and promotion, the guard's rollback, experiment-log retention —
// on exactly one replica at a time: the one holding its lease.
type Elector interface {
	// Run waits for the lease, then calls job with a context that is
	// cancelled when the lease is lost or ctx is done. If job returns while
	// the lease is held, Run keeps holding it until ctx is done, so that
	// leadership does not flap. Run returns ctx's error.
	Run(ctx context.Context, job func(ctx context.Context)) error
	// Leader reports who holds the lease now, as far as this replica
	// can see.
	Leader() Leadership
}

// Leadership describes the holder of an Elector's lease.
type Leadership struct {
	Holder string    // the holding replica's ID; empty when none is known
	Since  time.Time // when the holder took the lease
	Self   bool      // whether this replica holds it
}
