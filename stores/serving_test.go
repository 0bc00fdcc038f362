package stores_test

import (
	"context"
	"log/slog"
	"path/filepath"
	"testing"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/importer"
	"github.com/careerpath/careerpath/importer/importtest"
	"github.com/careerpath/careerpath/stores"
)

// TestOpenServingSQLite: a missing SQLite file is imported first by the
// function given (ENOTFOUND without one), an existing one opens as it is.
func TestOpenServingSQLite(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	log := slog.New(slog.DiscardHandler)
	path := filepath.Join(t.TempDir(), "careerpath.db")
	if _, err := stores.OpenServing(ctx, path, log, nil); careerpath.ErrorCode(err) != careerpath.ENOTFOUND {
		t.Fatalf("OpenServing(missing file, no import) = %v, want ENOTFOUND", err)
	}
	release := importtest.SmallRelease(t)
	imports := 0
	importFirst := func(ctx context.Context) error {
		imports++
		_, _, err := stores.Import(ctx, path, importer.Options{Data: release, Progress: quiet})
		return err
	}
	for _, want := range []int{1, 1} { // imported the first time only
		s, err := stores.OpenServing(ctx, path, log, importFirst)
		if err != nil {
			t.Fatal(err)
		}
		if imports != want {
			t.Errorf("OpenServing: %d imports, want %d", imports, want)
		}
		if titles, err := s.CIPTitles(ctx); err != nil || titles["11.0701"] != "Computer Science." {
			t.Errorf("CIPTitles[11.0701] = %q (%v), want Computer Science.", titles["11.0701"], err)
		}
		if s.Listen != nil || s.Current != nil {
			t.Error("OpenServing on SQLite: Listen or Current set; want nil (its readers poll, the file reopens by itself)")
		}
		if got := s.Release(); got != "file generation 0" {
			t.Errorf("Release() = %q, want file generation 0", got)
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
	}
}

// TestServingWake: a store that tells of changes wakes the wakers of each
// kind it tells of; one that does not (no Listen) is left alone.
func TestServingWake(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	log := slog.New(slog.DiscardHandler)
	(&stores.Serving{}).Wake(ctx, careerpath.Wakers{careerpath.ChangeModel: {func() { t.Error("woken without Listen") }}}, log)

	woken := make(chan string, 2)
	s := &stores.Serving{Listen: func(ctx context.Context, fn func(kind string)) error {
		fn(careerpath.ChangeCatalog)
		fn(careerpath.ChangeModel)
		return nil
	}}
	s.Wake(ctx, careerpath.Wakers{
		careerpath.ChangeModel:   {func() { woken <- "model" }},
		careerpath.ChangeCatalog: {func() { woken <- "catalog" }},
	}, log)
	if a, b := <-woken, <-woken; a != "catalog" || b != "model" {
		t.Errorf("woken %s, %s; want catalog, model", a, b)
	}
}
