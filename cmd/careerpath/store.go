package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"time"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/classify"
	"github.com/careerpath/careerpath/guides"
	"github.com/careerpath/careerpath/lifecycle"
	"github.com/careerpath/careerpath/monitor"
	"github.com/careerpath/careerpath/postgres"
	"github.com/careerpath/careerpath/relevance"
	"github.com/careerpath/careerpath/search"
	"github.com/careerpath/careerpath/sqlite"
	"github.com/careerpath/careerpath/stores"
)

// serveStore is everything serve asks of its database, by the interface
// of the package that asks: what a store must implement for `careerpath
// serve --db` to run on it. *sqlite.DB does; a PostgreSQL store for serve
// is *postgres.DB (state) together with the *postgres.OpenData of the
// release that serves, reopened when an import switches the release.
type serveStore interface {
	guides.Source         // the guides' figures, checked and computed at start
	search.Source         // the finder's index
	relevance.Source      // the relevance rule
	search.CatalogStamper // catalog (and open-data) changes rebuild the index
	careerpath.OverrideService
	careerpath.DatasetService
	careerpath.ReviewService
	careerpath.AuditService
	careerpath.SessionStore
	careerpath.ExperimentService
	lifecycle.ServingStore // the champion served
	lifecycle.RolloutStore // its rollout, and the guard's watch the replicas share
	lifecycle.RetrainStore // the scheduled retrain
	monitor.Store
	classify.CatalogStore // catalog imports through the admin API
	Ping(ctx context.Context) error
	ExperimentUnitsSince(ctx context.Context, since time.Time) (int, error)
}

var (
	_ serveStore = (*sqlite.DB)(nil)
	_ serveStore = (*postgres.Serving)(nil)
)

// servedStore is the store serve runs on, with what differs between
// SQLite and PostgreSQL: how the leader is elected, how changes by other
// processes arrive, and how the open data moves under the server.
type servedStore struct {
	serveStore
	close func() error
	// elector elects the leader of the singleton jobs.
	elector func(f leaderFlags, log *slog.Logger) (careerpath.Elector, error)
	// onData calls rebuild whenever the open data served changes (a
	// SQLite file swapped by an import, a new PostgreSQL release).
	onData func(rebuild func())
	// listen, when not nil, calls fn with each change any replica
	// commits, until ctx ends (careerpath.ChangeListener).
	listen func(ctx context.Context, fn func(kind string)) error
	// current moves to the open data that serves now before a finder
	// build (nil: nothing to move; SQLite reopens by itself).
	current func(ctx context.Context) error
	// release names the release of the open data that serves now
	// (derived.Data).
	release func() string
}

// openServeStore opens the store of c.DB for serve: a SQLite file
// (imported first if missing) or a PostgreSQL database, which must hold an
// imported release.
func openServeStore(ctx context.Context, c Config, log *slog.Logger, stderr io.Writer) (*servedStore, error) {
	if careerpath.IsPostgresURL(c.DB) {
		return openServePostgres(ctx, c.DB, log)
	}
	if err := sqlite.CheckPath(c.DB); err != nil {
		return nil, err
	}
	if _, err := os.Stat(c.DB); errors.Is(err, os.ErrNotExist) {
		log.Info("no database yet: importing the open data first", "db", c.DB)
		if _, err := importData(ctx, c, stderr, stderr); err != nil {
			return nil, err
		}
	}
	db, err := sqlite.Open(ctx, c.DB)
	if err != nil {
		return nil, err
	}
	return &servedStore{
		serveStore: db,
		close:      db.Close,
		elector: func(f leaderFlags, log *slog.Logger) (careerpath.Elector, error) {
			return sqlite.NewLockElector(c.DB, f.replicaID(), f.interval, log)
		},
		onData: func(rebuild func()) {
			db.OnReopen(func() {
				log.Info("database file replaced by an import: reopened; rebuilding the career guides and the program finder from it", "db", c.DB)
				rebuild()
			})
		},
		release: func() string { return fmt.Sprintf("file generation %d", db.Reopens()) },
	}, nil
}

// openServePostgres is openServeStore on PostgreSQL: the server reads the
// release that serves (postgres.Serving, opened as every command opens it:
// stores.OpenPostgres) and moves to each new one.
func openServePostgres(ctx context.Context, url string, log *slog.Logger) (*servedStore, error) {
	s, err := stores.OpenPostgres(ctx, url)
	if err != nil {
		return nil, err
	}
	db := s.DB
	db.SetLogger(log)
	var rebuilds []func()
	return &servedStore{
		serveStore: s,
		close:      db.Close,
		elector: func(f leaderFlags, log *slog.Logger) (careerpath.Elector, error) {
			return postgres.NewLockElector(db, postgres.DefaultLease, f.replicaID(), f.interval, log)
		},
		onData: func(rebuild func()) { rebuilds = append(rebuilds, rebuild) },
		listen: func(ctx context.Context, fn func(kind string)) error {
			return db.Listen(ctx, func(kind string) {
				if kind == careerpath.ChangeData || kind == careerpath.ChangeAny {
					switched, err := s.Switch(ctx)
					switch {
					case err != nil:
						log.Warn("open data: read the release that serves", "err", err)
					case switched:
						log.Info("open data: a new release was imported; rebuilding the career guides and the program finder from it", "release", s.Data().Release().ID)
						for _, f := range rebuilds {
							f()
						}
					}
				}
				fn(kind)
			})
		},
		current: func(ctx context.Context) error { _, err := s.Switch(ctx); return err },
		release: func() string { return fmt.Sprintf("release %d", s.Data().Release().ID) },
	}, nil
}
