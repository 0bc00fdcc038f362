package main

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"time"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/content"
	"github.com/careerpath/careerpath/data"
	"github.com/careerpath/careerpath/derived"
	"github.com/careerpath/careerpath/experiment/track"
	"github.com/careerpath/careerpath/guides"
	"github.com/careerpath/careerpath/lifecycle"
	"github.com/careerpath/careerpath/monitor"
	"github.com/careerpath/careerpath/search"
	"github.com/careerpath/careerpath/stores"
	"github.com/careerpath/careerpath/web"

	"github.com/prometheus/client_golang/prometheus"
)

// serveSettings are the settings serve reads: all of them.
var serveSettings = []string{"db", "data", "content", "train-config", "log-level", "addr", "admin-token",
	"monitoring", "monitor-window", "retrain-every", "shadow-rate", "shadow-min", "overrides-poll",
	"experiment-retention-days", "audit-retention-days", "request-timeout", "api-rate", "api-burst",
	"metrics-addr", "metrics-token", "trusted-proxies", "drain-delay", "leader-interval", "replica-id"}

func runServe(ctx context.Context, c Config, args []string, stdout, stderr io.Writer) error {
	fset := c.flags("serve", stderr, serveSettings...)
	if err := parseFlags(fset, args); err != nil {
		return err
	}
	log := newLogger(stderr, c.LogLevel)
	if err := c.checkServe(log); err != nil {
		return err
	}
	var ready web.Readiness
	log.Debug("effective config", c.logAttrs()...)

	start := time.Now()
	store, err := stores.OpenServing(ctx, c.DB, log, func(ctx context.Context) error {
		_, err := importData(ctx, c, stderr, stderr)
		return err
	})
	if err != nil {
		return err
	}
	defer store.Close()
	db := store.ServeStore

	files, err := contentFS(c.Content)
	if err != nil {
		return err
	}
	guideStart := time.Now()
	loaded, err := guides.Load(ctx, files, db)
	if err != nil {
		return fmt.Errorf("career guides: %w", err)
	}
	// Rebuilt over each new release of the open data (derived.Data).
	gs := guides.NewLive(files, loaded)
	log.Info("loaded career guides", "duration_ms", time.Since(guideStart).Milliseconds())

	// The champion classifier, swapped when a promotion moves it,
	// and observed by the monitor.
	mon, err := c.Monitor.start(ctx, db, log)
	if err != nil {
		return err
	}
	model, err := startModel(ctx, c.Lifecycle, db, gs, log)
	if err != nil {
		return err
	}
	model.Monitor = mon
	// The singleton jobs run on the replica holding the lease: the shadow
	// decision and promotion, the guard's rollback, the scheduled
	// retrain, the retention of experiment and audit logs.
	leader, err := newLeader(store.Elector, c.Leader, log)
	if err != nil {
		return err
	}
	// The challenger in shadow, its promotion, and the guard of new
	// champions.
	rollout := c.Lifecycle.StartRollout(ctx, db, model, lifecycle.RolloutConfig{Shadow: c.Rollout.shadow, Guard: c.Rollout.guard, Leader: leader, Replica: c.Leader.replicaID()}, log)
	if c.Rollout.retrainEvery > 0 {
		t, err := c.training(lifecycle.RetrainActor, log)
		if err != nil {
			return err
		}
		t = lifecycle.Scheduled(t.Config, t.Release, model.Relevance, t.Train, log)
		leader.Go(func(ctx context.Context) { t.Schedule(ctx, db, c.Rollout.retrainEvery) })
	}

	// Queries read as fields of study by CIP 2020's own words and by the
	// relevance model.
	cipTopics, err := search.BundledCIPTopics(data.FS)
	if err != nil {
		return err
	}
	// The guides serve at once, the finder as soon as its index is in
	// place.
	finder := derived.StartFinder(ctx, derived.FinderConfig{Guides: gs, Store: db, Release: store.Release, Current: store.Current,
		Topics: search.CombineTopics(cipTopics, model.Topics()), Steps: []derived.Step{model.RelevanceStep(db, gs)},
		OverridesPoll: c.OverridesPoll, Before: beforeFinder, Built: ready.FinderBuilt, Log: log})
	updater, overlay := finder.Updater, finder.Overlay
	// An open-data import (careerpath import) moves new data under the
	// server: the store reopens it, and the index is rebuilt from it.
	store.OnData(func() { updater.Notify(ctx, nil) })

	// Finder experiments: logs are written in the background, and the
	// last ones before the database closes.
	experiments, stopExperiments, err := track.Start(ctx, db, track.Config{Retention: time.Duration(c.ExperimentRetentionDays) * 24 * time.Hour}, log)
	if err != nil {
		return err
	}
	defer stopExperiments() // once the server has closed

	leader.Go(experiments.Retain)
	leader.Go(func(ctx context.Context) {
		careerpath.RetainAudit(ctx, db, time.Duration(c.AuditRetentionDays)*24*time.Hour, time.Hour, log)
	})
	go leader.Run(ctx)
	// A store shared by replicas (PostgreSQL) tells of every change at
	// once; SQLite's readers poll.
	store.Wake(ctx, careerpath.Wakers{
		careerpath.ChangeModel:      {rollout.Wake},
		careerpath.ChangeCatalog:    {func() { updater.Notify(ctx, nil) }},
		careerpath.ChangeOverride:   {func() { overlay.Notify(ctx) }},
		careerpath.ChangeExperiment: {experiments.Notify},
	}, log)

	srv, err := web.NewServer(ctx, web.Services{Datasets: db, Guides: gs, Programs: finder.Programs, Ping: db.Ping, Ready: ready.Check, Leader: leader.Leadership, GuardWatch: rollout.Guard.Watch,
		Catalogs: &monitor.Catalogs{CatalogService: rollout.Catalogs(model.Catalogs(db, log)), Monitor: mon, Current: model.Raw}, Classifier: rollout.Classifier(model.Classifier()), AdminToken: c.AdminToken,
		CatalogImported: updater.Notify, OverridesChanged: overlay.Notify, Monitor: mon, Review: db, Models: db, Experiments: experiments, Careers: gs, Audit: db, Sessions: db, ExperimentUnits: db.ExperimentUnitsSince,
		Security: c.Security, Metrics: prometheus.NewRegistry()}, log)
	if err != nil {
		return err
	}
	if err := srv.Open(c.Addr); err != nil {
		return err
	}
	log.Info("serving", "addr", "http://"+srv.Addr(), "db", careerpath.DatabaseName(c.DB), "startup_ms", time.Since(start).Milliseconds())
	// The pages of every occupation, beside the edited guides: computed
	// once the server listens.
	go derived.GenerateOccupations(ctx, db, gs, finder.Occupations, log)
	fmt.Fprintf(stdout, "careerpath: serving on http://%s\n", srv.Addr())
	if a := srv.MetricsAddr(); a != "" {
		log.Info("serving /metrics apart", "addr", "http://"+a+"/metrics")
	}

	var runErr error
	select {
	case <-ctx.Done():
	case runErr = <-finder.Err:
		if runErr == nil { // the index is in place: serve until stopped
			<-ctx.Done()
		}
	}
	if ctx.Err() != nil { // stopped, not failed: let load balancers notice first
		ready.Drain(c.Ready.drainDelay, log)
	}
	log.Info("shutting down")
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Close(shutdown); err != nil {
		return err
	}
	if runErr != nil && ctx.Err() == nil {
		return runErr
	}
	return nil
}

// contentFS returns the career guides of --content (content.Dir).
func contentFS(dir string) (fs.FS, error) {
	files, err := content.Dir(dir)
	if err != nil {
		return nil, fmt.Errorf("--content: %w", err)
	}
	return files, nil
}
