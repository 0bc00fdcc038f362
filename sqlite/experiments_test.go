package sqlite

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/experiment"
)

var testArms = []experiment.Arm{{Name: careerpath.SortRelevance, Weight: 5000}, {Name: careerpath.SortOutcomes, Weight: 5000}}

func createTestExperiment(t *testing.T, db *DB, key string) *careerpath.Experiment {
	t.Helper()
	e := &careerpath.Experiment{Key: key, Metric: careerpath.EventClick, CreatedBy: "tester",
		Phases: []careerpath.ExperimentPhase{{Arms: testArms, Plan: experiment.Plan{Alpha: 0.05, UnitsPerArm: 100, Tau: 0.02}}}}
	if err := db.CreateExperiment(context.Background(), e); err != nil {
		t.Fatal(err)
	}
	return e
}

func TestExperimentPhases(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	e := createTestExperiment(t, db, "ranking")
	if e.Status != careerpath.ExperimentRunning || e.Current().Salt == "" {
		t.Fatalf("created %+v, want running with a salt", e)
	}
	if err := db.CreateExperiment(ctx, &careerpath.Experiment{Key: "ranking", Metric: "click", Phases: []careerpath.ExperimentPhase{{Arms: testArms}}}); careerpath.ErrorCode(err) != careerpath.ECONFLICT {
		t.Errorf("second experiment with the same key: err = %v, want ECONFLICT", err)
	}
	if err := db.CreateExperiment(ctx, &careerpath.Experiment{Key: "Bad Key", Metric: "click", Phases: []careerpath.ExperimentPhase{{Arms: testArms}}}); careerpath.ErrorCode(err) != careerpath.EINVALID {
		t.Errorf("bad key: err = %v, want EINVALID", err)
	}

	// The same weights again still get a new salt.
	salts := map[string]bool{e.Current().Salt: true}
	for i := 1; i <= 3; i++ {
		got, err := db.StartExperimentPhase(ctx, "ranking", testArms, e.Current().Plan)
		if err != nil {
			t.Fatal(err)
		}
		p := got.Current()
		if p.Number != i || salts[p.Salt] {
			t.Fatalf("phase %d: number %d, salt %q (used: %v)", i, p.Number, p.Salt, salts)
		}
		salts[p.Salt] = true
		if got.Phases[i-1].EndedAt == nil {
			t.Errorf("phase %d not ended when phase %d started", i-1, i)
		}
	}
	found, err := db.FindExperiment(ctx, "ranking")
	if err != nil {
		t.Fatal(err)
	}
	if len(found.Phases) != 4 || found.Current().EndedAt != nil || found.Phases[0].EndedAt == nil {
		t.Errorf("found %d phases, current ended %v", len(found.Phases), found.Current().EndedAt)
	}
	stopped, err := db.StopExperiment(ctx, "ranking")
	if err != nil {
		t.Fatal(err)
	}
	if stopped.Status != careerpath.ExperimentStopped || stopped.Current().EndedAt == nil {
		t.Errorf("stopped = %+v", stopped)
	}
	if _, err := db.StartExperimentPhase(ctx, "ranking", testArms, e.Current().Plan); careerpath.ErrorCode(err) != careerpath.ECONFLICT {
		t.Errorf("new phase of a stopped experiment: err = %v, want ECONFLICT", err)
	}
	if _, err := db.FindExperiment(ctx, "nope"); careerpath.ErrorCode(err) != careerpath.ENOTFOUND {
		t.Errorf("unknown experiment: err = %v, want ENOTFOUND", err)
	}
}

func TestExperimentLogsAndCounts(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	createTestExperiment(t, db, "ranking")
	now := time.Now()
	x := func(v, arm string) careerpath.ExperimentExposure {
		return careerpath.ExperimentExposure{Experiment: "ranking", Phase: 0, Visitor: v, Arm: arm, At: now}
	}
	ev := func(v, arm, kind string, after ...time.Duration) careerpath.ExperimentEvent {
		e := careerpath.ExperimentEvent{Experiment: "ranking", Phase: 0, Visitor: v, Arm: arm, Kind: kind, ProgramID: 7, At: now}
		for _, d := range after {
			e.At = e.At.Add(d)
		}
		return e
	}
	// a1 is exposed three times (two batches), clicks twice (a window
	// apart: two actions); b1 clicks once; b2 only shortlists; c9 clicks
	// without exposure.
	if err := db.LogExperiment(ctx, []careerpath.ExperimentExposure{x("a1", "relevance"), x("a1", "relevance"), x("a2", "relevance"), x("b1", "relevance-outcomes")}, nil); err != nil {
		t.Fatal(err)
	}
	if err := db.LogExperiment(ctx, []careerpath.ExperimentExposure{x("a1", "relevance"), x("b2", "relevance-outcomes")},
		[]careerpath.ExperimentEvent{ev("a1", "relevance", "click"), ev("a1", "relevance", "click", careerpath.EventRepeatWindow), ev("b1", "relevance-outcomes", "click"),
			ev("b2", "relevance-outcomes", "shortlist"), ev("c9", "relevance", "click")}); err != nil {
		t.Fatal(err)
	}
	got, err := db.ExperimentCounts(ctx, "ranking", 0)
	if err != nil {
		t.Fatal(err)
	}
	want := []experiment.ArmCounts{
		{Arm: "relevance", Weight: 5000, Units: 2, Converted: 1, Events: 2},
		{Arm: "relevance-outcomes", Weight: 5000, Units: 2, Converted: 1, Events: 1},
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("counts[%d] = %+v, want %+v", i, got[i], want[i])
		}
	}
	if arm, err := db.ExposedArm(ctx, "ranking", 0, "b1"); err != nil || arm != "relevance-outcomes" {
		t.Errorf("ExposedArm(b1) = %q, %v", arm, err)
	}
	if arm, err := db.ExposedArm(ctx, "ranking", 0, "c9"); err != nil || arm != "" {
		t.Errorf("ExposedArm(c9) = %q, %v; want not exposed", arm, err)
	}

	// Report snapshots: the latest before a day.
	for _, day := range []string{"2026-01-01", "2026-01-02"} {
		if err := db.SaveExperimentReport(ctx, day, &experiment.Report{Experiment: "ranking", Summary: day}); err != nil {
			t.Fatal(err)
		}
	}
	r, err := db.LastExperimentReport(ctx, "ranking", 0, "2026-01-02")
	if err != nil || r == nil || r.Summary != "2026-01-01" {
		t.Errorf("LastExperimentReport before 01-02 = %+v, %v; want the 01-01 one", r, err)
	}
	if r, err := db.LastExperimentReport(ctx, "ranking", 0, "2026-01-01"); err != nil || r != nil {
		t.Errorf("LastExperimentReport before the first = %+v, %v; want none", r, err)
	}

	// Retention: nothing goes while the phase runs, or ended recently.
	if n, err := db.DeleteExperimentLogs(ctx, now.Add(time.Hour)); err != nil || n != 0 {
		t.Errorf("deleted %d, %v from a running phase", n, err)
	}
	if _, err := db.StartExperimentPhase(ctx, "ranking", testArms, experiment.Plan{Alpha: 0.05, UnitsPerArm: 100, Tau: 0.02}); err != nil {
		t.Fatal(err)
	}
	if n, err := db.DeleteExperimentLogs(ctx, now.Add(-time.Hour)); err != nil || n != 0 {
		t.Errorf("deleted %d, %v of a phase ended after the cut-off", n, err)
	}
	if n, err := db.DeleteExperimentLogs(ctx, time.Now().Add(time.Hour)); err != nil || n != 4+5 {
		t.Errorf("deleted %d rows, %v; want 4 exposures and 5 events", n, err)
	}
}

