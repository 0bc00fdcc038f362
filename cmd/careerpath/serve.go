package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"time"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/content"
	"github.com/careerpath/careerpath/data"
	"github.com/careerpath/careerpath/experiment/track"
	"github.com/careerpath/careerpath/guides"
	"github.com/careerpath/careerpath/search"
	"github.com/careerpath/careerpath/sqlite"
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
	var ready readiness
	log.Debug("effective config", c.logAttrs()...)

	if err := sqlite.CheckPath(c.DB); err != nil {
		return err
	}
	if _, err := os.Stat(c.DB); errors.Is(err, os.ErrNotExist) {
		log.Info("no database yet: importing the open data first", "db", c.DB)
		if _, err := importData(ctx, c, stderr, stderr); err != nil {
			return err
		}
	}
	start := time.Now()
	db, err := sqlite.Open(ctx, c.DB)
	if err != nil {
		return err
	}
	defer db.Close()

	files, err := contentFS(c.Content)
	if err != nil {
		return err
	}
	guideStart := time.Now()
	gs, err := guides.Load(ctx, files, db)
	if err != nil {
		return fmt.Errorf("career guides: %w", err)
	}
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
	// The challenger in shadow, its promotion, the guard of new champions,
	// and retraining on a schedule when asked for.
	rollout := startRollout(ctx, c.Lifecycle, db, model, c.Rollout, log)
	// The singleton jobs run on the replica holding the lease.
	var singletons []func(context.Context)
	if c.Rollout.retrainEvery > 0 {
		release, err := c.release()
		if err != nil {
			return err
		}
		singletons = append(singletons, func(ctx context.Context) {
			scheduleRetrain(ctx, c.Lifecycle, db, c.Rollout.retrainEvery, release, model.Relevance, c.TrainConfig, log)
		})
	}
	elector, err := runLeading(ctx, c.DB, c.Leader, log, singletons...)
	if err != nil {
		return err
	}

	// The finder's index takes a few seconds to build: serve the guides at
	// once, and the finder as soon as its index is in place.
	programs := search.NewService(nil)
	// Queries read as fields of study by CIP 2020's own words and by the
	// relevance model.
	cipTopics, err := search.BundledCIPTopics(data.FS)
	if err != nil {
		return err
	}
	programs.UseTopics(search.CombineTopics(cipTopics, topics(model)))
	// Editors' decisions apply to every index (search.Overlay): each
	// replica polls the database's override log.
	if c.OverridesPoll <= 0 {
		return fmt.Errorf("--overrides-poll %v: want a positive duration", c.OverridesPoll)
	}
	overlay := search.NewOverlay(programs, db, log)
	// Catalog imports, through the admin API or by another process,
	// rebuild the index in the background (see search.Updater).
	// The careers of every occupation join the finder once generated,
	// each built on its first query.
	occupations := &occupationCareers{}
	build := func(ctx context.Context) (*search.Index, error) { return loadFinder(ctx, db, gs, occupations, log) }
	updater := search.NewUpdater(ctx, db, build, overlay.SetBase, search.DefaultCatalogPoll, log)
	// An open-data import (careerpath import) moves a new file under the
	// server: the database reopens it, and the index is rebuilt from it.
	db.OnReopen(func() {
		log.Info("database file replaced by an import: reopened; rebuilding the program finder", "db", c.DB)
		updater.Notify(ctx, nil)
	})
	finderErr := make(chan error, 1)
	go func() {
		beforeFinder(ctx)
		ix, err := loadFinder(ctx, db, gs, occupations, log)
		if err == nil {
			if err := overlay.SetBase(ctx, ix); err != nil {
				log.Warn("program finder: editors' overrides not applied", "err", err)
			}
			ready.finder.Store(true)
			go updater.Watch(ctx)
			go overlay.Run(ctx, c.OverridesPoll)
		}
		finderErr <- err
	}()

	adminToken := c.AdminToken
	switch {
	case adminToken == "":
		log.Info("admin API disabled: --admin-token (CAREERPATH_ADMIN_TOKEN) is not set")
	case len(adminToken) < 16:
		log.Warn("the admin token is shorter than 16 characters: use a long random token")
	}
	// Finder experiments: logs are written in the background, and the
	// last ones before the database closes.
	experiments := track.New(db, track.Config{Retention: time.Duration(c.ExperimentRetentionDays) * 24 * time.Hour}, log)
	if err := experiments.Refresh(ctx); err != nil {
		return fmt.Errorf("experiments: %w", err)
	}
	runCtx, stopExperiments := context.WithCancel(context.WithoutCancel(ctx)) // until the server has closed
	experimentsDone := make(chan struct{})
	go func() { experiments.Run(runCtx); close(experimentsDone) }()
	defer func() { stopExperiments(); <-experimentsDone }()

	if c.AuditRetentionDays < 1 {
		return fmt.Errorf("--audit-retention-days %d: want at least 1", c.AuditRetentionDays)
	}
	go pruneAudit(ctx, db, time.Duration(c.AuditRetentionDays)*24*time.Hour, time.Hour, log)

	srv, err := web.NewServer(ctx, web.Services{Datasets: db, Guides: gs, Programs: programs, Ping: db.Ping, Ready: ready.check, Leader: elector.Leader,
		Catalogs: monitoredCatalogs(rollout.Catalogs(model.Catalogs(db, log)), mon, model.Raw), Classifier: rollout.Classifier(model.Classifier()), AdminToken: adminToken,
		CatalogImported: updater.Notify, OverridesChanged: overlay.Notify, Monitor: mon, Review: db, Models: db, Experiments: experiments, Careers: gs, Audit: db, Sessions: db, ExperimentUnits: db.ExperimentUnitsSince,
		Security: c.Security, Metrics: prometheus.NewRegistry()}, log)
	if err != nil {
		return err
	}
	if err := srv.Open(c.Addr); err != nil {
		return err
	}
	log.Info("serving", "addr", "http://"+srv.Addr(), "db", c.DB, "startup_ms", time.Since(start).Milliseconds())
	// The pages of every occupation, beside the edited guides: computed
	// once the server listens.
	go func() {
		genStart := time.Now()
		if err := gs.Generate(ctx); err != nil {
			if ctx.Err() == nil { // not merely stopped by a shutdown
				log.Error("career pages of every occupation", "err", err)
			}
			return
		}
		log.Info("career pages of every occupation", "generated", gs.Generated().Careers, "duration_ms", time.Since(genStart).Milliseconds())
		relStart := time.Now()
		if err := occupations.prepare(ctx, db, gs); err != nil {
			if ctx.Err() == nil {
				log.Error("program finder of every occupation", "err", err)
			}
			return
		}
		log.Info("program finder of every occupation", "duration_ms", time.Since(relStart).Milliseconds(), "cache_bytes", search.DefaultCareerCacheBytes)
	}()
	fmt.Fprintf(stdout, "careerpath: serving on http://%s\n", srv.Addr())
	if a := srv.MetricsAddr(); a != "" {
		log.Info("serving /metrics apart", "addr", "http://"+a+"/metrics")
	}

	var runErr error
	select {
	case <-ctx.Done():
	case runErr = <-finderErr:
		if runErr == nil { // the index is in place: serve until stopped
			<-ctx.Done()
		}
	}
	if ctx.Err() != nil { // stopped, not failed: let load balancers notice first
		ready.drain(c.Ready.drainDelay, log)
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

// loadFinder builds the program finder's index over the database, with
// the relevance of every program to every career guide, and answering the
// careers of every occupation of occupations (none for nil) on first
// query.
func loadFinder(ctx context.Context, db *sqlite.DB, gs careerpath.GuideService, occupations *occupationCareers, log *slog.Logger) (*search.Index, error) {
	start := time.Now()
	all, err := gs.FindGuides(ctx, "")
	if err != nil {
		return nil, err
	}
	careers := make([]*careerpath.Career, len(all))
	for i, g := range all {
		careers[i] = g.Career
	}
	rel, err := relevanceRule(ctx, db, careers)
	if err != nil {
		return nil, err
	}
	ix, err := search.Load(ctx, db, rel)
	if err != nil {
		return nil, fmt.Errorf("program finder: %w", err)
	}
	log.Info("built program finder index", "programs", ix.Len(), "duration_ms", time.Since(start).Milliseconds())
	return occupations.with(ix), nil
}

// contentFS returns the career guides to serve: the built-in ones, or
// those of dir for editors previewing changes.
func contentFS(dir string) (fs.FS, error) {
	if dir == "" {
		return content.Embedded(), nil
	}
	if fi, err := os.Stat(dir); err != nil {
		return nil, fmt.Errorf("--content: %w", err)
	} else if !fi.IsDir() {
		return nil, fmt.Errorf("--content: %s is not a directory", dir)
	}
	return os.DirFS(dir), nil
}
