package storetest_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/jackc/pgx/v5"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/classify"
	"github.com/careerpath/careerpath/lifecycle"
	"github.com/careerpath/careerpath/postgres"
	"github.com/careerpath/careerpath/search"
	"github.com/careerpath/careerpath/sqlite"
	"github.com/careerpath/careerpath/storetest"
)

// TestContract runs the contract on every store: SQLite always, and
// PostgreSQL when CAREERPATH_TEST_POSTGRES is a connection URL (scripts/
// pg-temp starts a throwaway server and prints one; .ci/run does so).
func TestContract(t *testing.T) {
	storetest.Run(t, storetest.Impl{Name: "sqlite", Open: openSQLite, Catalog: sqliteCatalog, OpenCuration: openSQLiteCuration})
	url := os.Getenv("CAREERPATH_TEST_POSTGRES")
	if url == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("CI is set but CAREERPATH_TEST_POSTGRES is not: the PostgreSQL half of the contract would not run")
		}
		t.Log("CAREERPATH_TEST_POSTGRES is not set: PostgreSQL skipped")
		return
	}
	storetest.Run(t, storetest.Impl{Name: "postgres", Open: openPostgres(url), Catalog: postgresCatalog, OpenCuration: openPostgresCuration(url)})
}

func openSQLite(t *testing.T) storetest.Store {
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "careerpath.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func sqliteCatalog(t *testing.T, s storetest.Store) int64 {
	return importCatalog(t, s.(careerpath.CatalogService))
}

func postgresCatalog(t *testing.T, s storetest.Store) int64 {
	return importCatalog(t, s.(careerpath.CatalogService))
}

func importCatalog(t *testing.T, s careerpath.CatalogService) int64 {
	cat, err := s.ImportCatalog(context.Background(), careerpath.CatalogImport{Name: "acme",
		Entries: []careerpath.CatalogEntry{{Line: 2, Institution: "U", Program: "P"}}})
	if err != nil {
		t.Fatal(err)
	}
	return cat.ID
}

// What the server's packages need of a store, on both.
var (
	_ lifecycle.RetrainStore = (*sqlite.DB)(nil)
	_ lifecycle.RetrainStore = (*postgres.DB)(nil)
	_ classify.CatalogStore  = (*sqlite.DB)(nil)
	_ classify.CatalogStore  = (*postgres.DB)(nil)
	_ search.CatalogStamper  = (*sqlite.DB)(nil)
	_ search.CatalogStamper  = (*postgres.DB)(nil)
	_ search.Source          = (*sqlite.DB)(nil)
	_ search.Source          = (*postgres.OpenData)(nil)
	// Optional to classify.Catalogs and lifecycle.ServeChampion; both
	// stores, and serve's PostgreSQL store, read concentrations.
	_ careerpath.CatalogConcentrationStore = (*sqlite.DB)(nil)
	_ careerpath.CatalogConcentrationStore = (*postgres.Serving)(nil)
)

var schemas atomic.Int64

// openPostgres gives each test a schema of its own on the server, so that
// tests start empty and leave nothing behind.
func openPostgres(url string) func(t *testing.T) storetest.Store {
	return func(t *testing.T) storetest.Store {
		db, _ := openPostgresSchema(t, url)
		return db
	}
}

// openPostgresSchema opens a store in a new schema and returns the schema.
func openPostgresSchema(t *testing.T, url string) (*postgres.DB, string) {
	ctx := context.Background()
	admin, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatalf("CAREERPATH_TEST_POSTGRES %s: %v", careerpath.RedactURL(url), err)
	}
	defer admin.Close(ctx)
	schema := fmt.Sprintf("storetest_%d_%d", os.Getpid(), schemas.Add(1))
	if _, err := admin.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if conn, err := pgx.Connect(ctx, url); err == nil {
			conn.Exec(ctx, "DROP SCHEMA "+schema+" CASCADE")
			conn.Close(ctx)
		}
	})
	sep := "?"
	if strings.Contains(url, "?") {
		sep = "&"
	}
	db, err := postgres.Open(ctx, url+sep+"search_path="+schema)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db, schema
}

// openSQLiteCuration builds a database holding the small release.
func openSQLiteCuration(t *testing.T) storetest.CurationStore {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "careerpath.db")
	b, err := sqlite.NewBuilder(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if err := storetest.LoadSmallData(ctx, b); err != nil {
		b.Abort()
		t.Fatal(err)
	}
	if err := b.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// openPostgresCuration opens a store in a schema of its own with the
// small release imported beside it.
func openPostgresCuration(url string) func(t *testing.T) storetest.CurationStore {
	return func(t *testing.T) storetest.CurationStore {
		db, _ := openPostgresSchema(t, url)
		ctx := context.Background()
		b, err := db.NewBuilder(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if err := storetest.LoadSmallData(ctx, b); err != nil {
			b.Abort()
			t.Fatal(err)
		}
		if err := b.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		return db
	}
}
