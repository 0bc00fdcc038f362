package storetest

import (
	"fmt"
	"sync"
	"testing"
	"time"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/experiment"
)

var (
	arms = []experiment.Arm{{Name: careerpath.SortRelevance, Weight: 5000}, {Name: careerpath.SortOutcomes, Weight: 5000}}
	plan = experiment.Plan{Alpha: 0.05, UnitsPerArm: 100, Tau: 0.02}
)

func createExperiment(t *testing.T, s Store, key string) *careerpath.Experiment {
	t.Helper()
	e := &careerpath.Experiment{Key: key, Description: "sort", Metric: careerpath.EventClick, CreatedBy: "ann",
		Phases: []careerpath.ExperimentPhase{{Arms: arms, Plan: plan}}}
	must(t, s.CreateExperiment(ctx, e))
	return e
}

func testExperimentPhases(t *testing.T, impl Impl) {
	s := impl.Open(t)
	e := createExperiment(t, s, "ranking")
	createExperiment(t, s, "another")
	if e.Status != careerpath.ExperimentRunning || e.Current().Salt == "" || e.Current().Number != 0 {
		t.Fatalf("created %+v, want running, phase 0 with a salt", e)
	}
	wantCode(t, "a second experiment with the key", s.CreateExperiment(ctx, &careerpath.Experiment{Key: "ranking", Metric: careerpath.EventClick,
		Phases: []careerpath.ExperimentPhase{{Arms: arms}}}), careerpath.ECONFLICT)
	wantCode(t, "a bad key", s.CreateExperiment(ctx, &careerpath.Experiment{Key: "Bad Key", Metric: careerpath.EventClick,
		Phases: []careerpath.ExperimentPhase{{Arms: arms}}}), careerpath.EINVALID)
	salts := map[string]bool{e.Current().Salt: true}
	for i := 1; i <= 2; i++ {
		got, err := s.StartExperimentPhase(ctx, "ranking", arms, plan)
		must(t, err)
		if p := got.Current(); p.Number != i || salts[p.Salt] || got.Phases[i-1].EndedAt == nil {
			t.Fatalf("phase %d: %+v (salts used %v), want a new salt and the last phase ended", i, got.Phases, salts)
		}
		salts[got.Current().Salt] = true
	}
	all, err := s.FindExperiments(ctx)
	must(t, err)
	if len(all) != 2 || all[0].Key != "another" || all[1].Key != "ranking" || len(all[1].Phases) != 3 {
		t.Fatalf("FindExperiments = %v, want another, then ranking with 3 phases", all)
	}
	got := all[1]
	if got.Description != "sort" || got.CreatedBy != "ann" || got.Metric != careerpath.EventClick || !got.CreatedAt.Equal(e.CreatedAt) ||
		got.Current().EndedAt != nil || got.Phases[0].EndedAt == nil || fmt.Sprint(got.Current().Arms) != fmt.Sprint(arms) || got.Current().Plan != plan {
		t.Errorf("read back %+v, want what was stored (%+v)", got, e)
	}
	stopped, err := s.StopExperiment(ctx, "ranking")
	must(t, err)
	if stopped.Status != careerpath.ExperimentStopped || stopped.Current().EndedAt == nil {
		t.Errorf("stopped = %+v", stopped)
	}
	_, err = s.StopExperiment(ctx, "ranking")
	wantCode(t, "stopping a stopped experiment", err, careerpath.ECONFLICT)
	_, err = s.StartExperimentPhase(ctx, "ranking", arms, plan)
	wantCode(t, "a phase of a stopped experiment", err, careerpath.ECONFLICT)
	_, err = s.FindExperiment(ctx, "nope")
	wantCode(t, "an unknown experiment", err, careerpath.ENOTFOUND)
	_, err = s.ExperimentCounts(ctx, "ranking", 7)
	wantCode(t, "counts of an unknown phase", err, careerpath.ENOTFOUND)
}

