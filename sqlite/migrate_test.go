package sqlite

import (
	"context"
	"database/sql"
	"io/fs"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// referenceTables are the tables of the SQL reference finder
// (search/internal/finderref), which production databases must not have.
var referenceTables = []string{"finder_programs", "finder_class_relevance", "finder_relevance", "finder_text", "finder_meta"}

// finderTables returns the finder_ tables of db, editors' overrides left out.
func finderTables(t *testing.T, db *DB) []string {
	t.Helper()
	names, err := readAll(context.Background(), db, "tables", `SELECT name FROM sqlite_master
		WHERE type = 'table' AND name LIKE 'finder\_%' ESCAPE '\' AND name <> 'finder_overrides' ORDER BY name`, nil,
		func(r *sql.Rows) (s string, err error) { err = r.Scan(&s); return s, err })
	if err != nil {
		t.Fatal(err)
	}
	return names
}

func TestFreshDatabaseHasNoReferenceTables(t *testing.T) {
	t.Parallel()
	db, err := Open(context.Background(), filepath.Join(t.TempDir(), "fresh.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if got := finderTables(t, db); len(got) > 0 {
		t.Errorf("a fresh database has the reference finder's tables %v", got)
	}
	var overrides int
	if err := db.read.QueryRow(`SELECT count(*) FROM sqlite_master WHERE name = 'finder_overrides'`).Scan(&overrides); err != nil || overrides != 1 {
		t.Errorf("finder_overrides: %d tables, %v; want the editors' log kept", overrides, err)
	}
}

// A database made before migration 013 (migrations 001 to 012, with the
// reference finder's tables as 002, 005 and 009 made them) loses the
// reference tables and keeps its data.
func TestMigrationDropsReferenceTables(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	conn, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(names)
	var qs []string
	for _, name := range names {
		if n, _ := strconv.Atoi(strings.SplitN(strings.TrimPrefix(name, "migrations/"), "_", 2)[0]); n <= 12 {
			body, err := fs.ReadFile(migrations, name)
			if err != nil {
				t.Fatal(err)
			}
			qs = append(qs, string(body))
		}
	}
	qs = append(qs,
		`CREATE TABLE finder_programs (id INTEGER PRIMARY KEY, name TEXT, tuition_in REAL)`,
		`CREATE INDEX finder_programs_name ON finder_programs (name)`,
		`CREATE TABLE finder_class_relevance (career TEXT)`,
		`CREATE TABLE finder_relevance (career TEXT, program_id INTEGER, PRIMARY KEY (career, program_id)) WITHOUT ROWID`,
		`CREATE VIRTUAL TABLE finder_text USING fts5 (words, content = '')`,
		`CREATE TABLE finder_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`,
		`INSERT INTO finder_meta VALUES ('stamp', 'x')`,
		`INSERT INTO zip_centroids VALUES ('30301', 'Atlanta', 'GA', 33.7, -84.4)`,
		`PRAGMA user_version = 12`)
	for _, q := range qs {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			t.Fatalf("%.60s…: %v", q, err)
		}
	}
	var tables int
	if err := conn.QueryRow(`SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name LIKE 'finder\_%' ESCAPE '\' AND name <> 'finder_overrides'`).Scan(&tables); err != nil || tables < len(referenceTables) {
		t.Fatalf("setting up: %d reference tables (%v), want %d", tables, err, len(referenceTables))
	}
	conn.Close()

	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if got := finderTables(t, db); len(got) > 0 {
		t.Errorf("after migrating, the reference finder's tables %v are left", got)
	}
	var idx, zips int
	if err := db.read.QueryRow(`SELECT (SELECT count(*) FROM sqlite_master WHERE name LIKE 'finder_programs%'), (SELECT count(*) FROM zip_centroids)`).Scan(&idx, &zips); err != nil {
		t.Fatal(err)
	}
	if idx != 0 || zips != 1 {
		t.Errorf("after migrating: %d finder_programs objects (want 0), %d ZIP codes (want 1)", idx, zips)
	}
}
