package lifecycle_test

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/classify"
	"github.com/careerpath/careerpath/data"
	"github.com/careerpath/careerpath/lifecycle"
	"github.com/careerpath/careerpath/opendata"
	"github.com/careerpath/careerpath/sqlite"
)

// TestServeReadsConcentrations starts serving on a database whose catalog
// entries were never read for a concentration: imported with the
// provider's code while no model served, and classified before
// concentrations were stored (sqlite migration 014), as an old database
// holds them. The start reads them: the MBAs whose names give a
// concentration in data science get it, a plain MBA is recorded as read,
// with none.
func TestServeReadsConcentrations(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	db := cipDB(t)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	entries := []careerpath.CatalogEntry{
		{Program: "MBA with a concentration in Data Science", Degree: "MBA", CIP: "52.0201"},
		{Program: "Master of Business Administration", Degree: "MBA", CIP: "52.0201"},
		{Program: "Master of Business Administration, Specialization in Data Science", Degree: "MBA"},
	}
	for i := range entries {
		entries[i].Line, entries[i].Institution, entries[i].Country = i+2, "Harbour University", "US"
	}
	// The store itself imports: no model reads anything.
	cat, err := db.ImportCatalog(ctx, careerpath.CatalogImport{Name: "harbour", Entries: entries})
	if err != nil {
		t.Fatal(err)
	}
	pending, err := db.PendingCatalogEntries(ctx, cat.ID)
	if err != nil || len(pending) != 1 {
		t.Fatalf("pending entries %v, %v; want the one without a code", pending, err)
	}
	// Classified by a model of before concentrations: a code, no
	// concentration.
	if err := db.SetCatalogPredictions(ctx, []careerpath.CatalogPrediction{{EntryID: pending[0].ID, CIP: "52.0201", Confidence: 0.9, Status: careerpath.CatalogActive, Model: "old"}}); err != nil {
		t.Fatal(err)
	}
	if unread, err := db.UnreadConcentrations(ctx, 0); err != nil || len(unread) != 3 {
		t.Fatalf("%d entries unread for a concentration (%v), want 3", len(unread), err)
	}

	rel := bundledRule(t)
	cfg, err := classify.ParseConfig(`{"epochs":1,"holdout_every":0}`)
	if err != nil {
		t.Fatal(err)
	}
	lc := lifecycle.DefaultConfig()
	lc.Poll = time.Hour
	tr := lifecycle.Training{Config: lc, Release: data.FS, Relevance: rel, Train: cfg, Seed: 1, Actor: "test", Log: log}
	if _, _, err := tr.First(ctx, db); err != nil {
		t.Fatal(err)
	}
	lc.ServeChampion(ctx, db, rel, log)

	progs, err := db.CatalogPrograms(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{entries[0].Program: "30.7001", entries[1].Program: "", entries[2].Program: "30.7001"}
	for _, p := range progs {
		if p.ConcentrationCIP != want[p.Name] {
			t.Errorf("%q (CIP %s from %s): concentration %q after the start, want %q", p.Name, p.CIP, p.CIPSource, p.ConcentrationCIP, want[p.Name])
		}
		r := rel.OfProgram("data-scientist", p)
		if wantLevel := map[bool]string{true: careerpath.RelevanceRelated, false: careerpath.RelevanceNone}[want[p.Name] != ""]; r.Level != wantLevel {
			t.Errorf("%q is %s for Data Scientist, want %s; reasons %q", p.Name, r.Level, wantLevel, r.Reasons)
		}
	}
	if unread, err := db.UnreadConcentrations(ctx, 0); err != nil || len(unread) != 0 {
		t.Errorf("%d entries unread for a concentration after the start (%v), want none", len(unread), err)
	}
}

// cipDB opens a database holding every CIP code and the CIP–SOC
// crosswalk, the open data catalog imports are checked against.
func cipDB(t *testing.T) *sqlite.DB {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "cp.db")
	b, err := sqlite.NewBuilder(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	load := func() error {
		f, err := data.FS.Open("cip-2020/CIPCode2020.csv.gz")
		if err != nil {
			return err
		}
		defer f.Close()
		codes, err := opendata.ParseCIP(opendata.Source{Dataset: opendata.DatasetCIP}, f)
		if err != nil {
			return err
		}
		if err := b.LoadCIP(ctx, codes); err != nil {
			return err
		}
		g, err := data.FS.Open("cip-soc-2020/cip2020_soc2018_crosswalk.csv")
		if err != nil {
			return err
		}
		defer g.Close()
		pairs, err := opendata.ParseCrosswalk(opendata.Source{Dataset: opendata.DatasetCrosswalk}, g)
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
