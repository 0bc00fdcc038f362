package postgres

import (
	"context"
	_ "embed"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	careerpath "github.com/careerpath/careerpath"
)

// The tables of one release of the open data, and their indexes.
var (
	//go:embed opendata.sql
	openDataSQL string
	//go:embed opendata_indexes.sql
	openDataIndexesSQL string
)

// DataChannel is the channel of the notification a committed import
// sends, with the new release's schema (DataRelease.Schema) as payload,
// so that listening replicas can rebuild from it without waiting for
// their next poll of DataRelease.
const DataChannel = "careerpath_data"

// importLockClass is the first key of the advisory lock that serialises
// imports into one schema of operator state (the second is the schema's
// hash).
const importLockClass = 0x63706461 // "cpda"

// SwitchLockTimeout bounds how long a commit waits for readers of the
// release it drops to finish their statements; past it the import fails
// and the release in use stays.
const SwitchLockTimeout = time.Minute

// Builder loads one release of the open data into a new schema, in one
// transaction that also points data_release at it and drops the release
// it replaces (Commit): readers see the old release until then, and an
// import that fails or is killed leaves nothing behind, since the server
// rolls the transaction back. Operator state (the registry, sessions,
// audit, experiments, catalogs, review, overrides) is in the schema of
// the connection and is neither read nor written. It implements
// importer.Builder.
type Builder struct {
	conn    *pgxpool.Conn
	tx      pgx.Tx
	schema  string // the new release's schema
	release int64
}

// NewBuilder starts loading a new release of the open data. Only one
// import per database (per schema of operator state) runs at a time: a
// second one fails at once with ECONFLICT.
func (db *DB) NewBuilder(ctx context.Context) (_ *Builder, err error) {
	conn, err := db.pool.Acquire(ctx)
	if err != nil {
		return nil, storageError(fmt.Errorf("database %s: %w", db.url, err))
	}
	b := &Builder{conn: conn}
	defer func() {
		if err != nil {
			b.Abort()
			err = storageError(err)
		}
	}()
	if b.tx, err = conn.Begin(ctx); err != nil {
		return nil, err
	}
	// Loading takes longer than a request's statement; waiting for the
	// readers of the release being replaced takes at most the switch's
	// lock timeout.
	if _, err := b.tx.Exec(ctx, fmt.Sprintf("SET LOCAL statement_timeout = 0; SET LOCAL lock_timeout = %d", SwitchLockTimeout.Milliseconds())); err != nil {
		return nil, err
	}
	var locked bool
	if err := b.tx.QueryRow(ctx, `SELECT pg_try_advisory_xact_lock($1, hashtext(current_schema()))`, int32(importLockClass)).Scan(&locked); err != nil {
		return nil, err
	}
	if !locked {
		return nil, &careerpath.Error{Code: careerpath.ECONFLICT, Message: fmt.Sprintf("another import of %s is running", db.url)}
	}
	var state, path string
	if err := b.tx.QueryRow(ctx, `SELECT current_schema(), current_setting('search_path'), nextval('data_release_seq')`).Scan(&state, &path, &b.release); err != nil {
		return nil, err
	}
	b.schema = fmt.Sprintf("%s_data_%d", state, b.release)
	if len(b.schema) > 63 {
		return nil, fmt.Errorf("schema name %q is longer than PostgreSQL's 63 bytes: use a shorter schema for operator state", b.schema)
	}
	ident := pgx.Identifier{b.schema}.Sanitize()
	if _, err := b.tx.Exec(ctx, "CREATE SCHEMA "+ident); err != nil {
		return nil, err
	}
	// The release's tables come first in the path, so that the DDL and
	// the queries of the load name them unqualified; operator state
	// resolves as before.
	if _, err := b.tx.Exec(ctx, `SELECT set_config('search_path', $1, true)`, ident+", "+path); err != nil {
		return nil, err
	}
	if _, err := b.tx.Exec(ctx, openDataSQL); err != nil {
		return nil, fmt.Errorf("create the tables of release %d: %w", b.release, err)
	}
	return b, nil
}

