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
	"github.com/careerpath/careerpath/postgres"
	"github.com/careerpath/careerpath/sqlite"
	"github.com/careerpath/careerpath/storetest"
)

// TestContract runs the contract on every store: SQLite always, and
// PostgreSQL when CAREERPATH_TEST_POSTGRES is a connection URL (scripts/
// pg-temp starts a throwaway server and prints one; .ci/run does so).
func TestContract(t *testing.T) {
	storetest.Run(t, storetest.Impl{Name: "sqlite", Open: openSQLite, Catalog: sqliteCatalog})
	url := os.Getenv("CAREERPATH_TEST_POSTGRES")
	if url == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("CI is set but CAREERPATH_TEST_POSTGRES is not: the PostgreSQL half of the contract would not run")
		}
		t.Log("CAREERPATH_TEST_POSTGRES is not set: PostgreSQL skipped")
		return
	}
	storetest.Run(t, storetest.Impl{Name: "postgres", Open: openPostgres(url), Catalog: func(*testing.T, storetest.Store) int64 { return 1 }})
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
	cat, err := s.(*sqlite.DB).ImportCatalog(context.Background(), careerpath.CatalogImport{Name: "acme",
		Entries: []careerpath.CatalogEntry{{Line: 2, Institution: "U", Program: "P"}}})
	if err != nil {
		t.Fatal(err)
	}
	return cat.ID
}

var schemas atomic.Int64

// openPostgres gives each test a schema of its own on the server, so that
// tests start empty and leave nothing behind.
func openPostgres(url string) func(t *testing.T) storetest.Store {
	return func(t *testing.T) storetest.Store {
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
		return db
	}
}
