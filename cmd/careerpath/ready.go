package main

import (
	"context"
	"flag"
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

// beforeFinder runs before the finder's index is built; tests replace it
// to hold the index back.
var beforeFinder = func(context.Context) {}
