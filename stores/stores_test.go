package stores_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/jackc/pgx/v5"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/importer"
	"github.com/careerpath/careerpath/importer/importtest"
	"github.com/careerpath/careerpath/stores"
)

var quiet = importer.NewProgress(io.Discard, false, slog.New(slog.DiscardHandler))

// TestImportOpen imports the small release into each store through Import
// and reads it back through Open: the same Store on SQLite and on
// PostgreSQL (when CAREERPATH_TEST_POSTGRES is set).
func TestImportOpen(t *testing.T) {
	t.Parallel()
	release := importtest.SmallRelease(t)
	dsns := map[string]string{"sqlite": filepath.Join(t.TempDir(), "careerpath.db")}
	if url := postgresURL(t); url != "" {
		dsns["postgres"] = url
	}
	for name, dsn := range dsns {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			if _, err := stores.Open(ctx, dsn); careerpath.ErrorCode(err) != careerpath.ENOTFOUND || !strings.Contains(err.Error(), "careerpath import") {
				t.Errorf("Open before the import = %v, want ENOTFOUND saying to import", err)
			}
			sum, rel, err := stores.Import(ctx, dsn, importer.Options{Data: release, Progress: quiet})
			if err != nil {
				t.Fatal(err)
			}
			if sum.Programs.Programs == 0 {
				t.Errorf("Import stored no programs: %+v", sum.Programs)
			}
			if want := name == "postgres"; (rel != "") != want {
				t.Errorf("Import release = %q, want one only on PostgreSQL", rel)
			}
			db, err := stores.Open(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			titles, err := db.CIPTitles(ctx)
			if err != nil || titles["11.0701"] != "Computer Science." {
				t.Errorf("CIPTitles[11.0701] = %q (%v), want Computer Science.", titles["11.0701"], err)
			}
			if codes, err := db.ProgramCIPCodes(ctx); err != nil || len(codes) == 0 {
				t.Errorf("ProgramCIPCodes = %d codes (%v), want some", len(codes), err)
			}
			if _, err := db.Alias(ctx, careerpath.AliasChampion); careerpath.ErrorCode(err) != careerpath.ENOTFOUND {
				t.Errorf("Alias(champion) of a new store = %v, want ENOTFOUND", err)
			}
		})
	}
}

// TestOpenRefused: a URL of another database is refused, without its
// password, and nothing is created.
func TestOpenRefused(t *testing.T) {
	t.Chdir(t.TempDir())
	const url = "mysql://ann:s3cret@127.0.0.1:1/careerpath"
	ctx := context.Background()
	_, err := stores.Open(ctx, url)
	if careerpath.ErrorCode(err) != careerpath.EINVALID || strings.Contains(err.Error(), "s3cret") || !strings.Contains(err.Error(), "ann:xxxxx@") {
		t.Errorf("Open(%s) = %v, want EINVALID naming the URL without its password", url, err)
	}
	if _, _, err := stores.Import(ctx, url, importer.Options{Progress: quiet}); careerpath.ErrorCode(err) != careerpath.EINVALID {
		t.Errorf("Import(%s) = %v, want EINVALID", url, err)
	}
	if entries, _ := os.ReadDir("."); len(entries) != 0 {
		t.Errorf("refused URLs created %v", entries)
	}
}

var schemas atomic.Int64

// postgresURL returns CAREERPATH_TEST_POSTGRES with the search_path of a
// new schema, dropped with its releases' schemas when the test ends; ""
// when it is not set (a failure when CI is set).
func postgresURL(t *testing.T) string {
	url := os.Getenv("CAREERPATH_TEST_POSTGRES")
	if url == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("CI is set but CAREERPATH_TEST_POSTGRES is not: the PostgreSQL half would not run")
		}
		t.Log("CAREERPATH_TEST_POSTGRES is not set: PostgreSQL skipped")
		return ""
	}
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatalf("CAREERPATH_TEST_POSTGRES %s: %v", careerpath.RedactURL(url), err)
	}
	defer conn.Close(ctx)
	schema := fmt.Sprintf("stores_%d_%d", os.Getpid(), schemas.Add(1))
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		c, err := pgx.Connect(ctx, url)
		if err != nil {
			return
		}
		defer c.Close(ctx)
		rows, _ := c.Query(ctx, `SELECT nspname FROM pg_namespace WHERE nspname = $1 OR starts_with(nspname, $1 || '_data_')`, schema)
		names, _ := pgx.CollectRows(rows, pgx.RowTo[string])
		for _, n := range names {
			c.Exec(ctx, "DROP SCHEMA "+pgx.Identifier{n}.Sanitize()+" CASCADE")
		}
	})
	sep := "?"
	if strings.Contains(url, "?") {
		sep = "&"
	}
	return url + sep + "search_path=" + schema
}
