package main

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/postgres"
)

// TestPostgresUnreachable: every command that opens a database takes a
// PostgreSQL URL, and on a server that does not answer says so, naming the
// URL without its password, and creates nothing.
func TestPostgresUnreachable(t *testing.T) {
	t.Chdir(t.TempDir())
	const url = "postgres://ann:s3cret@127.0.0.1:1/careerpath?connect_timeout=5"
	for _, args := range dbCommands(url) {
		var out, errs bytes.Buffer
		err := run(context.Background(), args, &out, &errs)
		all := err.Error() + out.String() + errs.String()
		if careerpath.ErrorCode(err) != careerpath.EUNAVAILABLE || strings.Contains(all, "s3cret") || !strings.Contains(all, "ann:xxxxx@127.0.0.1:1") {
			t.Errorf("%s on an unreachable server = %v (output %q); want EUNAVAILABLE naming the URL without its password", args[0], err, all)
		}
	}
	if entries, _ := os.ReadDir("."); len(entries) != 0 {
		t.Errorf("the commands created %v", entries)
	}
}

// TestImportPostgres imports the bundled release into PostgreSQL twice:
// the first trains the first classifier, the second switches to a new
// release and keeps the champion.
func TestImportPostgres(t *testing.T) {
	if testing.Short() {
		t.Skip("imports the bundled release twice and trains a classifier (20 s)")
	}
	url := os.Getenv("CAREERPATH_TEST_POSTGRES")
	if url == "" {
		t.Skip("CAREERPATH_TEST_POSTGRES is not set")
	}
	t.Parallel() // a database of its own: beside the other parallel tests
	ctx := context.Background()
	url = pgSchema(t, url)
	for i, want := range []string{"classifier: trained v1", "classifier: champion v1 carried over"} {
		var out, errs bytes.Buffer
		if err := run(ctx, []string{"import", "--db", url}, &out, &errs); err != nil {
			t.Fatalf("import %d: %v\n%s", i+1, err, errs.String())
		}
		for _, w := range []string{"open data: release", want, "career guides: 8 files checked"} {
			if !strings.Contains(out.String(), w) {
				t.Errorf("import %d printed no %q:\n%s", i+1, w, out.String())
			}
		}
	}
	db, err := postgres.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	od, err := db.OpenData(ctx)
	if err != nil {
		t.Fatal(err)
	}
	titles, err := od.CIPTitles(ctx)
	if err != nil || titles["11.0701"] != "Computer Science." {
		t.Errorf("CIP 11.0701 of release %d = %q (%v)", od.Release().ID, titles["11.0701"], err)
	}
}

// pgSchema returns url with a search_path of a new schema, dropped with
// the schemas of its releases when the test ends.
func pgSchema(t *testing.T, url string) string {
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	schema := "cmd_" + strings.ToLower(t.Name())
	if _, err := conn.Exec(ctx, "DROP SCHEMA IF EXISTS "+schema+" CASCADE; CREATE SCHEMA "+schema); err != nil {
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
