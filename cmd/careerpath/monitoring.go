package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"time"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/classify"
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

// monitoredCatalogs adds the champion's drift report to every catalog
// import of the store.
func monitoredCatalogs(store careerpath.CatalogService, mon *monitor.Monitor, current func() (classify.Model, string)) careerpath.CatalogService {
	return &monitor.Catalogs{CatalogService: store, Monitor: mon, Current: current}
}

// printCatalogDrift writes a catalog's drift summary.
func printCatalogDrift(w io.Writer, d *careerpath.CatalogDrift) {
	if d == nil {
		return
	}
	if d.Reason != "" {
		fmt.Fprintf(w, "  drift against model %s: %s (%s)\n", orDefault(d.Model, "(none)"), d.Status, d.Reason)
		return
	}
	fmt.Fprintf(w, "  drift against the reference of model %s over %d entries: %s\n", d.Model, d.N, d.Status)
	for _, f := range d.Features {
		fmt.Fprintf(w, "    %-14s %-5s  PSI %.3f  JS distance %.3f  chi-square %.1f (p %.3g)\n", f.Feature, f.Status, f.PSI, f.JSDistance, f.ChiSquare, f.ChiSquareP)
	}
}
