package main

import (
	"bytes"
	"context"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/careerpath/careerpath/importer/importtest"
)

// TestCommandsOnEveryStore runs every command that opens a database, as
// an operator would, on a SQLite file and on PostgreSQL (when
// CAREERPATH_TEST_POSTGRES is set; CI sets it): the same script on both,
// over the small release.
func TestCommandsOnEveryStore(t *testing.T) {
	data := t.TempDir()
	release := importtest.SmallRelease(t)
	err := fs.WalkDir(release, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(release, name)
		if err == nil {
			err = os.MkdirAll(filepath.Join(data, filepath.Dir(name)), 0o755)
		}
		if err == nil {
			err = os.WriteFile(filepath.Join(data, name), b, 0o644)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	stores := map[string]string{"sqlite": filepath.Join(t.TempDir(), "careerpath.db")}
	switch url := os.Getenv("CAREERPATH_TEST_POSTGRES"); {
	case url != "":
		stores["postgres"] = pgSchema(t, url)
	case os.Getenv("CI") != "":
		t.Fatal("CI is set but CAREERPATH_TEST_POSTGRES is not: the commands would not run on PostgreSQL")
	default:
		t.Log("CAREERPATH_TEST_POSTGRES is not set: PostgreSQL skipped")
	}
	for name, db := range stores {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			testCommands(t, db, data)
		})
	}
}

func testCommands(t *testing.T, db, data string) {
	// The import command (TestImportPostgres, TestServeFreshDatabase)
	// checks the guides, which the small release cannot satisfy: import
	// as it does, without the check.
	c := testConfig()
	c.DB, c.Data, c.TrainConfig = db, data, quickTrainConfig
	var out bytes.Buffer
	if _, err := importData(context.Background(), c, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	wantIn(t, "import", out.String(), "classifier: trained v1")
	if strings.HasPrefix(db, "postgres") {
		wantIn(t, "import", out.String(), "open data: release")
	}

	// Provider catalogs: the entry without a CIP code is classified by
	// the champion the import trained.
	got := mustCLI(t, "catalog", "import", "--db", db, writeFile(t, "acme-2026.csv", goodCatalog))
	wantIn(t, "catalog import", got, `imported catalog "acme-2026"`, "2 with a CIP code", "1 without a CIP code", "drift against")
	if strings.Contains(got, "waiting for a classifier") {
		t.Errorf("catalog import left an entry waiting with a champion in place:\n%s", got)
	}
	wantIn(t, "catalog list", mustCLI(t, "catalog", "list", "--db", db), "acme-2026", "cli:")

	// The registry: a second version trained, promoted, rolled back.
	wantIn(t, "train", mustCLI(t, "train", "--db", db), "v2")
	wantIn(t, "retrain --dry-run", mustCLI(t, "retrain", "--db", db, "--dry-run"), "dry run")
	wantIn(t, "models promote", mustCLI(t, "models", "promote", "--db", db, "v2"), "champion: v1 → v2")
	wantIn(t, "models rollback", mustCLI(t, "models", "rollback", "--db", db), "champion: v2 → v1")
	wantIn(t, "models list", mustCLI(t, "models", "list", "--db", db), "v1", "v2", "champion")
	wantIn(t, "models show", mustCLI(t, "models", "show", "--db", db, "v2"), `"version": "v2"`)
	wantIn(t, "models events", mustCLI(t, "models", "events", "--db", db), "promoted by hand", "rolled back by hand")
	wantIn(t, "eval", mustCLI(t, "eval", "--db", db), "model v1 (", "macro-F1")
	entries := writeFile(t, "entries.jsonl", `{"institution":"Stanford University","program":"MS in Computer Science","degree":"Master's"}`+"\n")
	wantIn(t, "classify", mustCLI(t, "classify", "--db", db, "--career", "machine-learning-engineer", entries), `"line":1`, `"model":"v1"`)

	// Experiments.
	wantIn(t, "experiments create", mustCLI(t, "experiments", "create", "--db", db, "ranking"), "phase 0 started")
	wantIn(t, "experiments list", mustCLI(t, "experiments", "list", "--db", db), "ranking", "running")
	wantIn(t, "experiments report", mustCLI(t, "experiments", "report", "--db", db, "ranking"), "Sample-ratio check")
	wantIn(t, "experiments stop", mustCLI(t, "experiments", "stop", "--db", db, "ranking"), "stopped after phase 0")
}
