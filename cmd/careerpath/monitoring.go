package main

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/careerpath/careerpath/monitor"
)

// monitorFlags are serve's monitoring options.
type monitorFlags struct {
	on     bool
	window time.Duration
}

// start returns the server's monitor, aggregating in the background until
// ctx ends.
func (f *monitorFlags) start(ctx context.Context, db monitor.Store, log *slog.Logger) (*monitor.Monitor, error) {
	if f.window <= 0 {
		return nil, fmt.Errorf("--monitor-window %v: want a positive duration", f.window)
	}
	mon := monitor.New(db, monitor.Config{Window: f.window, Off: !f.on}, log)
	if !f.on {
		log.Info("request-path monitoring is off (--monitoring=false): no latency percentiles or live drift")
	}
	go mon.Run(ctx)
	return mon, nil
}
