package postgres

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/opendata"
)

// The open data's contract with the importer and with SQLite is tested in
// storetest (TestOpenData); these test the schema switch.

// openDataDB opens a database in a fresh schema and drops the release
// schemas its imports leave when the test ends.
func openDataDB(t *testing.T) *DB {
	url := freshSchema(t, testURL(t))
	ctx := context.Background()
	db, err := Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		for _, s := range releaseSchemas(t, db) {
			db.pool.Exec(ctx, "DROP SCHEMA "+pgx.Identifier{s}.Sanitize()+" CASCADE")
		}
		db.Close()
	})
	return db
}

// releaseSchemas returns the schemas of releases of db's state schema.
func releaseSchemas(t *testing.T, db *DB) []string {
	t.Helper()
	rows, err := db.pool.Query(context.Background(), `SELECT nspname FROM pg_namespace
		WHERE starts_with(nspname, current_schema() || '_data_') ORDER BY nspname`)
	if err != nil {
		t.Fatal(err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// importCIP imports a release of nothing but CIP codes with these titles.
func importCIP(t *testing.T, db *DB, titles ...string) {
	t.Helper()
	ctx := context.Background()
	b, err := db.NewBuilder(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Abort()
	var codes []opendata.CIPCode
	for i, title := range titles {
		codes = append(codes, opendata.CIPCode{Code: string(rune('1'+i)) + "1", Title: title})
	}
	if err := b.LoadCIP(ctx, codes); err != nil {
		t.Fatal(err)
	}
	if err := b.Commit(ctx); err != nil {
		t.Fatal(err)
	}
}

func cipTitles(t *testing.T, od *OpenData) string {
	t.Helper()
	m, err := od.CIPTitles(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return m["11"] + "," + m["21"]
}

func TestDataReleaseSwitch(t *testing.T) {
	db := openDataDB(t)
	ctx := context.Background()
	if _, err := db.OpenData(ctx); careerpath.ErrorCode(err) != careerpath.ENOTFOUND || !strings.Contains(careerpath.ErrorMessage(err), "careerpath import") {
		t.Fatalf("OpenData before any import = %v, want ENOTFOUND saying to import", err)
	}
	importCIP(t, db, "Agriculture.", "Arts.")
	od1, err := db.OpenData(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got := cipTitles(t, od1); got != "Agriculture.,Arts." {
		t.Fatalf("release 1 titles %q", got)
	}

	// An import that fails leaves the release serving, and no schema.
	b, err := db.NewBuilder(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.LoadCIP(ctx, []opendata.CIPCode{{Code: "11", Title: "Replaced."}}); err != nil {
		t.Fatal(err)
	}
	// Another import meanwhile is refused at once.
	if _, err := db.NewBuilder(ctx); careerpath.ErrorCode(err) != careerpath.ECONFLICT {
		t.Fatalf("second NewBuilder = %v, want ECONFLICT", err)
	}
	if err := b.LoadCIP(ctx, []opendata.CIPCode{{Code: "11", Title: "Duplicate."}}); err == nil {
		t.Fatal("loading a duplicate CIP code succeeded")
	}
	b.Abort()
	if r, err := db.DataRelease(ctx); err != nil || r != od1.Release() {
		t.Fatalf("after a failed import, release %+v (%v), want %+v", r, err, od1.Release())
	}
	if got := cipTitles(t, od1); got != "Agriculture.,Arts." {
		t.Fatalf("after a failed import, titles %q", got)
	}
	if s := releaseSchemas(t, db); len(s) != 1 || s[0] != od1.Release().Schema {
		t.Fatalf("after a failed import, release schemas %v, want only %s", s, od1.Release().Schema)
	}

	// The next import replaces the release in one step.
	importCIP(t, db, "Farming.", "Art.")
	od2, err := db.OpenData(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if od2.Release().ID <= od1.Release().ID || od2.Release().Schema == od1.Release().Schema {
		t.Fatalf("release %+v after %+v, want a later one in another schema", od2.Release(), od1.Release())
	}
	if got := cipTitles(t, od2); got != "Farming.,Art." {
		t.Fatalf("release 2 titles %q", got)
	}
	if _, err := od1.CIPTitles(ctx); careerpath.ErrorCode(err) != careerpath.ECONFLICT {
		t.Fatalf("reading the replaced release = %v, want ECONFLICT", err)
	}
	if s := releaseSchemas(t, db); len(s) != 1 || s[0] != od2.Release().Schema {
		t.Fatalf("release schemas %v, want only %s", s, od2.Release().Schema)
	}
}

// TestDataReleaseNotifies: a committed import tells listeners its release.
func TestDataReleaseNotifies(t *testing.T) {
	db := openDataDB(t)
	ctx := context.Background()
	conn, err := db.pool.Acquire(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, "LISTEN "+DataChannel); err != nil {
		t.Fatal(err)
	}
	defer conn.Exec(context.WithoutCancel(ctx), "UNLISTEN "+DataChannel)
	importCIP(t, db, "Agriculture.")
	r, err := db.DataRelease(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// Other tests' imports on the same server notify too.
	wait, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	for {
		n, err := conn.Conn().WaitForNotification(wait)
		if err != nil {
			t.Fatalf("no notification of %s: %v", r.Schema, err)
		}
		if n.Channel == DataChannel && n.Payload == r.Schema {
			return
		}
	}
}
