package lifecycle_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/classify"
	"github.com/careerpath/careerpath/content"
	"github.com/careerpath/careerpath/data"
	"github.com/careerpath/careerpath/lifecycle"
	"github.com/careerpath/careerpath/opendata"
	"github.com/careerpath/careerpath/relevance"
	"github.com/careerpath/careerpath/sqlite"
)

// bundledRule is the relevance rule of the built-in careers over the
// bundled crosswalk and CIP titles.
func bundledRule(t *testing.T) *relevance.Rule {
	t.Helper()
	careers, err := content.Load(content.Embedded())
	if err != nil {
		t.Fatal(err)
	}
	f, err := data.FS.Open("cip-2020/CIPCode2020.csv.gz")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	codes, err := opendata.ParseCIP(opendata.Source{Dataset: opendata.DatasetCIP}, f)
	if err != nil {
		t.Fatal(err)
	}
	g, err := data.FS.Open("cip-soc-2020/cip2020_soc2018_crosswalk.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	pairs, err := opendata.ParseCrosswalk(opendata.Source{Dataset: opendata.DatasetCrosswalk}, g)
	if err != nil {
		t.Fatal(err)
	}
	titles := map[string]string{}
	for _, c := range codes {
		titles[c.Code] = c.Title
	}
	var links []careerpath.CrosswalkLink
	for _, p := range pairs {
		if p.CIP != "" && p.SOC != "" {
			links = append(links, careerpath.CrosswalkLink{CIP: p.CIP, CIPTitle: p.CIPTitle, SOC: p.SOC, SOCTitle: p.SOCTitle})
		}
	}
	return relevance.New(careers, links, titles)
}

// TestFirstModel trains the first classifier of an install (one epoch,
// the quick config of the tests), then serves it, evaluates it and
// reads queries with it; a second First trains nothing.
func TestFirstModel(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "cp.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	rel := bundledRule(t)
	cfg, err := classify.ParseConfig(`{"epochs":1,"holdout_every":0}`)
	if err != nil {
		t.Fatal(err)
	}
	lc := lifecycle.DefaultConfig()
	lc.Poll = 10 * time.Millisecond
	tr := lifecycle.Training{Config: lc, Release: data.FS, Relevance: rel, Train: cfg, Seed: 1, Actor: "test", Log: log}
	out, v, err := tr.First(ctx, db)
	if err != nil || out == nil || v != "v1" || !out.Champion {
		t.Fatalf("First on an empty registry = %v, %q, %v; want v1 trained and champion", out, v, err)
	}
	var report bytes.Buffer
	out.WriteReport(&report)
	for _, want := range []string{"trained v1", "gate: no champion to compare with", "champion: (none) → v1"} {
		if !strings.Contains(report.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, report.String())
		}
	}
	report.Reset()
	lifecycle.WriteFirst(&report, out, v)
	if !strings.Contains(report.String(), "classifier: trained v1") {
		t.Errorf("WriteFirst = %q", report.String())
	}
	if out, v, err := tr.First(ctx, db); err != nil || out != nil || v != "v1" {
		t.Errorf("First with a champion = %v, %q, %v; want nothing trained, v1", out, v, err)
	}

	// The command line's catalog imports classify with the champion.
	catalogs, err := lifecycle.ChampionCatalogs(ctx, db, log)
	if err != nil {
		t.Fatal(err)
	}
	cat, err := catalogs.ImportCatalog(ctx, careerpath.CatalogImport{Name: "acme", ImportedBy: "test",
		Entries: []careerpath.CatalogEntry{{Line: 2, Institution: "Stanford University", Program: "MS in Computer Science", Degree: "Master's"}}})
	if err != nil || cat.WithoutCIP != 1 || cat.PendingModel != 0 || cat.Drift == nil {
		t.Errorf("ChampionCatalogs.ImportCatalog = %+v, %v; want the entry classified and a drift report", cat, err)
	}
	// And classify streams entries through a version.
	in := `{"institution":"Stanford University","program":"MS in Computer Science","degree":"Master's"}` + "\n"
	var classified bytes.Buffer
	if err := lifecycle.Classify(ctx, db, rel, classify.DevSetCareer, "", strings.NewReader(in), &classified); err != nil || !strings.Contains(classified.String(), `"model":"v1"`) {
		t.Errorf("Classify = %v:\n%s; want an answer by v1", err, classified.String())
	}
	if err := lifecycle.Classify(ctx, db, rel, "no-such-career", "", strings.NewReader(in), io.Discard); careerpath.ErrorCode(err) != careerpath.ENOTFOUND {
		t.Errorf("Classify for an unknown career = %v, want ENOTFOUND", err)
	}

	current, err := lifecycle.ChampionOnce(ctx, db, log)
	if m, v := current(); err != nil || m == nil || v != "v1" {
		t.Errorf("ChampionOnce = %v, %q, %v; want v1 loaded", m, v, err)
	}
	champion := lc.ServeChampion(ctx, db, rel, log)
	if ts := champion.Topics()("machine learning"); len(ts) == 0 || ts[0].CIP == "" {
		t.Errorf("Topics(machine learning) = %v, want fields of study", ts)
	}

	sets, err := lifecycle.EvalSets("", classify.DevSetCareer)
	if err != nil || len(sets) != 1 {
		t.Fatalf("EvalSets = %v, %v; want the bundled set", sets, err)
	}
	var eval bytes.Buffer
	if err := (lifecycle.Eval{Registry: db, Relevance: rel}).Run(ctx, "", sets, &eval); err != nil || !strings.Contains(eval.String(), "== "+sets[0].Name) {
		t.Errorf("Eval = %v:\n%s", err, eval.String())
	}
	if _, err := lifecycle.EvalSets("", "no-such-career"); err == nil || !strings.Contains(err.Error(), "--eval FILE") {
		t.Errorf("EvalSets of an unknown career: %v, want one saying to give a file", err)
	}
}
