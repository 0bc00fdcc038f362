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

	careerpath "github.com/careerpath/careerpath"
	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

//go:embed migrations/*.sql
var migrations embed.FS

// DB is an open careerpath database. Reads go through a pool of
// connections; writes through a single connection, because SQLite allows
// one writer at a time and queueing in Go beats spinning on busy_timeout.
type DB struct {
	Path  string
	read  *sql.DB
	write *sql.DB
	file  os.FileInfo // the file opened for serving; nil for a build (see swap.go)
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
	db := &DB{Path: path, write: write, read: write}
	if !build {
		rq := url.Values{"_pragma": {"busy_timeout(10000)", "foreign_keys(1)", "query_only(1)"}}
		if db.read, err = sql.Open("sqlite", "file:"+path+"?"+rq.Encode()); err != nil {
			write.Close()
			return nil, err
		}
		db.read.SetMaxOpenConns(8)
	}
	if err := db.migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("migrate %s: %w", path, err)
	}
	if !build {
		if err := db.rememberFile(); err != nil {
			db.Close()
			return nil, err
		}
	}
	return db, nil
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
			"Database %s: this command keeps its data in a SQLite file; PostgreSQL does not yet hold the open data it needs. Give a file path.",
			careerpath.RedactURL(path))
	}
	return careerpath.Errorf(careerpath.EINVALID, "Database %s: not a database this program can use. Give a SQLite file path.", careerpath.RedactURL(path))
}

// Close closes the database.
func (db *DB) Close() error {
	err := db.write.Close()
	if db.read != db.write {
		if rerr := db.read.Close(); err == nil {
			err = rerr
		}
	}
	return err
}

// migrate applies the embedded migrations numbered above the database's
// user_version, each in its own transaction.
func (db *DB) migrate(ctx context.Context) error {
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	var version int
	if err := db.write.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
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
		tx, err := db.write.BeginTx(ctx, nil)
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

// Ping checks that the database answers a query.
func (db *DB) Ping(ctx context.Context) error {
	if err := db.checkFile(); err != nil {
		return err
	}
	var one int
	if err := db.read.QueryRowContext(ctx, "SELECT 1").Scan(&one); err != nil {
		return fmt.Errorf("ping database: %w", err)
	}
	return nil
}