// TestExperimentsSurviveImport: experiments are operator state, so a
// rebuild of the database carries them and their logs over.
func TestExperimentsSurviveImport(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "cp.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	e := createTestExperiment(t, db, "ranking")
	if _, err := db.StartExperimentPhase(ctx, "ranking", testArms, e.Current().Plan); err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	if err := db.LogExperiment(ctx, []careerpath.ExperimentExposure{{Experiment: "ranking", Phase: 1, Visitor: "v", Arm: "relevance", At: now}},
		[]careerpath.ExperimentEvent{{Experiment: "ranking", Phase: 1, Visitor: "v", Arm: "relevance", Kind: "click", ProgramID: 3, At: now}}); err != nil {
		t.Fatal(err)
	}
	if err := db.SaveExperimentReport(ctx, "2026-01-01", &experiment.Report{Experiment: "ranking", Phase: 1}); err != nil {
		t.Fatal(err)
	}
	db.Close()

	b, err := NewBuilder(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	db = openAt(t, path)
	got, err := db.FindExperiment(ctx, "ranking")
	if err != nil || len(got.Phases) != 2 || got.Phases[0].Salt != e.Phases[0].Salt {
		t.Fatalf("after rebuild: %+v, %v", got, err)
	}
	counts, err := db.ExperimentCounts(ctx, "ranking", 1)
	if err != nil || counts[0].Units != 1 || counts[0].Events != 1 {
		t.Errorf("after rebuild: counts %+v, %v", counts, err)
	}
	if r, err := db.LastExperimentReport(ctx, "ranking", 1, "2026-12-31"); err != nil || r == nil {
		t.Errorf("after rebuild: report %v, %v", r, err)
	}
}

func openAt(t *testing.T, path string) *DB {
	t.Helper()
	db, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// TestMigrateEventKeys: migration 016 keys the events a database already
// has, so that a repeat of one logged before it still counts once.
func TestMigrateEventKeys(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "cp.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	createTestExperiment(t, db, "ranking")
	at := time.Date(2026, 3, 4, 5, 6, 7, 500_000_000, time.UTC)
	x := careerpath.ExperimentExposure{Experiment: "ranking", Visitor: "v", Arm: "relevance", At: at}
	ev := careerpath.ExperimentEvent{Experiment: "ranking", Visitor: "v", Arm: "relevance", Kind: careerpath.EventClick, ProgramID: 7, At: at}
	if err := db.LogExperiment(ctx, []careerpath.ExperimentExposure{x}, []careerpath.ExperimentEvent{ev}); err != nil {
		t.Fatal(err)
	}
	// As a database from before 016: the event, no key (nor the later
	// migrations' tables).
	if _, err := db.write.ExecContext(ctx, `DROP TABLE experiment_event_keys; DROP TABLE guard_stats; PRAGMA user_version = 15`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if db, err = Open(ctx, path); err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var ms int64
	if err := db.read.QueryRowContext(ctx, `SELECT last_ms FROM experiment_event_keys`).Scan(&ms); err != nil || ms != at.UnixMilli() {
		t.Fatalf("key after migration: %d, %v; want %d", ms, err, at.UnixMilli())
	}
	ev.At = at.Add(time.Second)
	if err := db.LogExperiment(ctx, nil, []careerpath.ExperimentEvent{ev}); err != nil {
		t.Fatal(err)
	}
	if c, err := db.ExperimentCounts(ctx, "ranking", 0); err != nil || c[0].Events != 1 {
		t.Errorf("counts %+v, %v; want the repeat of a migrated event not counted", c, err)
	}
}
