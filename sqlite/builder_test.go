package sqlite

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	careerpath "github.com/careerpath/careerpath"
)

func build(t *testing.T, path string, ds ...careerpath.Dataset) *Builder {
	t.Helper()
	b, err := NewBuilder(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.StoreDatasets(context.Background(), ds); err != nil {
		b.Abort()
		t.Fatal(err)
	}
	return b
}

func datasetIDs(t *testing.T, path string) string {
	t.Helper()
	db, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ds, err := db.FindDatasets(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, d := range ds {
		ids = append(ids, d.ID)
	}
	return strings.Join(ids, ",")
}

func TestBuilderReplacesAtomically(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "cp.db")

	if err := build(t, path, careerpath.Dataset{ID: "one"}).Commit(ctx); err != nil {
		t.Fatal(err)
	}
	if got := datasetIDs(t, path); got != "one" {
		t.Fatalf("after first build: datasets = %q, want one", got)
	}

	// A database that is being served has a write-ahead log; the new file
	// must not inherit it.
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()

	b := build(t, path, careerpath.Dataset{ID: "two"})
	if got := datasetIDs(t, path); got != "one" {
		t.Errorf("during a build: datasets = %q, want the old database", got)
	}
	b.Abort()
	if got := datasetIDs(t, path); got != "one" {
		t.Errorf("after an aborted build: datasets = %q, want one", got)
	}

	if err := build(t, path, careerpath.Dataset{ID: "three"}).Commit(ctx); err != nil {
		t.Fatal(err)
	}
	if got := datasetIDs(t, path); got != "three" {
		t.Errorf("after second build: datasets = %q, want three", got)
	}
	leftovers, _ := filepath.Glob(path + ".import-*")
	if len(leftovers) > 0 {
		t.Errorf("builds left %v", leftovers)
	}
}

func TestBuilderOneAtATime(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cp.db")
	b := build(t, path)
	defer b.Abort()
	if _, err := NewBuilder(context.Background(), path); err == nil || !strings.Contains(err.Error(), "another import") {
		t.Errorf("second NewBuilder error = %v, want another import is running", err)
	}
}

// TestBuilderRemovesRemainsOfKilledImport: a killed import leaves its
// temporary file; the next build removes it.
func TestBuilderRemovesRemainsOfKilledImport(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cp.db")
	stale := path + ".import-12345"
	if err := os.WriteFile(stale, []byte("half a database"), 0o600); err != nil {
		t.Fatal(err)
	}
	b := build(t, path)
	defer b.Abort()
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("stale %s still there (err %v)", stale, err)
	}
}
