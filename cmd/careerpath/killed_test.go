package main

import (
	"context"
	"crypto/sha256"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/careerpath/careerpath/sqlite"
)

// TestMain lets a test run the real command in a child process (the test
// binary re-executed with CAREERPATH_RUN_MAIN=1), so that it can be killed.
func TestMain(m *testing.M) {
	// Every fresh import trains the first relevance model. The tests train
	// a reduced model (1 epoch, no held-out calibration: under a second,
	// 5 s under the race detector, instead of 11 s and minutes) that still
	// passes the warm-up checks; package classify tests the default one.
	if os.Getenv("CAREERPATH_TRAIN_CONFIG") == "" {
		os.Setenv("CAREERPATH_TRAIN_CONFIG", quickTrainConfig)
	}
	if os.Getenv("CAREERPATH_RUN_MAIN") == "1" {
		mainWith(pauseAt(os.Getenv("CAREERPATH_TEST_PAUSE_AT")))
		os.Exit(0)
	}
	code := m.Run()
	if shared.dir != "" {
		os.RemoveAll(shared.dir)
	}
	os.Exit(code)
}

// TestImportKilled kills an import with SIGKILL while it writes the new
// database: the previous database must be exactly as it was, and the next
// import must clear what the killed one left.
func TestImportKilled(t *testing.T) {
	if testing.Short() {
		t.Skip("runs an import in a child process")
	}
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "careerpath.db")
	db, err := sqlite.Open(ctx, path) // the previous database: schema only
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	before := sha(t, path)

	cmd := exec.Command(os.Args[0], "import", "--db", path)
	cmd.Env = append(os.Environ(), "CAREERPATH_RUN_MAIN=1")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Kill it once the new database is being written.
	deadline := time.Now().Add(60 * time.Second)
	for {
		if m, _ := filepath.Glob(path + ".import-*"); len(m) > 0 {
			if fi, err := os.Stat(m[0]); err == nil && fi.Size() > 1<<20 {
				break
			}
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatal("the import wrote no temporary database within 60 s")
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()

	if sha(t, path) != before {
		t.Fatal("the killed import changed the previous database")
	}
	left, _ := filepath.Glob(path + ".import-*")
	if len(left) == 0 {
		t.Fatal("expected the killed import to leave its temporary file (the test killed it too late?)")
	}
	// The next import clears the remains as soon as it starts.
	b, err := sqlite.NewBuilder(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	b.Abort()
	if left, _ := filepath.Glob(path + ".import-*"); len(left) != 0 {
		t.Errorf("remains of the killed import still there: %v", left)
	}
	if sha(t, path) != before {
		t.Error("an aborted import changed the previous database")
	}
}

func sha(t *testing.T, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}
