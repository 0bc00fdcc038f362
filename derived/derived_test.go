package derived_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"slices"
	"testing"

	"github.com/careerpath/careerpath/content"
	"github.com/careerpath/careerpath/derived"
	"github.com/careerpath/careerpath/guides"
	"github.com/careerpath/careerpath/importer/importtest"
	"github.com/careerpath/careerpath/sqlite"
)

// TestCurrent: nothing is rebuilt while the release is the one the guides
// were built from; a new one rebuilds the guides, whole and generated,
// then the steps in order; a failed step is returned and the next call
// tries again.
func TestCurrent(t *testing.T) {
	if testing.Short() {
		t.Skip("imports the whole bundled release; skipped with -short")
	}
	ctx := context.Background()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	db, loaded := bundled(t, log)
	gs := guides.NewLive(content.Embedded(), loaded)
	release := "release 1"
	var ran []string
	var failStep error
	d := derived.New(gs, db, func() string { return release }, log,
		derived.Step{Name: "first", Run: func(context.Context) error { ran = append(ran, "first"); return failStep }},
		derived.Step{Name: "second", Run: func(context.Context) error { ran = append(ran, "second"); return nil }})

	if rebuilt, err := d.Current(ctx); rebuilt || err != nil || gs.Current() != loaded || len(ran) != 0 {
		t.Fatalf("Current on the release of the start = %v, %v (guides replaced %v, steps %q); want nothing done", rebuilt, err, gs.Current() != loaded, ran)
	}
	release = "release 2"
	failStep = errors.New("step failed")
	if rebuilt, err := d.Current(ctx); !rebuilt || !errors.Is(err, failStep) || d.Release() != "release 1" || !slices.Equal(ran, []string{"first"}) {
		t.Fatalf("Current with a failing step = %v, %v, built from %s, steps %q; want the error, still release 1, the first step only", rebuilt, err, d.Release(), ran)
	}
	failStep, ran = nil, nil
	rebuilt, err := d.Current(ctx)
	if !rebuilt || err != nil || d.Release() != "release 2" || !slices.Equal(ran, []string{"first", "second"}) {
		t.Fatalf("Current once more = %v, %v, built from %s, steps %q; want release 2 and both steps in order", rebuilt, err, d.Release(), ran)
	}
	now := gs.Current()
	if now == loaded || now.Generated().Careers == 0 {
		t.Errorf("after the rebuild the guides are replaced %v with %d generated careers; want new guides, generated", now != loaded, now.Generated().Careers)
	}
	if _, err := gs.FindGuide(ctx, "registered-nurses"); err != nil {
		t.Errorf("FindGuide(registered-nurses) after the rebuild: %v", err)
	}
	if rebuilt, err := d.Current(ctx); rebuilt || err != nil || gs.Current() != now {
		t.Errorf("Current again on release 2 = %v, %v; want nothing done", rebuilt, err)
	}
}

// bundled imports the bundled release into a SQLite store in t.TempDir()
// and loads the built-in guides over it.
func bundled(t *testing.T, log *slog.Logger) (*sqlite.DB, *guides.Service) {
	t.Helper()
	ctx := context.Background()
	path, err := importtest.Bundled(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	loaded, err := guides.Load(ctx, content.Embedded(), db)
	if err != nil {
		t.Fatal(err)
	}
	return db, loaded
}
