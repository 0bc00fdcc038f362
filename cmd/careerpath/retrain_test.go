package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/classify"
	"github.com/careerpath/careerpath/data"
	"github.com/careerpath/careerpath/lifecycle"
	"github.com/careerpath/careerpath/registry"
	"github.com/careerpath/careerpath/relevance"
	"github.com/careerpath/careerpath/sqlite"
	"github.com/careerpath/careerpath/web"
)

// editorLabel is a decision an editor makes on a catalog entry.
type editorLabel struct {
	institution, program, degree string
	cip                          string // field of study, "" for none
	relevance                    string // for the ML engineer, "" for none
}

// makeLabels imports the entries as a provider catalog and decides each
// through the review queue, as editors do: a held entry is decided from
// its item; an entry the model published is flagged first.
func makeLabels(t *testing.T, path string, reg *sqlite.DB, name string, labels []editorLabel) {
	t.Helper()
	ctx := context.Background()
	var b strings.Builder
	for _, l := range labels {
		j, _ := json.Marshal(map[string]string{"institution": l.institution, "program": l.program, "degree": l.degree, "country": "DE"})
		b.Write(append(j, '\n'))
	}
	mustCLI(t, "catalog", "import", "--db", path, "--name", name, writeFile(t, name+".jsonl", b.String()))
	key := func(inst, prog string) string { return inst + "\x00" + prog }
	held := map[string]int64{}
	items, err := reg.FindReviewItems(ctx, careerpath.ReviewFilter{Status: careerpath.ReviewOpen, Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range items {
		held[key(it.Text.Institution, it.Text.Program)] = it.ID
	}
	published := map[string]int64{}
	progs, err := reg.CatalogPrograms(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range progs {
		if p.Source == name {
			published[key(p.Institution.Name, p.Name)] = p.ID
		}
	}
	for _, l := range labels {
		id, ok := held[key(l.institution, l.program)]
		if !ok {
			pid, ok := published[key(l.institution, l.program)]
			if !ok {
				t.Fatalf("entry %q of %s is neither held nor published", l.program, l.institution)
			}
			it, err := reg.FlagProgram(ctx, strconv.FormatInt(pid, 10), classify.DevSetCareer, "wrong field of study", "editor@test")
			if err != nil {
				t.Fatal(err)
			}
			id = it.ID
		}
		d := careerpath.Decision{CIP: l.cip, Editor: "editor@test"}
		if l.relevance != "" {
			d.Career, d.Relevance = classify.DevSetCareer, l.relevance
		}
		if _, err := reg.Decide(ctx, id, d); err != nil {
			t.Fatalf("decide %q: %v", l.program, err)
		}
	}
}

// germanLabels teach the model German program names: fields of study at
// some universities, and relevance decisions on the same names at others
// (never trained on, so they measure what the fields taught).
var germanLabels = []editorLabel{
	{"TU Berlin", "Maschinelles Lernen", "Master", "11.0102", ""},
	{"TU Berlin", "Informatik", "Bachelor", "11.0701", ""},
	{"TU Berlin", "Künstliche Intelligenz", "Master", "11.0102", ""},
	{"TU Berlin", "Datenwissenschaft", "Master", "30.7001", ""},
	{"TU Berlin", "Statistik", "Bachelor", "27.0501", ""},
	{"TU Berlin", "Angewandte Informatik", "Bachelor", "11.0701", ""},
	{"TU Berlin", "Betriebswirtschaftslehre", "Bachelor", "52.0201", ""},
	{"TU Berlin", "Elektrotechnik", "Bachelor", "14.1001", ""},
	{"TU Berlin", "Mathematik", "Bachelor", "27.0101", ""},
	{"TU Berlin", "Softwaretechnik", "Master", "14.0903", ""},
	{"TU München", "Maschinelles Lernen und Datenanalyse", "Master", "11.0102", ""},
	{"TU München", "Informatik", "Master", "11.0701", ""},
	{"TU München", "Wirtschaftsinformatik", "Bachelor", "11.0401", ""},
	{"TU München", "Künstliche Intelligenz und Robotik", "Master", "11.0102", ""},
	{"TU München", "Volkswirtschaftslehre", "Bachelor", "45.0601", ""},
	{"Uni Stuttgart", "Maschinelles Lernen", "Master", "", "strong"},
	{"Uni Hamburg", "Informatik", "Master", "", "strong"},
	{"Uni Köln", "Betriebswirtschaftslehre", "Bachelor", "", "none"},
	{"Uni Ulm", "Künstliche Intelligenz", "Master", "", "strong"},
	{"Uni Bonn", "Datenwissenschaft", "Master", "", "strong"},
}

// championDB returns a model database with a first model, v1, as
// champion, and the registry open on it.
func championDB(t *testing.T) (string, *sqlite.DB) {
	t.Helper()
	path := modelTestDB(t)
	mustCLI(t, "train", "--db", path)
	reg, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { reg.Close() })
	return path, reg
}

// eventLog reads the registry's events as "action alias from>to actor".
func eventLog(t *testing.T, reg *sqlite.DB) ([]*careerpath.ModelEvent, []string) {
	t.Helper()
	events, err := reg.FindModelEvents(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range events {
		got = append(got, strings.Join(strings.Fields(e.Action+" "+e.Alias+" "+e.From+">"+e.To+" "+e.Actor), " "))
	}
	return events, got
}

func discardLog() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// startRollout starts lifecycle's rollout of the challenger against
// champion on the database, with the settings o, as serve does (one
// process: it leads).
func startRollout(ctx context.Context, lc lifecycle.Config, db *sqlite.DB, champion *lifecycle.Champion, o rolloutFlags, log *slog.Logger) *lifecycle.LiveRollout {
	return lc.StartRollout(ctx, db, champion, lifecycle.RolloutConfig{Shadow: o.shadow, Guard: o.guard}, log)
}

// testServer serves the classify API with the rollout in front of the
// champion, as serve wires it, over the database at path.
// prepare, if not nil, is called before the server takes calls.
func testServer(t *testing.T, ctx context.Context, path string, o rolloutFlags, prepare func(*lifecycle.LiveRollout)) (*httptest.Server, *lifecycle.Champion, *lifecycle.LiveRollout) {
	t.Helper()
	db, err := sqlite.Open(ctx, path) // the server's own connection
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	guides := builtinGuides(t)
	lm, err := startModel(ctx, testConfig().Lifecycle, db, guides, discardLog())
	if err != nil {
		t.Fatal(err)
	}
	ro := startRollout(ctx, testConfig().Lifecycle, db, lm, o, discardLog())
	if prepare != nil {
		prepare(ro)
	}
	srv, err := web.NewServer(ctx, web.Services{Guides: lookupGuides{guides.(guideList)}, Classifier: ro.Classifier(lm.Classifier()),
		Security: web.Security{APIRate: -1}}, discardLog()) // traffic from one address
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return ts, lm, ro
}

// devEntries are the evaluation set's entries, as a classify request
// sends them.
func devEntries(t testing.TB) []careerpath.CatalogText {
	t.Helper()
	dev, err := classify.DevSet()
	if err != nil {
		t.Fatal(err)
	}
	var entries []careerpath.CatalogText
	for _, e := range dev {
		entries = append(entries, careerpath.CatalogText(e.Entry))
	}
	return entries
}

// devBody is devEntries as a classify request's body.
func devBody(t testing.TB) []byte {
	b, _ := json.Marshal(devEntries(t))
	return b
}

func postClassify(ts *httptest.Server, body []byte) (string, error) {
	v, _, err := classifyAnswer(ts.Client(), ts.URL, body)
	return v, err
}

// waitFor polls cond until it holds or the time is up.
func waitFor(t *testing.T, what string, within time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(within)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within %v", what, within)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestRetrainShadowPromote: editors correct entries, a retrain learns
// from them and becomes challenger, live traffic shadows it, and its
// shadow gate promotes it, with every step in the event log, in order.
func TestRetrainShadowPromote(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	path, reg := championDB(t)
	makeLabels(t, path, reg, "editors", germanLabels)

	// The candidate trains two epochs where the quick champion trained
	// one, so that it passes the offline gate whatever the labels do to the
	// dev set: this test is about the flow (TestRetrainRefused is about
	// the gate).
	const candidate = `{"epochs":2,"holdout_every":0}`
	out := mustCLI(t, "retrain", "--db", path, "--config", candidate, "--dry-run")
	wantIn(t, "retrain --dry-run", out, "editors' labels: 20", "dry run: not registered", "dry run: the gate would pass")
	out = mustCLI(t, "retrain", "--db", path, "--config", candidate)
	wantIn(t, "retrain", out, "trained v2", "editors' labels: 20", "held-out editors' relevance decisions", "challenger: (none) → v2")

	v2, err := reg.FindModelVersion(ctx, "v2")
	if err != nil {
		t.Fatal(err)
	}
	var cfg lifecycle.VersionConfig
	if err := json.Unmarshal(v2.Config, &cfg); err != nil || cfg.Labels == nil || cfg.Labels.Count != 20 || len(cfg.Labels.Hash) != 64 ||
		cfg.Labels.Trained+cfg.Labels.HeldOut < 15 || cfg.Epochs != 2 {
		t.Errorf("v2 config = %s (%v), want the label count and hash", v2.Config, err)
	}
	var m lifecycle.Metrics
	if err := json.Unmarshal(v2.Metrics, &m); err != nil || m.Labels == nil || m.Labels.RelevanceN < 5 {
		t.Errorf("v2 metrics = %s (%v), want figures on at least the 5 relevance-only decisions", v2.Metrics, err)
	}
	v1, _ := reg.FindModelVersion(ctx, "v1")
	if v1.DataHash == v2.DataHash {
		t.Error("the retrained model has the data hash of the first: the labels were not trained on")
	}

	// A server shadows every call (rate 1) and decides after 100 entries.
	// The latency bound is loose: this test is about the flow, on a
	// machine shared with others (TestShadow checks the bound).
	o := rolloutFlags{shadow: registry.ShadowConfig{Rate: 1, Queue: 16, MinEntries: 100, LatencyFactor: 2, LatencyFloor: time.Second},
		guard: registry.DefaultGuardConfig()}
	ts, lm, ro := testServer(t, ctx, path, o, nil)
	waitFor(t, "the challenger loads", 10*time.Second, func() bool {
		_, ok := ro.Shadow.Report()
		if !ok {
			postClassify(ts, devBody(t))
		}
		return ok
	})
	body := devBody(t)
	waitFor(t, "the shadow promotes v2", 60*time.Second, func() bool {
		if _, err := postClassify(ts, body); err != nil {
			t.Fatal(err)
		}
		v, _ := reg.Alias(ctx, careerpath.AliasChampion)
		return v == "v2"
	})
	waitFor(t, "the server serves v2", servedWithin, func() bool {
		_, v := lm.Current()
		return v == "v2"
	})
	if v, err := postClassify(ts, body); err != nil || v != "v2" {
		t.Errorf("after the promotion the server answers from %q (%v), want v2", v, err)
	}

	events, got := eventLog(t, reg)
	want := []string{
		"register >v1 cli", "promote champion >v1 cli",
		"register >v2 cli", "promote challenger >v2 cli",
		"shadow_start >v2 retrain", "shadow_result >v2 retrain",
		"promote champion v1>v2 retrain",
	}
	for i := range got {
		got[i] = strings.Replace(got[i], " "+actorName(), " cli", 1)
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("events:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	var gate lifecycle.GateResult
	if err := json.Unmarshal(events[3].Details, &gate); err != nil || gate.After.Labels == nil || gate.Before == nil || gate.Before.Labels == nil {
		t.Errorf("gate event details = %s, want both models' figures on the held-out labels", events[3].Details)
	} else {
		t.Logf("held-out labels: relevance %d: %.3f → %.3f; fields %d: %.3f → %.3f", gate.After.Labels.RelevanceN,
			gate.Before.Labels.RelevanceAccuracy, gate.After.Labels.RelevanceAccuracy, gate.After.Labels.FieldN,
			gate.Before.Labels.FieldAccuracy, gate.After.Labels.FieldAccuracy)
	}
	var d lifecycle.ShadowDecision
	if err := json.Unmarshal(events[5].Details, &d); err != nil || !d.Shadow.Passed() || d.Shadow.Entries < 100 || d.Shadow.Champion != "v1" ||
		d.Shadow.LevelN == 0 || d.Shadow.ChallengerP99us <= 0 || d.Offline == nil || !d.Offline.Passed() {
		t.Errorf("shadow result details = %s (%v), want a passed shadow of ≥ 100 entries with its figures and the offline gate", events[5].Details, err)
	}
	if !strings.Contains(events[6].Reason, "offline and shadow gates passed") || string(events[6].Details) != string(events[5].Details) {
		t.Errorf("promotion = %q %s, want the gates' figures", events[6].Reason, events[6].Details)
	}
	t.Logf("shadow: %d entries, level agreement %.3f, field agreement %.3f, disagreements %v, p99 %.0f µs vs champion %.0f µs",
		d.Shadow.Entries, d.Shadow.Agreement, d.Shadow.ClassAgreement, d.Shadow.Disagreements, d.Shadow.ChallengerP99us, d.Shadow.ChampionP99us)
}

// TestRetrainRefused: labels that contradict the evaluation set on
// purpose (computing and data science programs called business
// administration) make a worse candidate, which the gate refuses with
// its figures; the champion and the challenger stay as they were.
func TestRetrainRefused(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path, reg := championDB(t)
	var wrong []editorLabel
	for i := range 10 {
		inst := fmt.Sprintf("Contrarian University %d", i+1)
		for _, p := range []string{"MS in Computer Science", "BS in Computer Science", "MSc Data Science", "Master of Science in Data Science",
			"Master of Artificial Intelligence", "MSc Machine Learning", "MS in Computer Science and Engineering", "BS in Data Science"} {
			wrong = append(wrong, editorLabel{inst, p, "Master's", "52.0201", "none"})
		}
	}
	makeLabels(t, path, reg, "contrarian", wrong)

	out := mustCLI(t, "retrain", "--db", path)
	wantIn(t, "retrain on contradicting labels", out, "trained v2", "editors' labels: 80", "refused: v2 stays without an alias", "recall of strong")
	if v, _ := reg.Alias(ctx, careerpath.AliasChampion); v != "v1" {
		t.Errorf("champion = %s, want v1", v)
	}
	if _, err := reg.Alias(ctx, careerpath.AliasChallenger); careerpath.ErrorCode(err) != careerpath.ENOTFOUND {
		t.Errorf("a refused candidate became challenger (%v)", err)
	}
	events, got := eventLog(t, reg)
	if n := len(got); n != 4 || !strings.HasPrefix(got[2], "register >v2") || !strings.HasPrefix(got[3], "refuse >v2") {
		t.Fatalf("events = %q, want v2 registered and refused", got)
	}
	var g lifecycle.GateResult
	if err := json.Unmarshal(events[3].Details, &g); err != nil || g.Passed() || g.Before == nil || g.After.StrongRecall >= g.Before.StrongRecall || g.After.Labels == nil {
		t.Errorf("refusal details = %s (%v), want the failing figures", events[3].Details, err)
	}
	t.Logf("refused: %s", events[3].Reason)
}

// TestRetrainRollback: a champion promoted straight after the offline
// gate (retrain --promote) breaches its latency threshold — injected
// through the guard's test hook — and is rolled back automatically, with
// the figures in the event.
func TestRetrainRollback(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	path, reg := championDB(t)

	o := rolloutFlags{shadow: registry.DefaultShadowConfig(), guard: registry.GuardConfig{Window: time.Minute, MinCalls: 5,
		MaxErrorRate: 0.01, LatencyFactor: 3, LatencyFloor: time.Millisecond, Every: 50 * time.Millisecond}}
	ts, lm, _ := testServer(t, ctx, path, o, func(ro *lifecycle.LiveRollout) {
		ro.Guard.Inject = func(v string, took time.Duration, err error) (time.Duration, error) {
			if v == "v2" {
				return took + 5*time.Second, err // ≈ 90 ms more per entry
			}
			return took, err
		}
	})
	body := devBody(t)
	for range 10 { // the champion's baseline
		if v, err := postClassify(ts, body); err != nil || v != "v1" {
			t.Fatalf("classify: %q, %v; want v1", v, err)
		}
	}
	out := mustCLI(t, "retrain", "--db", path, "--promote")
	wantIn(t, "retrain --promote", out, "trained v2", "champion: v1 → v2")
	waitFor(t, "the server serves v2", servedWithin, func() bool {
		_, v := lm.Current()
		return v == "v2"
	})
	waitFor(t, "the guard rolls v2 back", 30*time.Second, func() bool {
		if _, err := postClassify(ts, body); err != nil {
			t.Fatal(err)
		}
		v, _ := reg.Alias(ctx, careerpath.AliasChampion)
		return v == "v1"
	})
	waitFor(t, "the server serves v1 again", servedWithin, func() bool {
		_, v := lm.Current()
		return v == "v1"
	})
	events, got := eventLog(t, reg)
	last := events[len(events)-1]
	if got[len(got)-1] != "rollback champion v2>v1 guard" || !strings.Contains(last.Reason, "automatic rollback: p99") {
		t.Fatalf("last event = %q %q, want the guard's rollback for latency", got[len(got)-1], last.Reason)
	}
	var b registry.GuardBreach
	if err := json.Unmarshal(last.Details, &b); err != nil || b.Version != "v2" || b.Calls < 5 || b.P99us <= b.BoundP99us || b.BaselineP99us <= 0 {
		t.Errorf("rollback details = %s (%v), want v2's figures over its bound", last.Details, err)
	}
	t.Logf("%s", last.Reason)
}

// pauseAt is the test config of a training that stops for a minute
// at the named step, saying so on stderr, so that a test can kill it there.
func pauseAt(step string) Config {
	c := testConfig()
	if step == "" {
		return c
	}
	c.Lifecycle.Step = func(s string) {
		if s == step {
			fmt.Fprintln(os.Stderr, "paused at", s)
			time.Sleep(time.Minute)
		}
	}
	return c
}

// TestRetrainKilled kills a retrain with SIGKILL at each of its steps:
// the registry must stay consistent (every alias on a registered version,
// the aliases those the event log replays to), the champion must load and
// warm up, the retrain lock must be free, and the next retrain must work.
func TestRetrainKilled(t *testing.T) {
	if testing.Short() {
		t.Skip("runs retrains in child processes")
	}
	ctx := context.Background()
	base := modelTestDB(t)
	mustCLI(t, "train", "--db", base)
	mustCLI(t, "retrain", "--db", base) // v2, challenger
	reg, err := sqlite.Open(ctx, base)
	if err != nil {
		t.Fatal(err)
	}
	makeLabels(t, base, reg, "editors", germanLabels[:8])
	reg.Close()

	for _, step := range []string{"labels", "training", "trained", "registered"} {
		t.Run(step, func(t *testing.T) {
			path := t.TempDir() + "/cp.db"
			if err := copyFile(base, path); err != nil {
				t.Fatal(err)
			}
			var stderr syncBuffer
			cmd := exec.Command(os.Args[0], "retrain", "--db", path)
			cmd.Env = append(os.Environ(), "CAREERPATH_RUN_MAIN=1")
			marker := "paused at " + step
			if step == "training" { // killed while it trains, without a pause
				marker = "training the classifier"
			} else {
				cmd.Env = append(cmd.Env, "CAREERPATH_TEST_PAUSE_AT="+step)
			}
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			waitFor(t, "the retrain reaches "+step, 60*time.Second, func() bool { return strings.Contains(stderr.String(), marker) })
			if err := cmd.Process.Kill(); err != nil {
				t.Fatal(err)
			}
			cmd.Wait()
			checkRegistry(t, path)
			out := mustCLI(t, "retrain", "--db", path)
			// The next retrain registers a version and decides on it; whether
			// the gate passes a quickly trained candidate is not the point.
			wantIn(t, "retrain after the kill", out, "editors' labels: 8", "trained v")
			if !strings.Contains(out, "challenger: v2 → v") && !strings.Contains(out, "stays without an alias") {
				t.Errorf("retrain after the kill neither moved the challenger nor refused the candidate:\n%s", out)
			}
			checkRegistry(t, path)
		})
	}
}

// checkRegistry checks that the registry at path is consistent and its
// champion serves.
func checkRegistry(t *testing.T, path string) {
	t.Helper()
	ctx := context.Background()
	reg, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer reg.Close()
	versions, err := reg.FindModelVersions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	events, err := reg.FindModelEvents(ctx)
	if err != nil {
		t.Fatal(err)
	}
	registered := map[string]bool{}
	replay := map[string]string{}
	for _, e := range events {
		switch e.Action {
		case careerpath.EventRegister:
			registered[e.To] = true
		case careerpath.EventPromote, careerpath.EventRollback:
			if !registered[e.To] {
				t.Errorf("event %d moves %s to %s, not registered before", e.ID, e.Alias, e.To)
			}
			replay[e.Alias] = e.To
		}
	}
	aliases := map[string]string{}
	for _, v := range versions {
		if !registered[v.Version] {
			t.Errorf("version %s has no register event", v.Version)
		}
		for _, a := range v.Aliases {
			aliases[a] = v.Version
		}
		if _, err := reg.ModelArtifact(ctx, v.Version); err != nil {
			t.Errorf("version %s: %v", v.Version, err)
		}
	}
	if fmt.Sprint(aliases) != fmt.Sprint(replay) {
		t.Errorf("aliases %v, but the event log replays to %v", aliases, replay)
	}
	lm, err := startModel(ctx, testConfig().Lifecycle, reg, builtinGuides(t), discardLog())
	if err != nil {
		t.Fatal(err)
	}
	if m, v := lm.Current(); m == nil || v != aliases[careerpath.AliasChampion] {
		t.Errorf("the champion %s does not serve (serving %q)", aliases[careerpath.AliasChampion], v)
	}
	unlock, err := reg.LockRetrain()
	if err != nil {
		t.Errorf("the retrain lock is still held: %v", err)
	} else {
		unlock()
	}
}

// BenchmarkClassifyShadow measures what shadow scoring costs live
// classify calls (the evaluation set's 54 entries a call, on all cores):
// without a shadow, and with one shadowing 20 % and every call. The
// shadow worker competes for the same cores, so the difference in ns/op
// is its overhead on throughput.
//
//	go test ./cmd/careerpath -run '^$' -bench ClassifyShadow -benchtime 3s
func BenchmarkClassifyShadow(b *testing.B) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	path := modelTestDB(b)
	for range 2 { // v1 champion, v2 (the same model) challenger
		if err := run(ctx, []string{"train", "--db", path}, io.Discard, io.Discard); err != nil {
			b.Fatal(err)
		}
	}
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	lm, err := startModel(ctx, testConfig().Lifecycle, db, builtinGuides(b), discardLog())
	if err != nil {
		b.Fatal(err)
	}
	entries := devEntries(b)
	for _, rate := range []float64{0, 0.2, 1} {
		b.Run(fmt.Sprintf("rate=%v", rate), func(b *testing.B) {
			rctx, stop := context.WithCancel(ctx)
			defer stop()
			cfg := registry.DefaultShadowConfig()
			cfg.Rate, cfg.MinEntries = rate, 1<<30 // never decides
			ro := startRollout(rctx, testConfig().Lifecycle, db, lm, rolloutFlags{shadow: cfg, guard: registry.DefaultGuardConfig()}, discardLog())
			c := ro.Classifier(lm.Classifier())
			if rate > 0 {
				for deadline := time.Now().Add(10 * time.Second); ; {
					c.Classify(ctx, classify.DevSetCareer, entries)
					if _, ok := ro.Shadow.Report(); ok {
						break
					}
					if time.Now().After(deadline) {
						b.Fatal("the challenger did not load")
					}
					time.Sleep(10 * time.Millisecond)
				}
			}
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					if _, err := c.Classify(ctx, classify.DevSetCareer, entries); err != nil {
						b.Error(err)
						return
					}
				}
			})
			b.StopTimer()
			b.ReportMetric(float64(b.N*len(entries))/b.Elapsed().Seconds(), "entries/s")
			if r, ok := ro.Shadow.Report(); ok {
				b.ReportMetric(float64(r.Entries), "shadowed")
				b.ReportMetric(float64(r.Dropped), "dropped-calls")
			}
		})
	}
}

// TestRetrainSchedule runs the server's retraining schedule: it skips a
// round while another retrain holds the lock, retrains (actor retrain)
// once the editors' labels are free to learn from, and then skips rounds
// that would train the same model again.
func TestRetrainSchedule(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	path, reg := championDB(t)
	makeLabels(t, path, reg, "editors", germanLabels[:6])
	careers, err := careersOf("")
	if err != nil {
		t.Fatal(err)
	}
	rel, err := relevance.Load(ctx, reg, careers)
	if err != nil {
		t.Fatal(err)
	}
	unlock, err := reg.LockRetrain() // another retrain is running
	if err != nil {
		t.Fatal(err)
	}
	var logs syncBuffer
	train, err := classify.ParseConfig(gateTrainConfig)
	if err != nil {
		t.Fatal(err)
	}
	go lifecycle.Scheduled(testConfig().Lifecycle, data.FS, func() *relevance.Rule { return rel }, train, slog.New(slog.NewTextHandler(&logs, nil))).Schedule(ctx, reg, 100*time.Millisecond)
	waitFor(t, "a round skipped for the lock", 30*time.Second, func() bool { return strings.Contains(logs.String(), "another retrain is running") })
	if vs, _ := reg.FindModelVersions(ctx); len(vs) != 1 {
		t.Fatalf("%d versions while another retrain held the lock, want 1", len(vs))
	}
	unlock()
	waitFor(t, "a scheduled retrain", 60*time.Second, func() bool {
		_, got := eventLog(t, reg)
		if len(got) >= 4 && got[3] != "promote challenger >v2 retrain" {
			t.Fatalf("events %v, want the fourth to promote v2 to challenger; log:\n%s", got, logs.String())
		}
		return len(got) >= 4
	})
	waitFor(t, "a round with nothing new", 60*time.Second, func() bool { return strings.Contains(logs.String(), "nothing new to learn: v2") })
	if vs, _ := reg.FindModelVersions(ctx); len(vs) != 2 {
		t.Errorf("%d versions after rounds with nothing new, want 2", len(vs))
	}
}

func TestRolloutFlags(t *testing.T) {
	tests := []struct {
		env     map[string]string
		args    []string
		want    string // retrain-every, shadow rate, shadow min
		wantErr string
	}{
		{nil, nil, "0s 0.2 200", ""},
		{map[string]string{"CAREERPATH_RETRAIN_EVERY": "24h", "CAREERPATH_SHADOW_RATE": "0.5"}, nil, "24h0m0s 0.5 200", ""},
		{map[string]string{"CAREERPATH_RETRAIN_EVERY": "24h"}, []string{"--retrain-every", "1h", "--shadow-min", "50"}, "1h0m0s 0.2 50", ""},
		{map[string]string{"CAREERPATH_RETRAIN_EVERY": "daily"}, nil, "", "CAREERPATH_RETRAIN_EVERY=\"daily\""},
	}
	for _, tt := range tests {
		for _, k := range []string{"CAREERPATH_RETRAIN_EVERY", "CAREERPATH_SHADOW_RATE", "CAREERPATH_SHADOW_MIN"} {
			t.Setenv(k, tt.env[k])
		}
		c := DefaultConfig()
		err := parseFlags(c.flags("serve", io.Discard, serveSettings...), tt.args)
		o := c.Rollout
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("env %v: error %v, want one naming %s", tt.env, err, tt.wantErr)
			}
			continue
		}
		if got := fmt.Sprint(o.retrainEvery, o.shadow.Rate, o.shadow.MinEntries); err != nil || got != tt.want {
			t.Errorf("env %v, args %v: %s (%v), want %s", tt.env, tt.args, got, err, tt.want)
		}
	}
}

