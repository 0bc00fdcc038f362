package stores

import (
	"context"
	"errors"
	"fmt"
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
)

// ServeStore is everything serve asks of its database, by the interface
// of the package that asks: what a store must implement for `careerpath
// serve --db` to run on it. *sqlite.DB does; a PostgreSQL store for serve
// is *postgres.DB (state) together with the *postgres.OpenData of the
// release that serves, reopened when an import switches the release.
type ServeStore interface {
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
	_ ServeStore = (*sqlite.DB)(nil)
	_ ServeStore = (*postgres.Serving)(nil)
)

// Serving is the store serve runs on, with what differs between SQLite
// and PostgreSQL: how the leader is elected, how changes by other
// processes arrive, and how the open data moves under the server.
type Serving struct {
	ServeStore
	close func() error
	// Elector elects the leader of the singleton jobs, replicaID holding
	// the lease, a replica that does not lead trying every interval.
	Elector func(replicaID string, interval time.Duration, log *slog.Logger) (careerpath.Elector, error)
	// OnData calls rebuild whenever the open data served changes (a
	// SQLite file swapped by an import, a new PostgreSQL release).
	OnData func(rebuild func())
	// Listen, when not nil, calls fn with each change any replica
	// commits, until ctx ends (careerpath.ChangeListener).
	Listen func(ctx context.Context, fn func(kind string)) error
	// Current moves to the open data that serves now before a finder
	// build (nil: nothing to move; SQLite reopens by itself).
	Current func(ctx context.Context) error
	// Release names the release of the open data that serves now
	// (derived.Data).
	Release func() string
}

// Close closes the database.
func (s *Serving) Close() error { return s.close() }

// OpenServing opens the store dsn for serve: a SQLite file, imported
// first by importFirst if missing (ENOTFOUND for a nil importFirst), or a
// PostgreSQL database, which must hold an imported release.
func OpenServing(ctx context.Context, dsn string, log *slog.Logger, importFirst func(ctx context.Context) error) (*Serving, error) {
	if careerpath.IsPostgresURL(dsn) {
		return openServingPostgres(ctx, dsn, log)
	}
	if err := sqlite.CheckPath(dsn); err != nil {
		return nil, err
	}
	if _, err := os.Stat(dsn); errors.Is(err, os.ErrNotExist) {
		if importFirst == nil {
			return nil, careerpath.Errorf(careerpath.ENOTFOUND, "No database at %s: run \"careerpath import\" first (%v).", dsn, err)
		}
		log.Info("no database yet: importing the open data first", "db", dsn)
		if err := importFirst(ctx); err != nil {
			return nil, err
		}
	}
	db, err := sqlite.Open(ctx, dsn)
	if err != nil {
		return nil, err
	}
	return &Serving{
		ServeStore: db,
		close:      db.Close,
		Elector: func(replicaID string, interval time.Duration, log *slog.Logger) (careerpath.Elector, error) {
			return sqlite.NewLockElector(dsn, replicaID, interval, log)
		},
		OnData: func(rebuild func()) {
			db.OnReopen(func() {
				log.Info("database file replaced by an import: reopened; rebuilding the career guides and the program finder from it", "db", dsn)
				rebuild()
			})
		},
		Release: func() string { return fmt.Sprintf("file generation %d", db.Reopens()) },
	}, nil
}

// openServingPostgres is OpenServing on PostgreSQL: the server reads the
// release that serves (postgres.Serving, opened as every command opens
// it: OpenPostgres) and moves to each new one.
func openServingPostgres(ctx context.Context, url string, log *slog.Logger) (*Serving, error) {
	s, err := OpenPostgres(ctx, url)
	if err != nil {
		return nil, err
	}
	db := s.DB
	db.SetLogger(log)
	var rebuilds []func()
	return &Serving{
		ServeStore: s,
		close:      db.Close,
		Elector: func(replicaID string, interval time.Duration, log *slog.Logger) (careerpath.Elector, error) {
			return postgres.NewLockElector(db, postgres.DefaultLease, replicaID, interval, log)
		},
		OnData: func(rebuild func()) { rebuilds = append(rebuilds, rebuild) },
		Listen: func(ctx context.Context, fn func(kind string)) error {
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
		Current: func(ctx context.Context) error { _, err := s.Switch(ctx); return err },
		Release: func() string { return fmt.Sprintf("release %d", s.Data().Release().ID) },
	}, nil
}

// Wake calls the wakers of each change any replica commits, until ctx
// ends, on a store that tells of every change at once (Listen, on
// PostgreSQL); on one that does not (SQLite, whose readers poll) it does
// nothing. It returns at once.
func (s *Serving) Wake(ctx context.Context, w careerpath.Wakers, log *slog.Logger) {
	if s.Listen == nil {
		return
	}
	go func() {
		if err := s.Listen(ctx, w.Wake); err != nil && ctx.Err() == nil {
			log.Error("change notifications stopped: replicas fall back to polling", "err", err)
		}
	}()
}
