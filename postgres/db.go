// Package postgres stores careerpath's operator state in PostgreSQL
// through pgx and its connection pool, behind the same domain interfaces
// as package sqlite, so that several replicas can share it. It holds the
// model registry, drift monitoring, the audit log, editors' sessions,
// experiments, provider catalogs, the review queue, its labels and the
// finder's overrides in the schema of the connection, and the open data in
// a schema per imported release (Builder, OpenData); the contract suite in
// storetest runs the same tests on both stores. Writes that every replica
// must see at once announce themselves on one LISTEN/NOTIFY channel
// (notify.go: Listen), and LockElector elects the replica that runs the
// singleton jobs (leader.go).
package postgres

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"log/slog"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	careerpath "github.com/careerpath/careerpath"
)

//go:embed migrations/*.sql
var migrations embed.FS

// StatementTimeout bounds every statement unless the URL sets its own
// ("?statement_timeout=5s"): a stuck query fails and frees its
// connection rather than holding a request forever.
const StatementTimeout = 10 * time.Second

// migrationLock is the key of the advisory lock that serialises
// migrations, so that replicas starting at once apply each one once.
const migrationLock = 0x63617265_65727061 // "careerpa"

// DB is an open careerpath database on a PostgreSQL server.
//
// It outlives a restart of the server without being reopened: pgxpool
// destroys a connection whose use failed, pings one idle for over a
// second before handing it out (and dials another if the ping fails), and
// dials new ones on demand. While the server is down every call fails at
// once with EUNAVAILABLE (Unreachable); once it is back they succeed
// (TestServerRestart), but for one on a connection idle less than a
// second since the server went away, which fails once (EUNAVAILABLE too). Listen and LockElector use connections of
// their own, and reconnect by themselves.
type DB struct {
	pool *pgxpool.Pool
	url  string       // redacted, for messages
	log  *slog.Logger // of the background work: Listen
}

// ParseURL checks a PostgreSQL connection URL and returns the pool's
// configuration, with the statement timeout and application name set
// unless the URL sets them. Errors name the URL without its password.
func ParseURL(s string) (*pgxpool.Config, error) {
	if !careerpath.IsPostgresURL(s) {
		return nil, careerpath.Errorf(careerpath.EINVALID, "Database %s: want a URL postgres://user:password@host:port/database.", careerpath.RedactURL(s))
	}
	cfg, err := pgxpool.ParseConfig(s)
	if err != nil {
		// pgx's message may quote the URL: give our own.
		return nil, careerpath.Errorf(careerpath.EINVALID, "Database %s: not a valid PostgreSQL URL (check the host, port and parameters).", careerpath.RedactURL(s))
	}
	params := cfg.ConnConfig.RuntimeParams
	if _, ok := params["statement_timeout"]; !ok {
		params["statement_timeout"] = strconv.FormatInt(StatementTimeout.Milliseconds(), 10)
	}
	if _, ok := params["application_name"]; !ok {
		params["application_name"] = "careerpath"
	}
	return cfg, nil
}

// Open connects to the database at url, checks that it answers and
// applies pending migrations.
func Open(ctx context.Context, url string) (*DB, error) {
	cfg, err := ParseURL(url)
	if err != nil {
		return nil, err
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, storageError(fmt.Errorf("database %s: %w", careerpath.RedactURL(url), err))
	}
	db := &DB{pool: pool, url: careerpath.RedactURL(url), log: slog.Default()}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		if e := storageError(err); careerpath.ErrorMessage(e) != Unreachable {
			return nil, storageError(fmt.Errorf("database %s: %w", db.url, err))
		}
		// Nothing was to be saved yet: say what to check.
		return nil, &careerpath.Error{Code: careerpath.EUNAVAILABLE, Err: err,
			Message: fmt.Sprintf("Database %s does not answer: check that its server runs and the host and port of the URL.", db.url)}
	}
	if err := db.migrate(ctx); err != nil {
		pool.Close()
		return nil, storageError(fmt.Errorf("migrate %s: %w", db.url, err))
	}
	return db, nil
}

// SetLogger sets the logger of db's background work (Listen), slog's
// default until then. Call it before Listen.
func (db *DB) SetLogger(log *slog.Logger) { db.log = log }

// Close closes the pool's connections.
func (db *DB) Close() error {
	db.pool.Close()
	return nil
}

// Ping checks that the database answers a query.
func (db *DB) Ping(ctx context.Context) error {
	if err := db.pool.Ping(ctx); err != nil {
		return storageError(fmt.Errorf("database %s: %w", db.url, err))
	}
	return nil
}

// migrate applies the embedded migrations above the database's version,
// each in its own transaction, holding an advisory lock meanwhile.
func (db *DB) migrate(ctx context.Context) error {
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	conn, err := db.pool.Acquire(ctx)
	if err != nil {
		return err
	}
	defer conn.Release()
	// Waiting for another replica's migrations, and a migration itself,
	// may take longer than a request's statement: no timeout here, and the
	// connection's own back before it returns to the pool.
	if _, err := conn.Exec(ctx, `SET statement_timeout = 0`); err != nil {
		return err
	}
	defer conn.Exec(context.WithoutCancel(ctx), `RESET statement_timeout`)
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock($1)`, int64(migrationLock)); err != nil {
		return err
	}
	defer conn.Exec(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, int64(migrationLock))
	if _, err := conn.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    integer PRIMARY KEY,
		name       text NOT NULL,
		applied_at timestamptz NOT NULL DEFAULT now())`); err != nil {
		return err
	}
	// Every migration not applied yet is applied, in order, not only those
	// above the highest: areas number theirs in ranges of their own (006
	// to 009, 010 to 013, …) and may reach a database in any order.
	rows, err := conn.Query(ctx, `SELECT version FROM schema_migrations`)
	if err != nil {
		return err
	}
	done, err := pgx.CollectRows(rows, pgx.RowTo[int])
	if err != nil {
		return err
	}
	applied := map[int]bool{}
	for _, v := range done {
		applied[v] = true
	}
	for _, name := range names {
		base := strings.TrimPrefix(name, "migrations/")
		n, err := strconv.Atoi(strings.SplitN(base, "_", 2)[0])
		if err != nil {
			return fmt.Errorf("migration %s: name must start with a number", name)
		}
		if applied[n] {
			continue
		}
		body, err := migrations.ReadFile(name)
		if err != nil {
			return err
		}
		err = pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
			if _, err := tx.Exec(ctx, string(body)); err != nil {
				return fmt.Errorf("migration %s: %w", name, err)
			}
			_, err := tx.Exec(ctx, `INSERT INTO schema_migrations (version, name) VALUES ($1, $2)`, n, base)
			return err
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// inTx runs fn in a transaction, translating its error.
func (db *DB) inTx(ctx context.Context, fn func(pgx.Tx) error) error {
	return storageError(pgx.BeginFunc(ctx, db.pool, fn))
}
