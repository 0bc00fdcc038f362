// Package stores opens the store a --db setting names: a SQLite file
// (package sqlite) or, for a postgres:// URL, a PostgreSQL database with
// the open-data release that serves (package postgres). The commands
// open their database here, so that each runs on either store through
// the domain interfaces of Store.
package stores

import (
	"context"
	"fmt"
	"os"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/classify"
	"github.com/careerpath/careerpath/guides"
	"github.com/careerpath/careerpath/importer"
	"github.com/careerpath/careerpath/lifecycle"
	"github.com/careerpath/careerpath/monitor"
	"github.com/careerpath/careerpath/postgres"
	"github.com/careerpath/careerpath/relevance"
	"github.com/careerpath/careerpath/sqlite"
)

// Store is what the commands other than serve ask of a database, by the
// interfaces of the packages that ask: the model registry and its
// lifecycle, provider catalogs, drift monitoring, experiments, and the
// open data the guides and the relevance rule read.
type Store interface {
	careerpath.ModelRegistry
	careerpath.ExperimentService
	lifecycle.RetrainStore
	classify.CatalogStore
	monitor.Store
	guides.Source
	relevance.Source
	// CatalogDrifts returns the last drift report of each catalog, by
	// catalog ID.
	CatalogDrifts(ctx context.Context) (map[int64]*careerpath.CatalogDrift, error)
	Close() error
}

var (
	_ Store = (*sqlite.DB)(nil)
	_ Store = (*postgres.Serving)(nil)
)

// Open opens the imported database dsn: a SQLite file, which must exist
// (a command on an empty new database has nothing to work on), or a
// PostgreSQL URL, whose database must hold an imported release. Any
// other URL is refused as EINVALID, naming it without its password.
func Open(ctx context.Context, dsn string) (Store, error) {
	if careerpath.IsPostgresURL(dsn) {
		return OpenPostgres(ctx, dsn)
	}
	if err := sqlite.CheckPath(dsn); err != nil {
		return nil, err
	}
	if _, err := os.Stat(dsn); err != nil {
		return nil, careerpath.Errorf(careerpath.ENOTFOUND, "No database at %s: run \"careerpath import\" first (%v).", dsn, err)
	}
	return sqlite.Open(ctx, dsn)
}

// OpenPostgres opens the PostgreSQL database url serving its current
// release; ENOTFOUND, saying to import first, before the first import.
func OpenPostgres(ctx context.Context, url string) (*postgres.Serving, error) {
	db, err := postgres.Open(ctx, url)
	if err != nil {
		return nil, err
	}
	s, err := db.Serving(ctx)
	if err != nil {
		db.Close()
		if careerpath.ErrorCode(err) == careerpath.ENOTFOUND {
			return nil, careerpath.Errorf(careerpath.ENOTFOUND, "Database %s holds no open data yet: run careerpath import --db URL first (with the same URL).", careerpath.RedactURL(url))
		}
		return nil, err
	}
	return s, nil
}

// Import imports the open data of opts (opts.Builder and opts.DBPath are
// set here) into dsn: on SQLite a new file swapped in for the old one
// (sqlite.Builder), on PostgreSQL a new release schema switched to in one
// transaction (postgres.Builder), running servers serving the old data
// until then. On PostgreSQL release names the release that serves now
// ("" on SQLite). On any error the data in use is unchanged.
func Import(ctx context.Context, dsn string, opts importer.Options) (sum *importer.Summary, release string, err error) {
	if !careerpath.IsPostgresURL(dsn) {
		if err := sqlite.CheckPath(dsn); err != nil {
			return nil, "", err
		}
		opts.DBPath = dsn
		sum, err := importer.Run(ctx, opts)
		if err != nil {
			return nil, "", fmt.Errorf("import: %w (the previous database, if any, is unchanged)", err)
		}
		return sum, "", nil
	}
	db, err := postgres.Open(ctx, dsn)
	if err != nil {
		return nil, "", err
	}
	defer db.Close()
	if opts.Builder, err = db.NewBuilder(ctx); err != nil {
		return nil, "", fmt.Errorf("import: %w", err)
	}
	if sum, err = importer.Run(ctx, opts); err != nil {
		return nil, "", fmt.Errorf("import: %w (the open data in use is unchanged)", err)
	}
	od, err := db.OpenData(ctx)
	if err != nil {
		return nil, "", err
	}
	return sum, fmt.Sprintf("release %d (schema %s)", od.Release().ID, od.Release().Schema), nil
}
