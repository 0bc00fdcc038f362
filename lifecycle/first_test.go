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
	if out, v, err := tr.First(ctx, db); err != nil || out != nil || v != "v1" {
		t.Errorf("First with a champion = %v, %q, %v; want nothing trained, v1", out, v, err)
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
