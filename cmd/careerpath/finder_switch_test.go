package main

import (
	"context"
	"io"
	"log/slog"
	"os"
	"strings"
	"sync"
	"testing"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/content"
	"github.com/careerpath/careerpath/data"
	"github.com/careerpath/careerpath/derived"
	"github.com/careerpath/careerpath/guides"
	"github.com/careerpath/careerpath/importer"
	"github.com/careerpath/careerpath/importer/importtest"
	"github.com/careerpath/careerpath/postgres"
	"github.com/careerpath/careerpath/stores"
)

// importMidway is a server's store whose first stream of IPEDS programs
// starts only after another import has committed a new release: the
// release the finder's build began on is gone when it reads it.
type importMidway struct {
	stores.ServeStore
	once   sync.Once
	commit func() error
	err    error
}

func (m *importMidway) EachProgram(ctx context.Context, fn func(*careerpath.Program) error) error {
	m.once.Do(func() { m.err = m.commit() })
	if m.err != nil {
		return m.err
	}
	return m.ServeStore.EachProgram(ctx, fn)
}

// TestFinderBuildAcrossSwitch: on PostgreSQL, an import that commits a new
// release while a replica builds its finder's index from the old one
// fails the build's next read with ECONFLICT; the build moves to the new
// release and builds again from it, guides first, and says so. Then a
// release the guides fail on: the finder moves to it, the old guides stay.
func TestFinderBuildAcrossSwitch(t *testing.T) {
	url := os.Getenv("CAREERPATH_TEST_POSTGRES")
	if url == "" {
		t.Skip("CAREERPATH_TEST_POSTGRES is not set")
	}
	if testing.Short() {
		t.Skip("imports the full bundled data twice (the guides need all of it)")
	}
	ctx := context.Background()
	url = pgSchema(t, url)
	db, err := postgres.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	quiet := importer.NewProgress(io.Discard, false, slog.New(slog.DiscardHandler))
	importRelease := func() error {
		b, err := db.NewBuilder(ctx)
		if err != nil {
			return err
		}
		_, err = importer.Run(ctx, importer.Options{Data: data.FS, Builder: b, Progress: quiet})
		return err
	}
	if err := importRelease(); err != nil {
		t.Fatal(err)
	}
	var logs syncBuffer
	log := slog.New(slog.NewTextHandler(&logs, nil))
	store, err := stores.OpenServing(ctx, url, log, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	loaded, err := guides.Load(ctx, content.Embedded(), store.ServeStore)
	if err != nil {
		t.Fatal(err)
	}
	gs := guides.NewLive(content.Embedded(), loaded)
	derivedData := derived.New(gs, store.ServeStore, store.Release, log)
	first := store.Release()
	midway := &importMidway{ServeStore: store.ServeStore, commit: importRelease}
	store.ServeStore = midway

	ix, err := derivedData.Finder(ctx, store, store.Current, nil)
	if err != nil {
		t.Fatalf("finder build across a release switch: %v\n%s", err, logs.String())
	}
	if midway.err != nil {
		t.Fatalf("the import during the build: %v", midway.err)
	}
	if ix.Len() == 0 {
		t.Error("the index built from the new release holds no programs")
	}
	if got := store.Release(); got == first {
		t.Errorf("after the build the store serves %s, the release the build began on", got)
	}
	if got := derivedData.Release(); got != store.Release() {
		t.Errorf("the guides were built from %s, the finder from %s; want the same release", got, store.Release())
	}
	for _, want := range []string{"the open data was replaced during the build; building from the new release", "built program finder index"} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("the log does not say %q:\n%s", want, logs.String())
		}
	}

	// A release the guides cannot be checked against (cut short, it lacks
	// codes they name): the finder moves to it, the guides built before
	// keep serving, and the next build tries them again.
	guidesBefore, rnBefore := gs.Current(), mustGuide(t, gs, "registered-nurses")
	b, err := db.NewBuilder(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := importer.Run(ctx, importer.Options{Data: importtest.SmallRelease(t), Builder: b, Progress: quiet}); err != nil {
		t.Fatal(err)
	}
	built := derivedData.Release()
	if _, err := derivedData.Finder(ctx, store, store.Current, nil); err != nil {
		t.Fatalf("finder build on the cut release: %v", err)
	}
	if gs.Current() != guidesBefore || mustGuide(t, gs, "registered-nurses") != rnBefore || derivedData.Release() != built {
		t.Errorf("after a failed rebuild of the guides: guides replaced %v, built from %s (want still %s)",
			gs.Current() != guidesBefore, derivedData.Release(), built)
	}
	if !strings.Contains(logs.String(), "the previous release's serve meanwhile") {
		t.Errorf("the log does not say the guides failed and the previous ones serve:\n%s", logs.String())
	}
}

func mustGuide(t *testing.T, gs careerpath.GuideService, slug string) *careerpath.Guide {
	t.Helper()
	g, err := gs.FindGuide(context.Background(), slug)
	if err != nil {
		t.Fatalf("FindGuide(%s): %v", slug, err)
	}
	return g
}
