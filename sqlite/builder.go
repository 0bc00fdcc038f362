package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Builder builds a new database file beside the one it replaces. Nothing
// touches the current database until Commit moves the new file into place
// in one rename, so an import that fails or is killed leaves the previous
// database as it was.
type Builder struct {
	db     *DB
	tx     *sql.Tx
	target string
	tmp    string
}

// NewBuilder starts building a database that will replace the one at path.
func NewBuilder(ctx context.Context, path string) (*Builder, error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	f, err := os.CreateTemp(dir, filepath.Base(path)+".import-*")
	if err != nil {
		return nil, err
	}
	tmp := f.Name()
	f.Close()
	db, err := openBuild(ctx, tmp)
	if err != nil {
		os.Remove(tmp)
		return nil, err
	}
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		db.Close()
		os.Remove(tmp)
		return nil, err
	}
	return &Builder{db: db, tx: tx, target: path, tmp: tmp}, nil
}

// Abort discards the new database.
func (b *Builder) Abort() {
	if b.tx != nil {
		b.tx.Rollback()
	}
	b.db.Close()
	os.Remove(b.tmp)
}

// Commit finishes the new database and moves it over the old one.
func (b *Builder) Commit(ctx context.Context) error {
	if err := b.tx.Commit(); err != nil {
		b.Abort()
		return err
	}
	b.tx = nil
	for _, q := range []string{"ANALYZE", "PRAGMA journal_mode=DELETE"} {
		if _, err := b.db.write.ExecContext(ctx, q); err != nil {
			b.Abort()
			return fmt.Errorf("%s: %w", q, err)
		}
	}
	if err := b.db.Close(); err != nil {
		os.Remove(b.tmp)
		return err
	}
	if err := syncFile(b.tmp); err != nil {
		os.Remove(b.tmp)
		return err
	}
	if err := retireOld(ctx, b.target); err != nil {
		os.Remove(b.tmp)
		return err
	}
	if err := os.Rename(b.tmp, b.target); err != nil {
		os.Remove(b.tmp)
		return err
	}
	return syncFile(filepath.Dir(b.target))
}

// retireOld prepares the database at path to be replaced: it folds any
// write-ahead log into the file and removes the log, so that the log of the
// old database is never applied to the new one.
func retireOld(ctx context.Context, path string) error {
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if _, err := os.Stat(path + "-wal"); err == nil {
		old, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)")
		if err != nil {
			return err
		}
		_, err = old.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)")
		old.Close()
		if err != nil {
			return fmt.Errorf("checkpoint %s: %w", path, err)
		}
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		if err := os.Remove(path + suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	return nil
}

func syncFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}

// insert writes n rows into table in batches of multi-row INSERT
// statements; row(i) returns the values of row i in the order of cols.
func (b *Builder) insert(ctx context.Context, table string, cols []string, n int, row func(i int) []any) error {
	if n == 0 {
		return nil
	}
	per := 32000 / len(cols)
	if per > 500 {
		per = 500
	}
	stmts := map[int]*sql.Stmt{}
	defer func() {
		for _, s := range stmts {
			s.Close()
		}
	}()
	args := make([]any, 0, per*len(cols))
	for start := 0; start < n; start += per {
		end := min(start+per, n)
		stmt := stmts[end-start]
		if stmt == nil {
			var err error
			if stmt, err = b.tx.PrepareContext(ctx, insertSQL(table, cols, end-start)); err != nil {
				return fmt.Errorf("prepare insert into %s: %w", table, err)
			}
			stmts[end-start] = stmt
		}
		args = args[:0]
		for i := start; i < end; i++ {
			vals := row(i)
			if len(vals) != len(cols) {
				return fmt.Errorf("insert into %s: row %d has %d values, want %d", table, i, len(vals), len(cols))
			}
			args = append(args, vals...)
		}
		if _, err := stmt.ExecContext(ctx, args...); err != nil {
			return fmt.Errorf("insert into %s: %w", table, err)
		}
	}
	return nil
}

func insertSQL(table string, cols []string, rows int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "INSERT INTO %s (%s) VALUES ", table, strings.Join(cols, ", "))
	tuple := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ") + ")"
	for i := 0; i < rows; i++ {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(tuple)
	}
	return b.String()
}

func now() string { return time.Now().UTC().Format(time.RFC3339) }
