package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/careerpath/careerpath"
)

// A serving DB remembers which file it opened. `careerpath import` moves a
// new file over the path (Builder.Commit); a server still writing to the
// old one would write to a deleted file, acknowledge the writes, and lose
// them at its next restart. So:
//
//   - the builder holds the old file's writer lock from before it copies
//     the operators' state until after the rename (holdWrites), so no
//     write lands in the old file after its state was copied;
//   - every write of the server takes the writer lock first and only then
//     checks that the path still names its file; if not, the DB reopens
//     the path and runs the write there (begin, exec);
//   - Ping and CatalogStamp reopen too, so a server that only reads
//     follows the swap within a poll, and its finder rebuilds (the stamp
//     counts reopens).
//
// Queries already running finish on the old file's handles, which are
// closed after retiredGrace.

// retiredGrace is how long the handles of a replaced file stay open for
// the queries that had started on them.
const retiredGrace = time.Minute

// pool is DB.read or DB.write: the pool of the handles current at each
// call.
type pool struct {
	db     *DB
	writer bool
}

func (p pool) get() *sql.DB {
	h := p.db.h.Load()
	if p.writer {
		return h.write
	}
	return h.read
}

// QueryContext is sql.DB.QueryContext on the current file.
func (p pool) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return p.get().QueryContext(ctx, query, args...)
}

// QueryRowContext is sql.DB.QueryRowContext on the current file.
func (p pool) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	return p.get().QueryRowContext(ctx, query, args...)
}

// Query is sql.DB.Query on the current file.
func (p pool) Query(query string, args ...any) (*sql.Rows, error) {
	return p.get().Query(query, args...)
}

// QueryRow is sql.DB.QueryRow on the current file.
func (p pool) QueryRow(query string, args ...any) *sql.Row {
	return p.get().QueryRow(query, args...)
}

// ExecContext is sql.DB.ExecContext on the current file, unchecked: for
// builds and tests; a server writes through DB.exec.
func (p pool) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return p.get().ExecContext(ctx, query, args...)
}

// BeginTx is sql.DB.BeginTx on the current file, unchecked: for builds
// and tests; a server writes through DB.begin.
func (p pool) BeginTx(ctx context.Context, opts *sql.TxOptions) (*sql.Tx, error) {
	return p.get().BeginTx(ctx, opts)
}

// Conn is sql.DB.Conn on the current file.
func (p pool) Conn(ctx context.Context) (*sql.Conn, error) {
	return p.get().Conn(ctx)
}

// moved reports whether db.Path no longer names the file of h.
func (db *DB) moved(h *handles) bool {
	if h.file == nil {
		return false
	}
	fi, err := os.Stat(db.Path)
	return err != nil || !os.SameFile(fi, h.file)
}

// follow reopens db.Path if it no longer names the open file.
func (db *DB) follow(ctx context.Context) error {
	if h := db.h.Load(); db.moved(h) {
		return db.reopen(ctx, h)
	}
	return nil
}

// reopen replaces the handles stale by those of the file now at db.Path,
// unless another call did already, and runs the OnReopen functions.
func (db *DB) reopen(ctx context.Context, stale *handles) error {
	db.reopenMu.Lock()
	if db.h.Load() != stale {
		db.reopenMu.Unlock()
		return nil
	}
	if _, err := os.Stat(db.Path); err != nil {
		db.reopenMu.Unlock()
		return &careerpath.Error{Code: careerpath.EUNAVAILABLE, Message: fmt.Sprintf(
			"The database file %s was removed while this server ran; nothing was written.", db.Path)}
	}
	h, err := openHandles(ctx, db.Path, "WAL", false)
	if err != nil {
		db.reopenMu.Unlock()
		return &careerpath.Error{Code: careerpath.EUNAVAILABLE, Message: fmt.Sprintf(
			"The database file %s was replaced (by careerpath import) and could not be reopened: %v. Nothing was written.", db.Path, err)}
	}
	db.h.Store(h)
	db.gen.Add(1)
	db.retired = append(db.retired, stale)
	hooks := append([]func(){}, db.onReopen...)
	db.reopenMu.Unlock()
	time.AfterFunc(retiredGrace, func() { db.retire(stale) })
	for _, f := range hooks {
		f()
	}
	return nil
}

// retire closes the handles of a replaced file, unless Close did.
func (db *DB) retire(h *handles) {
	db.reopenMu.Lock()
	defer db.reopenMu.Unlock()
	for i, r := range db.retired {
		if r == h {
			db.retired = append(db.retired[:i], db.retired[i+1:]...)
			h.close()
			return
		}
	}
}

// OnReopen registers f to run (in the goroutine that noticed) after the
// DB reopened a file moved over its path by `careerpath import`: the open
// data may have changed, so caches built from them should be rebuilt.
func (db *DB) OnReopen(f func()) {
	db.reopenMu.Lock()
	defer db.reopenMu.Unlock()
	db.onReopen = append(db.onReopen, f)
}

// Reopens returns how many times the DB reopened a file moved over its
// path: each is a new release of the open data.
func (db *DB) Reopens() int64 { return db.gen.Load() }

// maxReopens is how many times begin follows the file to a new one
// before it refuses the write.
const maxReopens = 5

// begin starts a write transaction on the file now at db.Path: the
// writer lock first, then the check that the path still names the file
// (under the lock, an import cannot swap it before the commit; see
// holdWrites), reopening it if not.
func (db *DB) begin(ctx context.Context) (*sql.Tx, error) {
	for attempt := 0; ; attempt++ {
		h := db.h.Load()
		tx, err := h.write.BeginTx(ctx, nil)
		if err != nil {
			return nil, err
		}
		if !db.moved(h) {
			return tx, nil
		}
		tx.Rollback()
		// Moved again since the reopen: a writer descheduled on a busy
		// machine can see a few imports go by. Follow them, up to a
		// bound, then give up rather than spin.
		if attempt >= maxReopens {
			return nil, &careerpath.Error{Code: careerpath.EUNAVAILABLE, Message: fmt.Sprintf(
				"The database file %s is being replaced; nothing was written. Try again.", db.Path)}
		}
		if err := db.reopen(ctx, h); err != nil {
			return nil, err
		}
	}
}

// exec runs one write statement on the file now at db.Path, as begin.
func (db *DB) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	tx, err := db.begin(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	return res, tx.Commit()
}

// writeHold is the old file's writer lock, held by a build from before
// it copies the operators' state until the new file is in place.
type writeHold struct {
	db   *sql.DB
	conn *sql.Conn
}

// holdWrites takes the writer lock of the database at path, if it
// exists, waiting for a running write to finish: from then on no process
// writes to it (their writes wait, then find the file replaced).
func holdWrites(ctx context.Context, path string) (*writeHold, error) {
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)")
	if err != nil {
		return nil, err
	}
	conn, err := db.Conn(ctx)
	if err == nil {
		_, err = conn.ExecContext(ctx, "BEGIN IMMEDIATE")
	}
	if err != nil {
		if conn != nil {
			conn.Close()
		}
		db.Close()
		return nil, fmt.Errorf("hold writes to %s: %w", path, err)
	}
	return &writeHold{db: db, conn: conn}, nil
}

// release gives the lock back: after the rename, to writers that will
// find the file replaced.
func (w *writeHold) release() {
	if w == nil {
		return
	}
	w.conn.ExecContext(context.Background(), "ROLLBACK")
	w.conn.Close()
	w.db.Close()
}