// Release returns the number of the release being built.
func (b *Builder) Release() int64 { return b.release }

// Schema returns the schema the release is loaded into.
func (b *Builder) Schema() string { return b.schema }

// Abort discards the new release. It may be called more than once, and
// after Commit.
func (b *Builder) Abort() {
	if b.tx != nil {
		b.tx.Rollback(context.Background())
		b.tx = nil
	}
	if b.conn != nil {
		b.conn.Release()
		b.conn = nil
	}
}

// CopyCatalogs returns the number of provider catalog entries, which stay
// where they are: catalogs are operator state, not part of a release.
func (b *Builder) CopyCatalogs(ctx context.Context) (int, error) {
	var exists bool
	if err := b.tx.QueryRow(ctx, `SELECT to_regclass('catalog_entries') IS NOT NULL`).Scan(&exists); err != nil || !exists {
		return 0, storageError(err)
	}
	var n int
	err := b.tx.QueryRow(ctx, `SELECT count(*) FROM catalog_entries`).Scan(&n)
	return n, storageError(err)
}

// Commit builds the indexes, analyses the new tables and, in the same
// transaction, points data_release at the new schema, drops the schema of
// the release it replaces and notifies DataChannel.
func (b *Builder) Commit(ctx context.Context) error {
	defer b.Abort()
	if b.tx == nil {
		return fmt.Errorf("commit release %d: the import was aborted", b.release)
	}
	if err := b.commit(ctx); err != nil {
		return storageError(fmt.Errorf("commit release %d: %w", b.release, err))
	}
	return nil
}

func (b *Builder) commit(ctx context.Context) error {
	tx := b.tx
	if _, err := tx.Exec(ctx, openDataIndexesSQL); err != nil {
		return err
	}
	var tables []string
	rows, err := tx.Query(ctx, `SELECT tablename FROM pg_tables WHERE schemaname = $1 ORDER BY tablename`, b.schema)
	if err != nil {
		return err
	}
	tables, err = pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return err
	}
	for i, t := range tables {
		tables[i] = pgx.Identifier{b.schema, t}.Sanitize()
	}
	if _, err := tx.Exec(ctx, "ANALYZE "+strings.Join(tables, ", ")); err != nil {
		return err
	}
	var old string
	switch err := tx.QueryRow(ctx, `SELECT schema_name FROM data_release FOR UPDATE`).Scan(&old); {
	case err == pgx.ErrNoRows:
	case err != nil:
		return err
	}
	if _, err := tx.Exec(ctx, `INSERT INTO data_release (current, release, schema_name, installed_at) VALUES (true, $1, $2, now())
		ON CONFLICT (current) DO UPDATE SET release = excluded.release, schema_name = excluded.schema_name, installed_at = excluded.installed_at`,
		b.release, b.schema); err != nil {
		return err
	}
	if old != "" {
		if _, err := tx.Exec(ctx, "DROP SCHEMA IF EXISTS "+pgx.Identifier{old}.Sanitize()+" CASCADE"); err != nil {
			return fmt.Errorf("drop the release replaced (%s): %w", old, err)
		}
	}
	if _, err := tx.Exec(ctx, `SELECT pg_notify($1, $2)`, DataChannel, b.schema); err != nil {
		return err
	}
	b.tx = nil
	return tx.Commit(ctx)
}

// load copies n rows into table of the new release with COPY; row(i)
// returns the values of row i in the order of cols.
func (b *Builder) load(ctx context.Context, table string, cols []string, n int, row func(i int) []any) error {
	if n == 0 {
		return nil
	}
	_, err := b.tx.CopyFrom(ctx, pgx.Identifier{b.schema, table}, cols, pgx.CopyFromSlice(n, func(i int) ([]any, error) {
		v := row(i)
		if len(v) != len(cols) {
			return nil, fmt.Errorf("row %d has %d values, want %d", i, len(v), len(cols))
		}
		return v, nil
	}))
	if err != nil {
		return storageError(fmt.Errorf("load %s: %w", table, err))
	}
	return nil
}
