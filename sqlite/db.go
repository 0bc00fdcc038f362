// Package sqlite stores careerpath's data in a SQLite database through the
// pure-Go modernc.org/sqlite driver. It implements the domain's service
// interfaces and loads parsed open-data records during an import.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	careerpath "github.com/careerpath/careerpath"
	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

//go:embed migrations/*.sql
var migrations embed.FS

// DB is an open careerpath database. Reads go through a pool of
// connections; writes through a single connection, because SQLite allows
// one writer at a time and queueing in Go beats spinning on busy_timeout.
//
// A serving DB reopens the file at Path when `careerpath import` has
// moved a new one there (swap.go): read and write resolve, at each call,
// to the handles of the file currently open.
type DB struct {
	Path  string
	read  pool // the read pool of the current handles
	write pool // the single writer connection of the current handles

	h        atomic.Pointer[handles]
	reopenMu sync.Mutex // one reopen at a time; guards retired, onReopen
	retired  []*handles // the handles of replaced files, closed after a grace period or by Close
	onReopen []func()
	gen      atomic.Int64 // the number of reopens, in CatalogStamp
}

// handles are the connections to one database file.
type handles struct {
	read, write *sql.DB
	file        os.FileInfo // the file opened for serving; nil for a build (see swap.go)
}

func (h *handles) close() error {
	err := h.write.Close()
	if h.read != h.write {
		if rerr := h.read.Close(); err == nil {
			err = rerr
		}
	}
	return err
}

// Open opens the database at path for serving, creating it if needed, and
// applies pending migrations. Temporary files of a killed import into path
// are removed first.
func Open(ctx context.Context, path string) (*DB, error) {
	if err := CheckPath(path); err != nil {
		return nil, err
	}
	removeStaleImports(path)
	return open(ctx, path, "WAL", false)
}

// openBuild opens a new database file for a bulk import. Durability during
// the build is pointless (a failed build is thrown away), so the journal is
// off; the file is switched to rollback-journal mode and synced before it
// is moved into place.
func openBuild(ctx context.Context, path string) (*DB, error) {
	return open(ctx, path, "OFF", true)
}

func open(ctx context.Context, path, journal string, build bool) (*DB, error) {
	db := &DB{Path: path}
	db.read, db.write = pool{db: db}, pool{db: db, writer: true}
	h, err := openHandles(ctx, path, journal, build)
	if err != nil {
		return nil, err
	}
	db.h.Store(h)
	return db, nil
}

// openHandles opens the connections to the file at path and applies
// pending migrations; for serving (not build) it records the file's
// identity.
func openHandles(ctx context.Context, path, journal string, build bool) (*handles, error) {
	pragmas := []string{"busy_timeout(10000)", "foreign_keys(1)", "journal_mode(" + journal + ")"}
	if build {
		pragmas = append(pragmas, "synchronous(OFF)", "cache_size(-32000)", "temp_store(MEMORY)")
	} else {
		pragmas = append(pragmas, "synchronous(NORMAL)")
	}
	q := url.Values{"_pragma": pragmas, "_txlock": {"immediate"}}
	dsn := "file:" + path + "?" + q.Encode()
	write, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, err
	}
	write.SetMaxOpenConns(1)
	h := &handles{write: write, read: write}
	if !build {
		rq := url.Values{"_pragma": {"busy_timeout(10000)", "foreign_keys(1)", "query_only(1)"}}
		if h.read, err = sql.Open("sqlite", "file:"+path+"?"+rq.Encode()); err != nil {
			write.Close()
			return nil, err
		}
		h.read.SetMaxOpenConns(8)
		h.read.SetMaxIdleConns(8) // few new connections: each opens the path anew (see swap.go)
	}
	if err := migrate(ctx, write); err != nil {
		h.close()
		return nil, fmt.Errorf("migrate %s: %w", path, err)
	}
	if !build {
		// The identity of the file migrated, taken after: a swap while
		// migrating is seen at the first write (the file differs).
		fi, err := os.Stat(path)
		if err != nil {
			h.close()
			return nil, err
		}
		h.file = fi
	}
	return h, nil
}

// CheckPath refuses a database URL given where a SQLite file's path is
// wanted, rather than creating a directory named after its scheme. The
// message names the URL without its password.
func CheckPath(path string) error {
	if !careerpath.IsDatabaseURL(path) {
		return nil
	}
	if careerpath.IsPostgresURL(path) {
		return careerpath.Errorf(careerpath.EINVALID,
			"Database %s: a SQLite file path is wanted here, not a PostgreSQL URL (the commands open PostgreSQL through package stores).",
			careerpath.RedactURL(path))
	}
	return careerpath.Errorf(careerpath.EINVALID, "Database %s: not a database this program can use. Give a SQLite file path.", careerpath.RedactURL(path))
}

// Close closes the database, and the handles of files it replaced.
func (db *DB) Close() error {
	db.reopenMu.Lock()
	retired := db.retired
	db.retired = nil
	db.reopenMu.Unlock()
	for _, h := range retired {
		h.close()
	}
	return db.h.Load().close()
}

// migrate applies the embedded migrations numbered above the database's
// user_version, each in its own transaction.
func migrate(ctx context.Context, write *sql.DB) error {
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	var version int
	if err := write.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return err
	}
	for _, name := range names {
		n, err := strconv.Atoi(strings.SplitN(strings.TrimPrefix(name, "migrations/"), "_", 2)[0])
		if err != nil {
			return fmt.Errorf("migration %s: name must start with a number", name)
		}
		if n <= version {
			continue
		}
		body, err := migrations.ReadFile(name)
		if err != nil {
			return err
		}
		tx, err := write.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, string(body)); err != nil {
			tx.Rollback()
			return fmt.Errorf("migration %s: %w", name, err)
		}
		// PRAGMA takes no parameters; n is an integer we parsed.
		if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", n)); err != nil {
			tx.Rollback()
			return err
		}
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	return nil
}

// Ping checks that the database answers a query, on the file now at
// Path (reopened if it was replaced).
func (db *DB) Ping(ctx context.Context) error {
	if err := db.follow(ctx); err != nil {
		return err
	}
	var one int
	if err := db.read.QueryRowContext(ctx, "SELECT 1").Scan(&one); err != nil {
		return fmt.Errorf("ping database: %w", err)
	}
	return nil
}
