package derived_test

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/content"
	"github.com/careerpath/careerpath/derived"
	"github.com/careerpath/careerpath/guides"
)

// TestStartFinder builds the finder of the bundled release in the
// background: the hook runs first, Built once the index is in place, and
// the finder then finds programs.
func TestStartFinder(t *testing.T) {
	if testing.Short() {
		t.Skip("imports the whole bundled release (the built-in guides need it); skipped with -short")
	}
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	db, loaded := bundled(t, log)
	before, built := make(chan struct{}), false
	f := derived.StartFinder(ctx, derived.FinderConfig{Guides: guides.NewLive(content.Embedded(), loaded), Store: db, Release: func() string { return "bundled" },
		OverridesPoll: time.Hour, Before: func(context.Context) { close(before) }, Built: func() { built = true }, Log: log})
	if err := <-f.Err; err != nil {
		t.Fatalf("the first build: %v", err)
	}
	select {
	case <-before:
	default:
		t.Error("Before did not run")
	}
	if !built {
		t.Error("Built was not called after the first build")
	}
	page, err := f.Programs.FindPrograms(ctx, careerpath.ProgramFilter{})
	if err != nil || page.Total == 0 {
		t.Errorf("FindPrograms after the first build = %v, %v; want programs", page, err)
	}
}
