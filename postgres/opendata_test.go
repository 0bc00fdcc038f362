package postgres

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/opendata"
	"github.com/careerpath/careerpath/opendata/tables"
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
	if err := b.Load(ctx, tables.CIPCodes(codes, b.Encoding())); err != nil {
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
	if err := b.Load(ctx, tables.CIPCodes([]opendata.CIPCode{{Code: "11", Title: "Replaced."}}, b.Encoding())); err != nil {
		t.Fatal(err)
	}
	// Another import meanwhile is refused at once.
	if _, err := db.NewBuilder(ctx); careerpath.ErrorCode(err) != careerpath.ECONFLICT {
		t.Fatalf("second NewBuilder = %v, want ECONFLICT", err)
	}
	if err := b.Load(ctx, tables.CIPCodes([]opendata.CIPCode{{Code: "11", Title: "Duplicate."}}, b.Encoding())); err == nil {
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

// TestDataReleaseNotifies: a committed import announces ChangeData to
// the replicas listening.
func TestDataReleaseNotifies(t *testing.T) {
	db := openDataDB(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	kinds := make(chan string, 16)
	listening := make(chan struct{})
	go db.listen(ctx, func() { close(listening) }, func(kind string) { kinds <- kind })
	select {
	case <-listening:
	case <-ctx.Done():
		t.Fatal("not listening after 10 s")
	}
	importCIP(t, db, "Agriculture.")
	for {
		select {
		case kind := <-kinds:
			if kind == careerpath.ChangeData {
				return
			}
		case <-ctx.Done():
			t.Fatalf("no %q notification within 10 s of the import", careerpath.ChangeData)
		}
	}
}

// TestDataReleaseSwitchWaitsForReaders: a server reading the release an
// import replaces (rebuilding its finder, say) reads it to the end: the
// switch waits for the read, then drops the old release.
func TestDataReleaseSwitchWaitsForReaders(t *testing.T) {
	db := openDataDB(t)
	ctx := context.Background()
	// Enough rows (20 MB, past the socket buffers) that the server is
	// still sending them, and holds the table, while the first is read.
	const n = 100_000
	b, err := db.NewBuilder(ctx)
	if err != nil {
		t.Fatal(err)
	}
	codes := make([]opendata.CIPCode, n)
	for i := range codes {
		codes[i] = opendata.CIPCode{Code: fmt.Sprintf("%06d", i), Title: strings.Repeat("Title of a field of study. ", 10)}
	}
	if err := b.Load(ctx, tables.CIPCodes(codes, b.Encoding())); err != nil {
		t.Fatal(err)
	}
	if err := b.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	od1, err := db.OpenData(ctx)
	if err != nil {
		t.Fatal(err)
	}
	committed := make(chan error, 1)
	var read []string
	err = od1.each(ctx, "CIP titles", `SELECT title FROM {data}.cip_codes ORDER BY code`, nil, func(r pgx.Rows) error {
		var title string
		if err := r.Scan(&title); err != nil {
			return err
		}
		read = append(read, title)
		if len(read) > 1 {
			return nil
		}
		// Mid-read: an import commits, and waits for this read.
		go func() {
			b, err := db.NewBuilder(ctx)
			if err == nil {
				err = b.Load(ctx, tables.CIPCodes([]opendata.CIPCode{{Code: "11", Title: "Farming."}}, b.Encoding()))
			}
			if err == nil {
				err = b.Commit(ctx)
			}
			committed <- err
		}()
		waitCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		for {
			var waiting bool
			if err := db.pool.QueryRow(waitCtx, `SELECT EXISTS (SELECT 1 FROM pg_stat_activity
				WHERE wait_event_type = 'Lock' AND query LIKE 'DROP SCHEMA%')`).Scan(&waiting); err != nil {
				return err
			}
			if waiting {
				return nil
			}
			select {
			case err := <-committed:
				return fmt.Errorf("the import finished during the read (%v): it did not wait", err)
			default:
			}
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(read) != n {
		t.Errorf("read %d rows of release 1, want all %d", len(read), n)
	}
	if err := <-committed; err != nil {
		t.Fatal(err)
	}
	od2, err := db.OpenData(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got := cipTitles(t, od2); got != "Farming.," {
		t.Errorf("release 2 titles %q", got)
	}
	if _, err := od1.CIPTitles(ctx); careerpath.ErrorCode(err) != careerpath.ECONFLICT {
		t.Errorf("reading release 1 after the switch = %v, want ECONFLICT", err)
	}
}
