package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"time"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/content"
	"github.com/careerpath/careerpath/experiment/track"
	"github.com/careerpath/careerpath/guides"
	"github.com/careerpath/careerpath/search"
	"github.com/careerpath/careerpath/sqlite"
	"github.com/careerpath/careerpath/web"
)

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fset := flag.NewFlagSet("serve", flag.ContinueOnError)
	fset.SetOutput(stderr)
	var c common
	c.register(fset)
	addr := fset.String("addr", envOr("CAREERPATH_ADDR", "localhost:8080"), "listen on `address` (port 0 picks a free port)")
	contentDir := fset.String("content", os.Getenv("CAREERPATH_CONTENT"), "read career guides from `dir` (laid out like content/) instead of the built-in ones")
	var mf monitorFlags
	mf.register(fset)
	var ro rolloutFlags
	if err := ro.register(fset); err != nil {
		return err
	}
	var sec securityFlags
	if err := sec.register(fset); err != nil {
		return err
	}
	retentionDays := fset.Int("experiment-retention-days", 180, "delete experiment exposures and events `days` after their phase ended")
	auditDays := fset.Int("audit-retention-days", 365, "delete audit log entries `days` after they were made")
	poll, _ := time.ParseDuration(envOr("CAREERPATH_OVERRIDES_POLL", "1s"))
	overridesPoll := fset.Duration("overrides-poll", poll, "how often the finder reads editors' decisions made through other replicas (`interval`; env CAREERPATH_OVERRIDES_POLL)")
	var rf readyFlags
	rf.register(fset)
	var lf leaderFlags
	lf.register(fset)
	if err := fset.Parse(args); err != nil {
		return err
	}
	log := newLogger(stderr)
	var ready readiness

	if _, err := os.Stat(c.db); errors.Is(err, os.ErrNotExist) {
		log.Info("no database yet: importing the open data first", "db", c.db)
		if _, err := importData(ctx, c, stderr, stderr); err != nil {
			return err
		}
	}
	start := time.Now()
	db, err := sqlite.Open(ctx, c.db)
	if err != nil {
		return err
	}
	defer db.Close()

	files, err := contentFS(*contentDir)
	if err != nil {
		return err
	}
	guideStart := time.Now()
	gs, err := guides.Load(ctx, files, db)
	if err != nil {
		return fmt.Errorf("career guides: %w", err)
	}
	log.Info("loaded career guides", "duration_ms", time.Since(guideStart).Milliseconds())

	// The champion relevance model, swapped when a promotion moves it,
	// and observed by the monitor.
	mon, err := mf.start(ctx, db, log)
	if err != nil {
		return err
	}
	model, err := startModel(ctx, db, gs, log)
	if err != nil {
		return err
	}
	model.mon = mon
	// The challenger in shadow, its promotion, the guard of new champions,
	// and retraining on a schedule when asked for.
	rollout := startRollout(ctx, db, model, ro, log)
	// The singleton jobs run on the replica holding the lease.
	singletons := []func(context.Context){rollout.guard.Run}
	if ro.retrainEvery > 0 {
		release, err := c.release()
		if err != nil {
			return err
		}
		singletons = append(singletons, func(ctx context.Context) { scheduleRetrain(ctx, db, ro.retrainEvery, release, model.rel, log) })
	}
	elector, err := runLeading(ctx, c.db, lf, log, singletons...)
	if err != nil {
		return err
	}

	// The finder's index takes a few seconds to build: serve the guides at
	// once, and the finder as soon as its index is in place.
	programs := search.NewService(nil)
	programs.UseTopics(model.topics())
	// Editors' decisions apply to every index (search.Overlay): each
	// replica polls the database's override log.
	if *overridesPoll <= 0 {
		return fmt.Errorf("--overrides-poll %v: want a positive duration", *overridesPoll)
	}
	overlay := search.NewOverlay(programs, db, log)
	// Catalog imports, through the admin API or by another process,
	// rebuild the index in the background (see finderUpdater).
	updater := newFinderUpdater(ctx, db, gs, overlay, log)
	finderErr := make(chan error, 1)
	go func() {
		beforeFinder(ctx)
		ix, err := loadFinder(ctx, db, gs, log)
		if err == nil {
			if err := overlay.SetBase(ctx, ix); err != nil {
				log.Warn("program finder: editors' overrides not applied", "err", err)
			}
			ready.finder.Store(true)
			go updater.watch(ctx)
			go overlay.Run(ctx, *overridesPoll)
		}
		finderErr <- err
	}()

	adminToken := os.Getenv("CAREERPATH_ADMIN_TOKEN")
	switch {
	case adminToken == "":
		log.Info("admin API disabled: CAREERPATH_ADMIN_TOKEN is not set")
	case len(adminToken) < 16:
		log.Warn("CAREERPATH_ADMIN_TOKEN is shorter than 16 characters: use a long random token")
	}
	// Finder experiments: logs are written in the background, and the
	// last ones before the database closes.
	experiments := track.New(db, track.Config{Retention: time.Duration(*retentionDays) * 24 * time.Hour}, log)
	if err := experiments.Refresh(ctx); err != nil {
		return fmt.Errorf("experiments: %w", err)
	}
	runCtx, stopExperiments := context.WithCancel(context.WithoutCancel(ctx)) // until the server has closed
	experimentsDone := make(chan struct{})
	go func() { experiments.Run(runCtx); close(experimentsDone) }()
	defer func() { stopExperiments(); <-experimentsDone }()

	if *auditDays < 1 {
		return fmt.Errorf("--audit-retention-days %d: want at least 1", *auditDays)
	}
	go pruneAudit(ctx, db, time.Duration(*auditDays)*24*time.Hour, time.Hour, log)

	srv, err := web.NewServer(ctx, web.Services{Datasets: db, Guides: gs, Programs: programs, Ping: db.Ping, Ready: ready.check, Leader: elector.Leader,
		Catalogs: monitoredCatalogs(rollout.catalogs(model.catalogs(db, log)), mon, model.raw), Classifier: rollout.classifier(model.classifier()), AdminToken: adminToken,
		CatalogImported: updater.notify, OverridesChanged: overlay.Notify, Monitor: mon, Review: db, Models: db, Experiments: experiments, Careers: gs, Audit: db, ExperimentUnits: db.ExperimentUnitsSince,
		Security: sec.Security}, log)
	if err != nil {
		return err
	}
	if err := srv.Open(*addr); err != nil {
		return err
	}
	log.Info("serving", "addr", "http://"+srv.Addr(), "db", c.db, "startup_ms", time.Since(start).Milliseconds())
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
		ready.drain(rf.drainDelay, log)
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
// the relevance of every program to every career guide.
func loadFinder(ctx context.Context, db *sqlite.DB, gs careerpath.GuideService, log *slog.Logger) (*search.Index, error) {
	start := time.Now()
	all, err := gs.FindGuides(ctx, "")
	if err != nil {
		return nil, err
	}
	careers := make([]*careerpath.Career, len(all))
	for i, g := range all {
		careers[i] = g.Career
	}
	rel, err := relevanceModel(ctx, db, careers)
	if err != nil {
		return nil, err
	}
	ix, err := search.Load(ctx, db, rel)
	if err != nil {
		return nil, fmt.Errorf("program finder: %w", err)
	}
	log.Info("built program finder index", "programs", ix.Len(), "duration_ms", time.Since(start).Milliseconds())
	return ix, nil
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