// panicky is a classifier whose model breaks.
type panicky struct{}

func (panicky) Classify(context.Context, string, []careerpath.CatalogText) ([]careerpath.Classification, error) {
	panic("index out of range")
}

// TestRolloutClassifierPanic: a model that panics answers an internal
// error, and the server lives on.
func TestRolloutClassifierPanic(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	_, reg := championDB(t)
	lm, err := startModel(ctx, testConfig().Lifecycle, reg, builtinGuides(t), discardLog())
	if err != nil {
		t.Fatal(err)
	}
	ro := startRollout(ctx, testConfig().Lifecycle, reg, lm, rolloutFlags{shadow: registry.DefaultShadowConfig(), guard: registry.DefaultGuardConfig()}, discardLog())
	_, err = ro.Classifier(panicky{}).Classify(ctx, classify.DevSetCareer, devEntries(t))
	if careerpath.ErrorCode(err) != careerpath.EINTERNAL {
		t.Errorf("Classify with a panicking model: %v, want an internal error", err)
	}
	if res, err := ro.Classifier(lm.Classifier()).Classify(ctx, classify.DevSetCareer, devEntries(t)); err != nil || len(res) != 54 || res[0].Model != "v1" {
		t.Errorf("Classify after the panic: %d answers, %v", len(res), err)
	}
}
