package main

import (
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/careerpath/careerpath/importer/importtest"
)

// The bundled import (and the first model's training) takes seconds, and
// minutes under the race detector, so the tests that need a full database
// but not a fresh import share one, imported by the command built without
// it (importtest.Bundled).
var shared struct {
	once sync.Once
	dir  string
	path string
	err  error
}

// sharedDB returns the path of a private copy of a database built from the
// bundled data. TestServeFreshDatabase covers the import on first start.
func sharedDB(t testing.TB) string {
	t.Helper()
	shared.once.Do(func() {
		shared.dir, shared.err = os.MkdirTemp("", "careerpath-test-")
		if shared.err != nil {
			return
		}
		shared.path, shared.err = importtest.Bundled(shared.dir)
	})
	if shared.err != nil {
		t.Fatalf("build the shared test database: %v", shared.err)
	}
	dst := filepath.Join(t.TempDir(), "careerpath.db")
	if err := copyFile(shared.path, dst); err != nil {
		t.Fatal(err)
	}
	return dst
}

// copyFile copies a database file.
var copyFile = importtest.CopyFile