// testExperimentPhaseRace: replicas starting phases at once take turns:
// every start succeeds, each with its own number.
func testExperimentPhaseRace(t *testing.T, impl Impl) {
	s := impl.Open(t)
	createExperiment(t, s, "ranking")
	const n = 5
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { _, errs[i] = s.StartExperimentPhase(ctx, "ranking", arms, plan) })
	}
	wg.Wait()
	for _, err := range errs {
		must(t, err)
	}
	e, err := s.FindExperiment(ctx, "ranking")
	must(t, err)
	running := 0
	for i, p := range e.Phases {
		if p.Number != i {
			t.Errorf("phase %d numbered %d", i, p.Number)
		}
		if p.EndedAt == nil {
			running++
		}
	}
	if len(e.Phases) != n+1 || running != 1 {
		t.Errorf("%d phases, %d not ended; want %d and 1", len(e.Phases), running, n+1)
	}
}

func testExperimentLogs(t *testing.T, impl Impl) {
	s := impl.Open(t)
	createExperiment(t, s, "ranking")
	x := func(v, arm string) careerpath.ExperimentExposure {
		return careerpath.ExperimentExposure{Experiment: "ranking", Visitor: v, Arm: arm, At: at}
	}
	ev := func(v, arm, kind string) careerpath.ExperimentEvent {
		return careerpath.ExperimentEvent{Experiment: "ranking", Visitor: v, Arm: arm, Kind: kind, ProgramID: 7, At: at}
	}
	rel, out := careerpath.SortRelevance, careerpath.SortOutcomes
	later := func(e careerpath.ExperimentEvent, d time.Duration) careerpath.ExperimentEvent {
		e.At = e.At.Add(d)
		return e
	}
	// a1 is exposed three times in two batches and clicks twice, a window
	// apart (a third click a second after the first is the same action);
	// b1 clicks once; b2 only shortlists; c9 clicks unexposed; a2 clicks
	// in the arm it was not exposed to.
	must(t, s.LogExperiment(ctx, []careerpath.ExperimentExposure{x("a1", rel), x("a1", rel), x("a2", rel), x("b1", out)}, nil))
	must(t, s.LogExperiment(ctx, []careerpath.ExperimentExposure{x("a1", rel), x("b2", out)},
		[]careerpath.ExperimentEvent{ev("a1", rel, "click"), later(ev("a1", rel, "click"), careerpath.EventRepeatWindow),
			later(ev("a1", rel, "click"), time.Second), ev("b1", out, "click"),
			ev("b2", out, "shortlist"), ev("c9", rel, "click"), ev("a2", out, "click")}))
	must(t, s.LogExperiment(ctx, nil, nil))
	got, err := s.ExperimentCounts(ctx, "ranking", 0)
	must(t, err)
	want := []experiment.ArmCounts{
		{Arm: rel, Weight: 5000, Units: 2, Converted: 1, Events: 2},
		{Arm: out, Weight: 5000, Units: 2, Converted: 1, Events: 1},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("counts = %+v, want %+v", got, want)
	}
	if arm, err := s.ExposedArm(ctx, "ranking", 0, "b1"); err != nil || arm != out {
		t.Errorf("ExposedArm(b1) = %q, %v; want %s", arm, err, out)
	}
	if arm, err := s.ExposedArm(ctx, "ranking", 0, "c9"); err != nil || arm != "" {
		t.Errorf("ExposedArm(c9) = %q, %v; want not exposed", arm, err)
	}
	bad := careerpath.ExperimentExposure{Experiment: "ranking", Phase: 9, Visitor: "z", Arm: rel, At: at}
	if err := s.LogExperiment(ctx, []careerpath.ExperimentExposure{x("z1", rel), bad}, nil); err == nil {
		t.Error("an exposure in a phase that does not exist was stored")
	}
	if arm, _ := s.ExposedArm(ctx, "ranking", 0, "z1"); arm != "" {
		t.Error("a failed batch stored part of itself")
	}

	for _, day := range []string{"2026-01-01", "2026-01-02"} {
		must(t, s.SaveExperimentReport(ctx, day, &experiment.Report{Experiment: "ranking", Summary: "first " + day}))
	}
	must(t, s.SaveExperimentReport(ctx, "2026-01-01", &experiment.Report{Experiment: "ranking", Summary: "kept 2026-01-01"}))
	r, err := s.LastExperimentReport(ctx, "ranking", 0, "2026-01-02")
	if err != nil || r == nil || r.Summary != "kept 2026-01-01" {
		t.Errorf("LastExperimentReport before 01-02 = %+v, %v; want the replaced 01-01 one", r, err)
	}
	if r, err := s.LastExperimentReport(ctx, "ranking", 0, "2026-01-01"); err != nil || r != nil {
		t.Errorf("LastExperimentReport before the first = %+v, %v; want none", r, err)
	}

	// Retention: a running phase keeps its logs; an ended one loses them
	// once it ended before the cut-off. Reports stay.
	if n, err := s.DeleteExperimentLogs(ctx, time.Now().Add(time.Hour)); err != nil || n != 0 {
		t.Errorf("deleted %d, %v from a running phase", n, err)
	}
	e, err := s.StartExperimentPhase(ctx, "ranking", arms, plan)
	must(t, err)
	ended := *e.Phases[0].EndedAt
	if n, err := s.DeleteExperimentLogs(ctx, ended.Add(-time.Second)); err != nil || n != 0 {
		t.Errorf("deleted %d, %v of a phase ended after the cut-off", n, err)
	}
	if n, err := s.DeleteExperimentLogs(ctx, ended.Add(time.Second)); err != nil || n != 4+6 {
		t.Errorf("deleted %d, %v; want the phase's 4 exposures and 6 events", n, err)
	}
	if got, _ := s.ExperimentCounts(ctx, "ranking", 0); got[0].Units != 0 {
		t.Errorf("counts after retention %+v, want none", got)
	}
	if r, _ := s.LastExperimentReport(ctx, "ranking", 0, "2026-01-02"); r == nil {
		t.Error("retention deleted a report")
	}
}

