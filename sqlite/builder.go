package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	careerpath "github.com/careerpath/careerpath"
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
	lock   *os.File
	hold   *writeHold // the old file's writer lock, from copying its state to the swap
}

// NewBuilder starts building a database that will replace the one at path.
// Only one build per path runs at a time: a second one fails at once.
func NewBuilder(ctx context.Context, path string) (_ *Builder, err error) {
	if err := CheckPath(path); err != nil {
		return nil, err
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	lock, err := lockFile(path+".import.lock", "import")
	if err != nil {
		return nil, err
	}
	b := &Builder{target: path, lock: lock}
	defer func() {
		if err != nil {
			b.Abort()
		}
	}()
	// Under the lock, any earlier temporary file is the remains of a killed
	// import.
	stale, _ := filepath.Glob(path + ".import-*")
	for _, name := range stale {
		os.Remove(name)
	}
	f, err := os.CreateTemp(dir, filepath.Base(path)+".import-*")
	if err != nil {
		return nil, err
	}
	b.tmp = f.Name()
	f.Close()
	if b.db, err = openBuild(ctx, b.tmp); err != nil {
		return nil, err
	}
	if b.tx, err = b.db.write.BeginTx(ctx, nil); err != nil {
		return nil, err
	}
	return b, nil
}

// lockFile takes an exclusive lock on the file at path, creating it, for
// the operation what (of the database the path is beside): ECONFLICT,
// with the cause, if another process holds it. The lock is the kernel's
// (see lockExclusive in lock_*.go), released when the process dies, so a
// killed import or retrain never leaves it stale.
func lockFile(path, what string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, err
	}
	if err := lockExclusive(f); err != nil {
		f.Close()
		if errors.Is(err, errLocked) {
			return nil, &careerpath.Error{Code: careerpath.ECONFLICT, Err: err,
				Message: fmt.Sprintf("another %s of %s is running", what, strings.TrimSuffix(path, "."+what+".lock"))}
		}
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	return f, nil
}

// Abort discards the new database.
func (b *Builder) Abort() {
	if b.tx != nil {
		b.tx.Rollback()
	}
	if b.db != nil {
		b.db.Close()
	}
	if b.tmp != "" {
		os.Remove(b.tmp)
	}
	b.unlock()
}

func (b *Builder) unlock() {
	b.hold.release()
	b.hold = nil
	if b.lock != nil {
		b.lock.Close() // closing the descriptor releases the lock
		b.lock = nil
	}
}

// holdOld takes the writer lock of the database being replaced, if not
// held yet: from the first copy of its state (CopyCatalogs, carryState)
// until the swap, writes to it wait, so none is acknowledged there and
// then lost (see swap.go).
func (b *Builder) holdOld(ctx context.Context) error {
	if b.hold != nil {
		return nil
	}
	var err error
	b.hold, err = holdWrites(ctx, b.target)
	return err
}

// Commit finishes the new database and moves it over the old one.
func (b *Builder) Commit(ctx context.Context) error {
	defer b.unlock()
	if err := b.holdOld(ctx); err != nil {
		b.Abort()
		return err
	}
	if err := b.tx.Commit(); err != nil {
		b.Abort()
		return err
	}
	b.tx = nil
	if err := b.carryState(ctx); err != nil {
		b.Abort()
		return fmt.Errorf("carry over operator state: %w", err)
	}
	for _, q := range []string{"ANALYZE", "PRAGMA journal_mode=DELETE"} {
		if _, err := b.db.write.ExecContext(ctx, q); err != nil {
			b.Abort()
			return fmt.Errorf("%s: %w", q, err)
		}
	}
	err := b.db.Close()
	b.db = nil
	if err != nil {
		os.Remove(b.tmp)
		return err
	}
	if err := syncFile(b.tmp); err != nil {
		os.Remove(b.tmp)
		return err
	}
	restore, err := retireOld(b.target)
	if err != nil {
		os.Remove(b.tmp)
		return err
	}
	if err := os.Rename(b.tmp, b.target); err != nil {
		restore()
		os.Remove(b.tmp)
		return err
	}
	for _, suffix := range []string{"-wal.retired", "-shm.retired"} {
		os.Remove(b.target + suffix)
	}
	return syncFile(filepath.Dir(b.target))
}

// retireOld prepares the database at path to be replaced: it moves the
// old database's write-ahead log and shared-memory index aside (and
// removes them once the new file is in, or puts them back with restore),
// so that the log of the old database is never applied to the new one.
// The log is not checkpointed first: the build holds the writer lock,
// which a checkpoint would wait for, and everything of the old database
// the new one keeps was copied already.
func retireOld(path string) (restore func(), err error) {
	var moved []string
	restore = func() {
		for _, name := range moved {
			os.Rename(name+".retired", name)
		}
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		name := path + suffix
		err := os.Rename(name, name+".retired")
		switch {
		case errors.Is(err, os.ErrNotExist):
		case err != nil:
			restore()
			return nil, err
		default:
			moved = append(moved, name)
		}
	}
	return restore, nil
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
	return insertRows(ctx, b.tx, table, cols, n, row)
}

// insertRows is Builder.insert on any transaction.
func insertRows(ctx context.Context, tx *sql.Tx, table string, cols []string, n int, row func(i int) []any) error {
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
			if stmt, err = tx.PrepareContext(ctx, insertSQL(table, cols, end-start)); err != nil {
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

// stateTables hold what operators and editors created — models, catalogs,
// decisions — rather than what an import derives. A build copies them from
// the database it replaces, in this order (parents before children).
var stateTables = []string{
	"model_versions", "model_aliases", "model_events",
	"drift_windows", "catalog_drift",
	"review_items", "review_labels", "finder_overrides", "audit_log", "editor_sessions", "guard_stats",
	"experiments", "experiment_phases", "experiment_exposures", "experiment_events", "experiment_event_keys", "experiment_reports",
}

// carryState copies the state tables of the current database, if there is
// one, into the new one. Columns are matched by name, so a table that
// gained a column in a migration still copies.
func (b *Builder) carryState(ctx context.Context) error {
	if _, err := os.Stat(b.target); errors.Is(err, os.ErrNotExist) {
		return nil
	}
	conn, err := b.db.write.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "ATTACH DATABASE ? AS old", "file:"+b.target+"?mode=ro"); err != nil {
		return err
	}
	defer conn.ExecContext(context.Background(), "DETACH DATABASE old")
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, table := range stateTables {
		oldCols, err := columns(ctx, tx, "old", table)
		if err != nil {
			return err
		}
		newCols, err := columns(ctx, tx, "main", table)
		if err != nil {
			return err
		}
		var shared []string
		for _, c := range newCols {
			if slices.Contains(oldCols, c) {
				shared = append(shared, c)
			}
		}
		if len(shared) == 0 {
			continue // the old database predates the table
		}
		// Table and column names come from the schema, not from input.
		list := strings.Join(shared, ", ")
		if _, err := tx.ExecContext(ctx, fmt.Sprintf("INSERT INTO main.%s (%s) SELECT %s FROM old.%s", table, list, list, table)); err != nil {
			return fmt.Errorf("copy %s: %w", table, err)
		}
	}
	// Held entries carried over from a database older than the review
	// queue join it now.
	if _, err := tx.ExecContext(ctx, queueHeldEntriesSQL, now()); err != nil {
		return fmt.Errorf("queue held catalog entries: %w", err)
	}
	return tx.Commit()
}

// columns returns the column names of a table in an attached schema; none
// if the table does not exist there.
func columns(ctx context.Context, tx *sql.Tx, schema, table string) ([]string, error) {
	rows, err := tx.QueryContext(ctx, "SELECT name FROM pragma_table_info(?, ?)", table, schema)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}
