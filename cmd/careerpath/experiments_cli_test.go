package main

import (
	"bytes"
	"context"
	"io"
	"path/filepath"
	"strings"
	"testing"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/sqlite"
)

// TestExperimentsCommand creates, re-weights, lists, reports and stops an
// experiment from the command line.
func TestExperimentsCommand(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "cp.db")
	if err := run(context.Background(), []string{"experiments", "list", "--db", db}, io.Discard, io.Discard); careerpath.ErrorCode(err) != careerpath.ENOTFOUND {
		t.Fatalf("experiments list on a missing database = %v, want ENOTFOUND", err)
	}
	store, err := sqlite.Open(context.Background(), db) // an empty store: experiments need no open data
	if err != nil {
		t.Fatal(err)
	}
	store.Close()
	cli := func(args ...string) (string, error) {
		var out bytes.Buffer
		err := run(context.Background(), append([]string{"experiments", args[0], "--db", db}, args[1:]...), &out, io.Discard)
		return out.String(), err
	}
	out, err := cli("create", "--description", "outcomes in the ranking", "ranking")
	if err != nil || !strings.Contains(out, "phase 0 started, salt ranking/0/") {
		t.Fatalf("create = %q, %v", out, err)
	}
	if _, err := cli("create", "other"); err == nil || !strings.Contains(err.Error(), "running") {
		t.Errorf("second running experiment: err = %v, want a conflict", err)
	}
	if _, err := cli("phase", "--arms", "relevance=20%", "ranking"); err == nil || !strings.Contains(err.Error(), "--arms") {
		t.Errorf("bad --arms: err = %v", err)
	}
	if out, err = cli("phase", "--arms", "relevance=2000,relevance-outcomes=8000", "ranking"); err != nil || !strings.Contains(out, "phase 1 started") {
		t.Fatalf("phase = %q, %v", out, err)
	}
	if out, err = cli("list"); err != nil || !strings.Contains(out, "relevance=2000,relevance-outcomes=8000") {
		t.Errorf("list = %q, %v", out, err)
	}
	if out, err = cli("report", "ranking"); err != nil || !strings.Contains(out, "Applies: sequential") || !strings.Contains(out, "Sample-ratio check") {
		t.Errorf("report = %q, %v", out, err)
	}
	if out, err = cli("stop", "ranking"); err != nil || !strings.Contains(out, "stopped after phase 1") {
		t.Errorf("stop = %q, %v", out, err)
	}
}
