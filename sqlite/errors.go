package sqlite

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	careerpath "github.com/careerpath/careerpath"
)

// storageError translates a storage error the caller should hear about
// in domain terms: a full disk (SQLite's SQLITE_FULL, or ENOSPC from a
// file operation) is ENOSPACE, which says so, instead of an internal
// error. Other errors are returned as they are.
func storageError(err error) error {
	if err == nil || careerpath.ErrorCode(err) != careerpath.EINTERNAL {
		return err
	}
	if errors.Is(err, syscall.ENOSPC) || strings.Contains(err.Error(), "database or disk is full") ||
		strings.Contains(err.Error(), "(13)") && strings.Contains(err.Error(), "SQLITE_FULL") {
		return &careerpath.Error{Code: careerpath.ENOSPACE,
			Message: "The server's disk is full: nothing was stored. Free space on the server, then try again.", Err: err}
	}
	return err
}

// removeStaleImports deletes the temporary files of imports into path
// that were killed before they could clean up (see NewBuilder), unless an
// import is running now (it holds the lock).
func removeStaleImports(path string) {
	lock, err := lockFile(path+".import.lock", "import")
	if err != nil {
		return
	}
	defer lock.Close()
	stale, _ := filepath.Glob(path + ".import-*")
	for _, name := range stale {
		os.Remove(name)
	}
}
