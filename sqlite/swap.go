package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"os"

	"github.com/careerpath/careerpath"
)

// A serving DB remembers which file it opened. `careerpath import` moves a
// new file over the path; a server still holding the old one would write
// to a deleted file, acknowledge the writes, and lose them at its next
// restart. So every write first checks that the path still names the open
// file, and refuses with EUNAVAILABLE (503) if not, as does Ping, so that
// /readyz and /healthz report the replica for a restart.

// rememberFile records the identity of the file at db.Path.
func (db *DB) rememberFile() error {
	fi, err := os.Stat(db.Path)
	if err != nil {
		return err
	}
	db.file = fi
	return nil
}

// checkFile reports EUNAVAILABLE when db.Path no longer names the file
// this DB opened.
func (db *DB) checkFile() error {
	if db.file == nil {
		return nil
	}
	if fi, err := os.Stat(db.Path); err == nil && os.SameFile(fi, db.file) {
		return nil
	}
	return &careerpath.Error{Code: careerpath.EUNAVAILABLE, Message: fmt.Sprintf(
		"The database file %s was replaced (by careerpath import) while this server ran; nothing was written. Restart the server to use the new file.", db.Path)}
}

// begin starts a write transaction on the file this DB opened.
func (db *DB) begin(ctx context.Context) (*sql.Tx, error) {
	if err := db.checkFile(); err != nil {
		return nil, err
	}
	return db.write.BeginTx(ctx, nil)
}

// exec runs one write statement on the file this DB opened.
func (db *DB) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if err := db.checkFile(); err != nil {
		return nil, err
	}
	return db.write.ExecContext(ctx, query, args...)
}
