package postgres

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	careerpath "github.com/careerpath/careerpath"
)

// The contract tests of this store are in package storetest; these test
// what is PostgreSQL's own: URLs, migrations, timeouts and errors.

const secret = "s3cret-pw"

func TestParseURLHidesPassword(t *testing.T) {
	for _, url := range []string{
		"postgres://ann:" + secret + "@db.example:notaport/careerpath",
		"postgres://ann:" + secret + "@db.example/careerpath?sslmode=sideways",
		"postgres://ann@db.example/careerpath?password=" + secret + "&connect_timeout=never",
		"mysql://ann:" + secret + "@db.example/careerpath",
		"ann:" + secret + "@db.example",
	} {
		_, err := ParseURL(url)
		if careerpath.ErrorCode(err) != careerpath.EINVALID {
			t.Errorf("ParseURL(%q) = %v, want EINVALID", url, err)
		} else if strings.Contains(err.Error(), secret) {
			t.Errorf("ParseURL(%q): %q shows the password", url, err)
		}
	}
	cfg, err := ParseURL("postgres://ann:" + secret + "@127.0.0.1:5/careerpath")
	if err != nil {
		t.Fatal(err)
	}
	if got := cfg.ConnConfig.RuntimeParams["statement_timeout"]; got != "10000" {
		t.Errorf("statement_timeout = %q, want 10000 (ms) by default", got)
	}
	cfg, _ = ParseURL("postgres://ann@127.0.0.1:5/careerpath?statement_timeout=250")
	if got := cfg.ConnConfig.RuntimeParams["statement_timeout"]; got != "250" {
		t.Errorf("statement_timeout = %q, want the URL's 250", got)
	}
}

// testURL returns the test server's URL, or skips.
func testURL(t *testing.T) string {
	url := os.Getenv("CAREERPATH_TEST_POSTGRES")
	if url == "" {
		t.Skip("CAREERPATH_TEST_POSTGRES is not set")
	}
	return url
}

// freshSchema returns url with a search_path of a new, empty schema.
func freshSchema(t *testing.T, url string) string {
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	schema := strings.ToLower(strings.NewReplacer("/", "_", "-", "_").Replace(t.Name()))
	if _, err := conn.Exec(ctx, "DROP SCHEMA IF EXISTS "+schema+" CASCADE; CREATE SCHEMA "+schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if c, err := pgx.Connect(ctx, url); err == nil {
			c.Exec(ctx, "DROP SCHEMA "+schema+" CASCADE")
			c.Close(ctx)
		}
	})
	sep := "?"
	if strings.Contains(url, "?") {
		sep = "&"
	}
	return url + sep + "search_path=" + schema
}

func TestOpenWrongPassword(t *testing.T) {
	cfg, err := ParseURL(testURL(t))
	if err != nil {
		t.Fatal(err)
	}
	url := fmt.Sprintf("postgres://%s:%s@%s:%d/%s?sslmode=disable", cfg.ConnConfig.User, secret, cfg.ConnConfig.Host, cfg.ConnConfig.Port, cfg.ConnConfig.Database)
	_, err = Open(context.Background(), url)
	if careerpath.ErrorCode(err) != careerpath.EUNAVAILABLE || strings.Contains(err.Error(), secret) {
		t.Errorf("Open with a wrong password = %v; want EUNAVAILABLE, without the password", err)
	}
	if msg := careerpath.ErrorMessage(err); !strings.Contains(msg, "password") {
		t.Errorf("message %q does not say to check the password", msg)
	}
}

// TestMigrateConcurrently: replicas starting at once on an empty database
// apply each migration once.
func TestMigrateConcurrently(t *testing.T) {
	url := freshSchema(t, testURL(t))
	ctx := context.Background()
	var wg sync.WaitGroup
	dbs := make([]*DB, 4)
	errs := make([]error, len(dbs))
	for i := range dbs {
		wg.Go(func() { dbs[i], errs[i] = Open(ctx, url) })
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("Open %d: %v", i, err)
		}
		defer dbs[i].Close()
	}
	names, _ := migrations.ReadDir("migrations")
	var n, max int
	if err := dbs[0].pool.QueryRow(ctx, `SELECT count(*), max(version) FROM schema_migrations`).Scan(&n, &max); err != nil {
		t.Fatal(err)
	}
	// Numbers are assigned per area and may leave gaps: the last file
	// names the highest.
	last, err := strconv.Atoi(strings.SplitN(names[len(names)-1].Name(), "_", 2)[0])
	if err != nil {
		t.Fatal(err)
	}
	if n != len(names) || max != last {
		t.Errorf("schema_migrations has %d rows up to %d, want %d up to %d", n, max, len(names), last)
	}
	// Every pooled connection, the one that migrated too, has the
	// timeout back: hold all of them at once and ask each.
	for _, db := range dbs {
		var conns []*pgxpool.Conn
		for range db.pool.Config().MaxConns {
			c, err := db.pool.Acquire(ctx)
			if err != nil {
				t.Fatal(err)
			}
			conns = append(conns, c)
			var timeout string
			if err := c.QueryRow(ctx, `SHOW statement_timeout`).Scan(&timeout); err != nil || timeout != "10s" {
				t.Errorf("statement_timeout on a pooled connection = %q, %v; want 10s", timeout, err)
			}
		}
		for _, c := range conns {
			c.Release()
		}
	}
}

func TestStorageErrors(t *testing.T) {
	url := freshSchema(t, testURL(t)) + "&statement_timeout=100"
	ctx := context.Background()
	db, err := Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	_, err = db.pool.Exec(ctx, `SELECT pg_sleep(2)`)
	if err = storageError(err); careerpath.ErrorCode(err) != careerpath.EUNAVAILABLE {
		t.Errorf("a statement past the timeout: %v, want EUNAVAILABLE", err)
	}
	_, err = db.pool.Exec(ctx, `INSERT INTO model_events (at, actor, action, alias, from_v, to_v, reason, details) VALUES (now(), '', 'x', '', '', '', '', 'null')`)
	if err != nil {
		t.Fatal(err)
	}
	_, err = db.pool.Exec(ctx, `DELETE FROM model_events`)
	if err == nil || !strings.Contains(err.Error(), "append-only") {
		t.Errorf("deleting from the event log: %v, want it refused as append-only", err)
	}
	_, err = db.pool.Exec(ctx, `INSERT INTO model_aliases (alias, version) VALUES ('champion', 'v404')`)
	if err = storageError(err); careerpath.ErrorCode(err) != careerpath.EINVALID {
		t.Errorf("an alias to no version: %v, want EINVALID", err)
	}
	db.Close()
	if err := db.Ping(ctx); careerpath.ErrorCode(err) == "" {
		t.Error("Ping of a closed pool succeeded")
	}
}
