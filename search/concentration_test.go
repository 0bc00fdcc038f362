package search_test

import (
	"compress/gzip"
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/classify"
	"github.com/careerpath/careerpath/data"
	"github.com/careerpath/careerpath/opendata"
	"github.com/careerpath/careerpath/search"
	"github.com/careerpath/careerpath/search/internal/finderref"
	"github.com/careerpath/careerpath/sqlite"
)

// TestCatalogConcentration imports a provider catalog whose names give a
// concentration, classifies it with the trained relevance model, and
// checks that both finders (the index and the SQL reference) make an MBA
// with a concentration in data science related for Data Scientist, with
// the reason, while a plain MBA stays out and a data science degree stays
// strong.
func TestCatalogConcentration(t *testing.T) {
	if testing.Short() {
		t.Skip("trains the full relevance model")
	}
	ctx := context.Background()
	db := concentrationDB(t)
	entries := []careerpath.CatalogEntry{
		{Program: "MBA with a concentration in Data Science", Degree: "MBA", Award: careerpath.AwardMaster},
		{Program: "Master of Business Administration, Specialization in Data Science", Degree: "MBA", Award: careerpath.AwardMaster},
		{Program: "Master of Business Administration", Degree: "MBA", Award: careerpath.AwardMaster},
		{Program: "MBA with a concentration in Marketing", Degree: "MBA", Award: careerpath.AwardMaster},
		{Program: "Master of Science in Data Science", Degree: "MS", Award: careerpath.AwardMaster},
	}
	for i := range entries {
		entries[i].Line, entries[i].Institution, entries[i].Country = i+2, "Harbour University", "US"
	}
	if _, err := db.ImportCatalog(ctx, careerpath.CatalogImport{Name: "harbour", SourceFile: "test", ImportedBy: "test", Entries: entries}); err != nil {
		t.Fatal(err)
	}
	m := trainedModel(t)
	if _, err := classify.ClassifyPending(ctx, db, m, 0); err != nil {
		t.Fatal(err)
	}
	progs, err := db.CatalogPrograms(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(progs) != len(entries) {
		t.Fatalf("%d catalog programs active, want %d", len(progs), len(entries))
	}
	model, err := loadModel(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	ix, err := search.Load(ctx, db, model)
	if err != nil {
		t.Fatal(err)
	}
	finder, err := finderref.New(ctx, db, model)
	if err != nil {
		t.Fatal(err)
	}
	defer finder.Close()

	want := map[string]string{
		entries[0].Program: careerpath.RelevanceRelated,
		entries[1].Program: careerpath.RelevanceRelated,
		entries[2].Program: careerpath.RelevanceNone,
		entries[3].Program: careerpath.RelevanceNone,
		entries[4].Program: careerpath.RelevanceStrong,
	}
	const reason = "Concentration in Data Science within Business Administration"
	for _, f := range []interface {
		Find(context.Context, careerpath.ProgramFilter) (*careerpath.ProgramPage, error)
		FindProgram(context.Context, int64, string) (*careerpath.ProgramMatch, error)
	}{ix, sqlFinder{finder}} {
		flt := careerpath.ProgramFilter{Career: "data-scientist"}
		if err := flt.Normalize(); err != nil {
			t.Fatal(err)
		}
		page, err := f.Find(ctx, flt)
		if err != nil {
			t.Fatal(err)
		}
		if page.Total != 3 || page.Strong != 1 || page.Related != 2 {
			t.Errorf("%T: %d programs, %d strong and %d related for Data Scientist, want 3, 1 and 2", f, page.Total, page.Strong, page.Related)
		}
		for i, it := range page.Items {
			if i > 0 && it.Relevance.Level == careerpath.RelevanceStrong {
				t.Errorf("%T: %q is strong after %q: the real thing ranks first", f, it.Program.Name, page.Items[0].Program.Name)
			}
		}
		for _, p := range progs {
			got, err := f.FindProgram(ctx, p.ID, "data-scientist")
			if err != nil {
				t.Fatal(err)
			}
			r := got.Relevance
			if r.Level != want[p.Name] {
				t.Errorf("%T: %q (CIP %s, concentration %q) is %s for Data Scientist, want %s; reasons %q",
					f, p.Name, p.CIP, p.ConcentrationCIP, r.Level, want[p.Name], r.Reasons)
			}
			hasReason := strings.HasPrefix(r.Reasons[len(r.Reasons)-1], reason)
			if hasReason != (want[p.Name] == careerpath.RelevanceRelated) {
				t.Errorf("%T: %q reasons %q: want the concentration's reason only for a related MBA", f, p.Name, r.Reasons)
			}
		}
	}
}

// TestProviderCIPConcentration imports, through the catalog service the
// server and the command line use, a catalog whose entries came with the
// provider's CIP code: the MBA whose name gives a concentration in data
// science gets it, and is related for Data Scientist in both finders with
// the concentration's reason, while a plain MBA of the same code stays
// out.
func TestProviderCIPConcentration(t *testing.T) {
	if testing.Short() {
		t.Skip("trains the full relevance model")
	}
	ctx := context.Background()
	db := concentrationDB(t)
	m := trainedModel(t)
	cats := &classify.Catalogs{CatalogStore: db, Current: func() (classify.Model, string) { return m, "v1" }, Log: slog.New(slog.DiscardHandler)}
	entries := []careerpath.CatalogEntry{
		{Program: "MBA with concentration in Data Science and Business Analytics", Degree: "MBA", Award: careerpath.AwardMaster, CIP: "52.0201"},
		{Program: "MBA with a concentration in Data Science", Degree: "MBA", Award: careerpath.AwardMaster, CIP: "52.0201"},
		{Program: "Master of Business Administration", Degree: "MBA", Award: careerpath.AwardMaster, CIP: "52.0201"},
		{Program: "Master of Science in Data Science", Degree: "MS", Award: careerpath.AwardMaster, CIP: "30.7001"},
	}
	for i := range entries {
		entries[i].Line, entries[i].Institution, entries[i].Country = i+2, "Harbour University", "US"
	}
	cat, err := cats.ImportCatalog(ctx, careerpath.CatalogImport{Name: "harbour", SourceFile: "test", ImportedBy: "test", Entries: entries})
	if err != nil {
		t.Fatal(err)
	}
	if cat.WithCIP != 4 || cat.WithoutCIP != 0 {
		t.Fatalf("imported %+v, want 4 entries with the provider's code", cat)
	}
	if unread, err := db.UnreadConcentrations(ctx, 0); err != nil || len(unread) != 0 {
		t.Errorf("after the import, %d entries unread for a concentration (%v), want none", len(unread), err)
	}
	model, err := loadModel(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	ix, err := search.Load(ctx, db, model)
	if err != nil {
		t.Fatal(err)
	}
	finder, err := finderref.New(ctx, db, model)
	if err != nil {
		t.Fatal(err)
	}
	defer finder.Close()
	progs, err := db.CatalogPrograms(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		entries[0].Program: careerpath.RelevanceRelated,
		entries[1].Program: careerpath.RelevanceRelated,
		entries[2].Program: careerpath.RelevanceNone,
		entries[3].Program: careerpath.RelevanceStrong,
	}
	// The model reads "Data Science and Business Analytics" as business
	// analytics, as strong for a data scientist as data science.
	wantConc := map[string]string{entries[0].Program: "30.7102", entries[1].Program: "30.7001"}
	reason := map[string]string{
		entries[0].Program: "Concentration in Business Analytics within Business Administration",
		entries[1].Program: "Concentration in Data Science within Business Administration",
	}
	for _, f := range []interface {
		FindProgram(context.Context, int64, string) (*careerpath.ProgramMatch, error)
	}{ix, sqlFinder{finder}} {
		for _, p := range progs {
			if p.ConcentrationCIP != wantConc[p.Name] || p.CIPSource != careerpath.CIPSourceCatalog {
				t.Errorf("%q: concentration %q, CIP from %q; want %q, from the catalog", p.Name, p.ConcentrationCIP, p.CIPSource, wantConc[p.Name])
			}
			got, err := f.FindProgram(ctx, p.ID, "data-scientist")
			if err != nil {
				t.Fatal(err)
			}
			r := got.Relevance
			if r.Level != want[p.Name] {
				t.Errorf("%T: %q (CIP %s, concentration %q) is %s for Data Scientist, want %s; reasons %q",
					f, p.Name, p.CIP, p.ConcentrationCIP, r.Level, want[p.Name], r.Reasons)
			}
			last := r.Reasons[len(r.Reasons)-1]
			if w := reason[p.Name]; w != "" && !strings.HasPrefix(last, w) || w == "" && strings.HasPrefix(last, "Concentration in") {
				t.Errorf("%T: %q reasons %q: want the concentration's reason %q only for the related MBAs", f, p.Name, r.Reasons, w)
			}
		}
	}
}

// trainedModel is the default relevance model, trained once for the
// package's tests (championTopics reads queries with the same one).
func trainedModel(tb testing.TB) *classify.Linear {
	tb.Helper()
	championTopics(tb)
	return trained
}

// sqlFinder gives the SQL finder the index's method names.
type sqlFinder struct{ *finderref.Finder }

func (f sqlFinder) Find(ctx context.Context, flt careerpath.ProgramFilter) (*careerpath.ProgramPage, error) {
	return f.FindPrograms(ctx, flt)
}

// concentrationDB builds a database of the CIP codes and the crosswalk
// only, for a catalog of its own.
func concentrationDB(t *testing.T) *sqlite.DB {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "careerpath.db")
	b, err := sqlite.NewBuilder(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	load := func() error {
		const cipFile, cwFile = "cip-2020/CIPCode2020.csv.gz", "cip-soc-2020/cip2020_soc2018_crosswalk.csv"
		codes, err := opendata.ParseCIP(opendata.Source{Dataset: opendata.DatasetCIP, File: cipFile}, gunzip(t, cipFile))
		if err != nil {
			return err
		}
		if err := b.LoadCIP(ctx, codes); err != nil {
			return err
		}
		f, err := data.FS.Open(cwFile)
		if err != nil {
			return err
		}
		defer f.Close()
		pairs, err := opendata.ParseCrosswalk(opendata.Source{Dataset: opendata.DatasetCrosswalk, File: cwFile}, f)
		if err != nil {
			return err
		}
		return b.LoadCrosswalk(ctx, pairs)
	}
	if err := load(); err != nil {
		b.Abort()
		t.Fatal(err)
	}
	if err := b.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// gunzip opens a gzipped file of the bundled data.
func gunzip(t *testing.T, name string) io.Reader {
	f, err := data.FS.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	r, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	return r
}
