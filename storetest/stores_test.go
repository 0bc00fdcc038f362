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
	"github.com/careerpath/careerpath/opendata"
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

// openPostgresCuration opens a store in a schema of its own and loads the
// small release into a release schema beside it.
func openPostgresCuration(url string) func(t *testing.T) storetest.CurationStore {
	return func(t *testing.T) storetest.CurationStore {
		db, state := openPostgresSchema(t, url)
		ctx := context.Background()
		conn, err := pgx.Connect(ctx, url)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close(ctx)
		l := &pgLoader{conn: conn, schema: state + "_data_1"}
		t.Cleanup(func() {
			if c, err := pgx.Connect(ctx, url); err == nil {
				c.Exec(ctx, "DROP SCHEMA IF EXISTS "+l.schema+" CASCADE")
				c.Close(ctx)
			}
		})
		if _, err := conn.Exec(ctx, `CREATE SCHEMA `+l.schema+`;
			CREATE TABLE `+l.schema+`.cip_codes (code text PRIMARY KEY, family text NOT NULL, action text NOT NULL, title text NOT NULL);
			CREATE TABLE `+l.schema+`.institutions (unitid integer PRIMARY KEY, name text NOT NULL, city text NOT NULL);
			CREATE TABLE `+l.schema+`.programs (id bigint PRIMARY KEY, unitid integer NOT NULL, cip text NOT NULL, award integer NOT NULL, name text NOT NULL);
			CREATE TABLE IF NOT EXISTS `+state+`.data_release (current boolean PRIMARY KEY DEFAULT true, release bigint NOT NULL,
				schema_name text NOT NULL, installed_at timestamptz NOT NULL)`); err != nil {
			t.Fatal(err)
		}
		if err := storetest.LoadSmallData(ctx, l); err != nil {
			t.Fatal(err)
		}
		if _, err := conn.Exec(ctx, `INSERT INTO `+state+`.data_release (current, release, schema_name, installed_at) VALUES (true, 1, $1, now())`, l.schema); err != nil {
			t.Fatal(err)
		}
		return db
	}
}

// pgLoader loads the small release into a release schema as an import
// would, with the columns the curation code reads.
type pgLoader struct {
	conn   *pgx.Conn
	schema string
}

func (l *pgLoader) LoadCIP(ctx context.Context, rows []opendata.CIPCode) error {
	for _, c := range rows {
		if _, err := l.conn.Exec(ctx, `INSERT INTO `+l.schema+`.cip_codes (code, family, action, title) VALUES ($1, $2, $3, $4)`,
			c.Code, c.Family, c.Action, c.Title); err != nil {
			return err
		}
	}
	return nil
}

func (l *pgLoader) LoadInstitutions(ctx context.Context, insts []careerpath.Institution) error {
	for _, in := range insts {
		if _, err := l.conn.Exec(ctx, `INSERT INTO `+l.schema+`.institutions (unitid, name, city) VALUES ($1, $2, $3)`, in.UnitID, in.Name, in.City); err != nil {
			return err
		}
	}
	return nil
}

func (l *pgLoader) LoadPrograms(ctx context.Context, ps []careerpath.Program) error {
	for _, p := range ps {
		if _, err := l.conn.Exec(ctx, `INSERT INTO `+l.schema+`.programs (id, unitid, cip, award, name) VALUES ($1, $2, $3, $4, $5)`,
			p.ID, p.Institution.UnitID, p.CIP, p.Award.Code, p.Name); err != nil {
			return err
		}
	}
	return nil
}
