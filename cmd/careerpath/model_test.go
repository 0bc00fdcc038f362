package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/classify"
	"github.com/careerpath/careerpath/data"
	"github.com/careerpath/careerpath/lifecycle"
	"github.com/careerpath/careerpath/opendata"
	"github.com/careerpath/careerpath/sqlite"
)

// quickTrainConfig is the training config of the tests: see TestMain.
const quickTrainConfig = `{"epochs":1,"holdout_every":0}`

// gateTrainConfig is for tests that need a retrained candidate to pass
// the gate against a champion of the same config: one epoch of SGD is
// too sensitive to the order of the examples for the gate's 0.01 margin.
const gateTrainConfig = `{"epochs":3,"holdout_every":0}`

var modelDB struct {
	once  sync.Once
	bytes []byte // the database file, built once per test binary
	err   error
}

// modelTestDB returns a copy of a database holding what the relevance
// model needs (every CIP code and the CIP–SOC crosswalk), without the
// rest of the open data, which the model commands do not read.
func modelTestDB(t testing.TB) string {
	t.Helper()
	modelDB.once.Do(func() {
		built := filepath.Join(t.TempDir(), "model.db")
		if modelDB.err = buildModelDB(built); modelDB.err == nil {
			modelDB.bytes, modelDB.err = os.ReadFile(built)
		}
	})
	if modelDB.err != nil {
		t.Fatal(modelDB.err)
	}
	path := filepath.Join(t.TempDir(), "cp.db")
	if err := os.WriteFile(path, modelDB.bytes, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func buildModelDB(path string) error {
	ctx := context.Background()
	b, err := sqlite.NewBuilder(ctx, path)
	if err != nil {
		return err
	}
	open := func(name string) (io.ReadCloser, error) { return data.FS.Open(name) }
	f, err := open("cip-2020/CIPCode2020.csv.gz")
	if err != nil {
		return err
	}
	codes, err := opendata.ParseCIP(opendata.Source{Dataset: opendata.DatasetCIP}, f)
	f.Close()
	if err != nil {
		return err
	}
	f, err = open("cip-soc-2020/cip2020_soc2018_crosswalk.csv")
	if err != nil {
		return err
	}
	links, err := opendata.ParseCrosswalk(opendata.Source{Dataset: opendata.DatasetCrosswalk}, f)
	f.Close()
	if err != nil {
		return err
	}
	if err := b.LoadCIP(ctx, codes); err != nil {
		b.Abort()
		return err
	}
	if err := b.LoadCrosswalk(ctx, links); err != nil {
		b.Abort()
		return err
	}
	return b.Commit(ctx)
}

// cli runs the command and returns what it printed on stdout.
func cli(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := run(context.Background(), args, &out, &errOut)
	if err != nil {
		t.Logf("careerpath %s: %v\n%s", strings.Join(args, " "), err, errOut.String())
	}
	return out.String(), err
}

func mustCLI(t *testing.T, args ...string) string {
	t.Helper()
	out, err := cli(t, args...)
	if err != nil {
		t.Fatalf("careerpath %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return out
}

func wantIn(t *testing.T, what, out string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(out, w) {
			t.Errorf("%s printed:\n%s\nwant it to contain %q", what, out, w)
		}
	}
}

// TestModelLifecycle drives train, the gate, the registry, eval and
// classify end to end, as an operator would.
func TestModelLifecycle(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := modelTestDB(t)

	// The first model becomes champion; the same seed again gives the same
	// artifact and, passing the gate, becomes challenger.
	out := mustCLI(t, "train", "--db", db, "--seed", "3")
	wantIn(t, "train", out, "trained v1", "macro-F1", "strong ", "related ", "none ", "confusion", "gate: no champion", "champion: (none) → v1")
	out = mustCLI(t, "train", "--db", db, "--seed", "3")
	wantIn(t, "second train", out, "trained v2", "gate (margin 0.01) against champion v1", "challenger: (none) → v2")

	reg, err := sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer reg.Close()
	v1, _ := reg.FindModelVersion(ctx, "v1")
	v2, _ := reg.FindModelVersion(ctx, "v2")
	if v1 == nil || v2 == nil || v1.Checksum != v2.Checksum {
		t.Fatalf("same data, config and seed: checksums %v and %v, want equal", v1, v2)
	}
	if v1.Seed != 3 || v1.DataHash == "" || v1.SchemaHash == "" || v1.CodeVersion == "" || v1.Kind != lifecycle.Kind || v1.CreatedAt.IsZero() {
		t.Errorf("v1 metadata = %+v", v1)
	}
	var m lifecycle.Metrics
	if err := json.Unmarshal(v1.Metrics, &m); err != nil || m.N != 54 || m.EvalSet != classify.DevSetName || len(m.Classes) != 3 {
		t.Errorf("v1 metrics = %s (%v)", v1.Metrics, err)
	}
	var cfg classify.Config
	if err := json.Unmarshal(v1.Config, &cfg); err != nil || cfg.Epochs != 1 {
		t.Errorf("v1 config = %s, want the test config", v1.Config)
	}

	// A worse candidate (trained without the catalog file) is refused,
	// with the figures in the log.
	out = mustCLI(t, "train", "--db", db, "--config", `{"epochs":1,"holdout_every":0,"weights":{"catalog":0}}`)
	wantIn(t, "worse train", out, "trained v3", "refused: v3 stays without an alias", "recall of strong")

	mustCLI(t, "models", "promote", "--db", db, "--reason", "same figures, newer", "v2")
	mustCLI(t, "models", "rollback", "--db", db)
	out = mustCLI(t, "models", "list", "--db", db)
	wantIn(t, "models list", out, "v1       champion", "v2       challenger")

	events, err := reg.FindModelEvents(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range events {
		got = append(got, strings.Join(strings.Fields(e.Action+" "+e.Alias+" "+e.From+">"+e.To), " "))
	}
	want := []string{
		"register >v1", "promote champion >v1",
		"register >v2", "promote challenger >v2",
		"register >v3", "refuse >v3",
		"promote champion v1>v2", "rollback champion v2>v1",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("events:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if refuse := events[5]; !strings.Contains(string(refuse.Details), `"champion_figures"`) || !strings.Contains(refuse.Reason, "gate:") {
		t.Errorf("refuse event = %+v %s, want the gate's figures", refuse, refuse.Details)
	}

	// eval: the champion, compared with the challenger; then a given
	// version against the champion.
	out = mustCLI(t, "eval", "--db", db)
	wantIn(t, "eval", out, "model v1 (", "precision", "recall", "strong ", "related ", "none ", "confusion (rows: label, columns: classified)",
		"champion v1 vs candidate v2", "macro-F1", "0 entries classified differently")
	out = mustCLI(t, "eval", "--db", db, "--model", "v3")
	wantIn(t, "eval --model v3", out, "model v3 (", "champion v1 vs candidate v3", "strong recall", "- ")

	// classify: one answer per line, in order, with the fields.
	in := writeFile(t, "entries.jsonl", `{"institution":"Stanford University","program":"MS in Computer Science","degree":"Master's","rank":1}
{"institution":"University of Pennsylvania","program":"Wharton MBA","degree":"MBA"}

{"institution":"Tsinghua University","program":"计算机科学与技术","degree":"Bachelor's"}
{"institution":"ETH Zürich","program":"MSc Statistics","degree":"MSc","city":"Zürich","country":"CH"}
`)
	out = mustCLI(t, "classify", "--db", db, "--career", "machine-learning-engineer", in)
	type line struct {
		Line       int      `json:"line"`
		Program    string   `json:"program"`
		Relevance  string   `json:"relevance"`
		Score      *float64 `json:"score"`
		Confidence *float64 `json:"confidence"`
		CIP        *string  `json:"cip"`
		CIPTitle   *string  `json:"cip_title"`
		Reasons    []string `json:"reasons"`
		Model      string   `json:"model"`
	}
	var lines []line
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		var l line
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			t.Fatalf("classify output %q: %v", sc.Text(), err)
		}
		lines = append(lines, l)
	}
	wantLines := []struct {
		line           int
		program, level string
		cip            string
	}{
		{1, "MS in Computer Science", "strong", "11.07"},
		{2, "Wharton MBA", "none", "52."},
		{4, "计算机科学与技术", "none", ""},
		{5, "MSc Statistics", "related", "27.05"},
	}
	if len(lines) != len(wantLines) {
		t.Fatalf("classify printed %d lines, want %d:\n%s", len(lines), len(wantLines), out)
	}
	for i, w := range wantLines {
		l := lines[i]
		if l.Line != w.line || l.Program != w.program || l.Relevance != w.level || l.Model != "v1" ||
			l.Score == nil || l.Confidence == nil || l.CIP == nil || l.CIPTitle == nil || len(l.Reasons) == 0 ||
			!strings.HasPrefix(*l.CIP, w.cip) || (w.cip == "") != (*l.CIP == "") {
			t.Errorf("classify line %d = %+v, want line %d %q %s with CIP %s…, every field, from v1", i, l, w.line, w.program, w.level, w.cip)
		}
	}
	bad := writeFile(t, "bad.jsonl", `{"program":"MSc Data Science"}`+"\n"+`{"program": "MSc`+"\n")
	if _, err := cli(t, "classify", "--db", db, "--career", "machine-learning-engineer", bad); err == nil || !strings.Contains(err.Error(), "line 2") {
		t.Errorf("classify of a malformed line = %v, want an error naming line 2", err)
	}
	if _, err := cli(t, "classify", "--db", db, "--career", "no-such-career", in); err == nil {
		t.Error("classify for an unknown career succeeded")
	}
}

// TestCatalogImportClassifies imports a catalog whose entries have no CIP
// code: the champion classifies the readable ones and holds the others.
func TestCatalogImportClassifies(t *testing.T) {
	t.Parallel()
	db := modelTestDB(t)
	file := writeFile(t, "acme.jsonl", `{"institution":"Acme University","program":"MSc Machine Learning","degree":"Master's","country":"GB"}
{"institution":"Acme University","program":"Xqzv Wrrplk","degree":"Master's","country":"GB"}
{"institution":"Acme University","program":"MS in Computer Science","degree":"Master's","country":"GB","cip":"11.0701"}
`)
	out := mustCLI(t, "catalog", "import", "--db", db, "--name", "before", file)
	wantIn(t, "catalog import without a model", out, "2 without a CIP code", "2 waiting for a classifier")

	mustCLI(t, "train", "--db", db)
	out = mustCLI(t, "catalog", "import", "--db", db, "--name", "acme", file)
	wantIn(t, "catalog import", out, "1 with a CIP code", "2 without a CIP code", "1 classified by the trained classifier (confidence ≥ 0.50)", "1 held for review")

	ctx := context.Background()
	reg, err := sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer reg.Close()
	progs, err := reg.CatalogPrograms(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, p := range progs {
		if p.Source == "acme" {
			names = append(names, p.Name+" "+p.CIP[:2])
		}
	}
	if got := strings.Join(names, ", "); got != "MSc Machine Learning 11, MS in Computer Science 11" {
		t.Errorf("active acme programs = %s", got)
	}

	// A server start classifies what waited for a model.
	sctx, cancel := context.WithCancel(ctx)
	defer cancel()
	lm, err := startModel(sctx, testConfig().Lifecycle, reg, builtinGuides(t), slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	if m, _ := lm.Current(); m == nil {
		t.Fatal("no model serves after startModel")
	}
	cats, err := reg.Catalogs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cats {
		if c.PendingModel != 0 || c.Classified != 1 || c.HeldForReview != 1 {
			t.Errorf("catalog %s: %d classified, %d held, %d pending; want 1, 1, 0", c.Name, c.Classified, c.HeldForReview, c.PendingModel)
		}
	}
}

// builtinGuides serves the built-in careers without their figures.
func builtinGuides(t testing.TB) careerpath.GuideService {
	t.Helper()
	careers, err := careersOf("")
	if err != nil {
		t.Fatal(err)
	}
	var g guideList
	for _, c := range careers {
		g = append(g, &careerpath.Guide{Career: c})
	}
	return g
}

type guideList []*careerpath.Guide

func (g guideList) FindSpecializations(context.Context) ([]*careerpath.Specialization, error) {
	return nil, nil
}
func (g guideList) FindGuides(context.Context, string) ([]*careerpath.Guide, error) { return g, nil }
func (g guideList) FindGuide(_ context.Context, slug string) (*careerpath.Guide, error) {
	for _, x := range g {
		if x.Slug == slug {
			return x, nil
		}
	}
	return nil, careerpath.Errorf(careerpath.ENOTFOUND, "No career guide %q.", slug)
}
func (g guideList) SiteFigures(context.Context) (*careerpath.SiteFigures, error) {
	return &careerpath.SiteFigures{}, nil
}