// testExperimentEventRepeats: an action reaching several replicas, or
// sent twice, counts once: events of a visitor of one kind on one program
// less than careerpath.EventRepeatWindow apart are one, whichever
// connection stores them and in whatever order.
func testExperimentEventRepeats(t *testing.T, impl Impl) {
	s := impl.Open(t)
	createExperiment(t, s, "ranking")
	rel := careerpath.SortRelevance
	must(t, s.LogExperiment(ctx, []careerpath.ExperimentExposure{{Experiment: "ranking", Visitor: "v", Arm: rel, At: at}}, nil))
	click := func(program int64, d time.Duration) careerpath.ExperimentEvent {
		return careerpath.ExperimentEvent{Experiment: "ranking", Visitor: "v", Arm: rel, Kind: careerpath.EventClick, ProgramID: program, At: at.Add(d)}
	}
	events := func() uint64 {
		t.Helper()
		c, err := s.ExperimentCounts(ctx, "ranking", 0)
		must(t, err)
		return c[0].Events
	}
	// Six replicas store the same click at once, each a moment apart.
	const replicas = 6
	var wg sync.WaitGroup
	errs := make([]error, replicas)
	for i := range replicas {
		wg.Go(func() {
			errs[i] = s.LogExperiment(ctx, nil, []careerpath.ExperimentEvent{click(7, time.Duration(i)*100*time.Millisecond)})
		})
	}
	wg.Wait()
	for _, err := range errs {
		must(t, err)
	}
	if n := events(); n != 1 {
		t.Fatalf("one click stored by %d replicas at once counts %d times, want 1", replicas, n)
	}
	// Within the window of the one counted, before or after it: the same
	// action. Another program, or a window later: another.
	must(t, s.LogExperiment(ctx, nil, []careerpath.ExperimentEvent{click(7, careerpath.EventRepeatWindow-time.Millisecond), click(7, -time.Second)}))
	if n := events(); n != 1 {
		t.Errorf("repeats within the window count %d, want 1", n)
	}
	must(t, s.LogExperiment(ctx, nil, []careerpath.ExperimentEvent{click(8, 0), click(7, careerpath.EventRepeatWindow+time.Second)}))
	if n := events(); n != 3 {
		t.Errorf("a click on another program and one a window later: %d events, want 3", n)
	}
}
