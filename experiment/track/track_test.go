package track_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/experiment"
	"github.com/careerpath/careerpath/experiment/track"
	"github.com/careerpath/careerpath/sqlite"
	"github.com/prometheus/client_golang/prometheus"
)

var arms = []experiment.Arm{{Name: careerpath.SortRelevance, Weight: 5000}, {Name: careerpath.SortOutcomes, Weight: 5000}}

func newTracker(t *testing.T, cfg track.Config) (*track.Tracker, *sqlite.DB) {
	t.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "cp.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return track.New(db, cfg, slog.New(slog.NewTextHandler(io.Discard, nil))), db
}

// sum returns the sum of a counter's series.
func sum(t *testing.T, c prometheus.Collector) float64 {
	t.Helper()
	reg := prometheus.NewPedanticRegistry()
	reg.MustRegister(c)
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	var n float64
	for _, mf := range mfs {
		for _, m := range mf.GetMetric() {
			n += m.GetCounter().GetValue()
		}
	}
	return n
}

// run runs the tracker until the test ends.
func run(t *testing.T, tr *track.Tracker) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { tr.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
}

func TestTrackerAssignExposeEvent(t *testing.T) {
	ctx := context.Background()
	tr, db := newTracker(t, track.Config{})
	if _, ok := tr.Assign("v1"); ok {
		t.Fatal("assigned with no experiment")
	}
	e, err := tr.Create(ctx, "ranking", "", careerpath.EventClick, arms, track.PlanInput{}, "tester")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tr.Create(ctx, "other", "", careerpath.EventClick, arms, track.PlanInput{}, "tester"); careerpath.ErrorCode(err) != careerpath.ECONFLICT {
		t.Errorf("second running experiment: err = %v, want ECONFLICT", err)
	}
	run(t, tr)
	phase := e.Current().Phase()
	perArm := map[string]int{}
	for i := range 200 {
		v := fmt.Sprintf("%032x", i)
		a, ok := tr.Assign(v)
		want, _ := phase.Assign(v)
		if !ok || a.Arm != want || a.Experiment != "ranking" || a.Phase != 0 {
			t.Fatalf("Assign(%s) = %+v, %v; want arm %s", v, a, ok, want)
		}
		perArm[a.Arm]++
		for range 3 { // three page views, one exposure
			tr.Expose(a, v)
		}
		if i%2 == 0 {
			if err := tr.Event(ctx, v, "", careerpath.EventClick, int64(i+1)); err != nil {
				t.Fatalf("Event(%s): %v", v, err)
			}
			// The same click from the page's script and the server: once.
			if err := tr.Event(ctx, v, "ranking", careerpath.EventClick, int64(i+1)); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := tr.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	_, r, err := tr.Experiment(ctx, "ranking")
	if err != nil {
		t.Fatal(err)
	}
	var units, events uint64
	for _, a := range r.Arms {
		if int(a.Units) != perArm[a.Arm] {
			t.Errorf("arm %s: %d units, want %d", a.Arm, a.Units, perArm[a.Arm])
		}
		units += a.Units
		events += a.Events
	}
	if units != 200 || events != 100 {
		t.Errorf("report: %d units, %d events; want 200 and 100 (duplicates counted once)", units, events)
	}
	if r.Applies != experiment.AppliesSequential {
		t.Errorf("applies = %s with 100 units per arm, want sequential", r.Applies)
	}
	if got := sum(t, tr.Collectors()[0]); got != 200 {
		t.Errorf("exposures counter = %v, want 200", got)
	}

	// Bad events and visitors not exposed.
	for _, c := range []struct {
		visitor, experiment, kind string
		program                   int64
		code                      string
	}{
		{"v", "", "view", 1, careerpath.EINVALID},
		{"v", "", careerpath.EventClick, 0, careerpath.EINVALID},
		{"v", "nope", careerpath.EventClick, 1, careerpath.EINVALID},
	} {
		if err := tr.Event(ctx, c.visitor, c.experiment, c.kind, c.program); careerpath.ErrorCode(err) != c.code {
			t.Errorf("Event(%q, %q, %q, %d) = %v, want %s", c.visitor, c.experiment, c.kind, c.program, err, c.code)
		}
	}
	if err := tr.Event(ctx, "never-seen", "", careerpath.EventClick, 1); err != track.ErrNotExposed {
		t.Errorf("event of a visitor not exposed: %v, want ErrNotExposed", err)
	}

	// A new phase re-assigns with a new salt; the old phase's exposures
	// do not make a visitor exposed in the new one.
	e2, err := tr.NewPhase(ctx, "ranking", []experiment.Arm{{Name: "relevance", Weight: 2000}, {Name: "relevance-outcomes", Weight: 8000}}, track.PlanInput{})
	if err != nil {
		t.Fatal(err)
	}
	if e2.Current().Salt == e.Current().Salt || e2.Current().Number != 1 {
		t.Errorf("new phase %d with salt %q, old salt %q", e2.Current().Number, e2.Current().Salt, e.Current().Salt)
	}
	v0 := fmt.Sprintf("%032x", 0)
	if err := tr.Event(ctx, v0, "", careerpath.EventClick, 5); err != track.ErrNotExposed {
		t.Errorf("event in the new phase before exposure: %v, want ErrNotExposed", err)
	}
	if _, err := tr.Stop(ctx, "ranking"); err != nil {
		t.Fatal(err)
	}
	if _, ok := tr.Assign(v0); ok {
		t.Error("assigned after the experiment stopped")
	}
	_ = db
}

// TestTrackerQueueFull: with the writer not running, exposures beyond the
// queue are dropped and counted, and those visitors are tried again.
func TestTrackerQueueFull(t *testing.T) {
	ctx := context.Background()
	tr, _ := newTracker(t, track.Config{QueueSize: 10})
	if _, err := tr.Create(ctx, "ranking", "", careerpath.EventClick, arms, track.PlanInput{}, "tester"); err != nil {
		t.Fatal(err)
	}
	for i := range 25 {
		v := fmt.Sprintf("%032x", i)
		a, _ := tr.Assign(v)
		tr.Expose(a, v)
	}
	if got := sum(t, tr.Collectors()[2]); got != 15 {
		t.Errorf("dropped = %v, want 15", got)
	}
	run(t, tr)
	if err := tr.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	// The dropped ones get in at later views (the writer now drains the
	// queue, though a burst may still overflow it).
	for range 5 {
		for i := range 25 {
			v := fmt.Sprintf("%032x", i)
			a, _ := tr.Assign(v)
			tr.Expose(a, v)
		}
		if err := tr.Flush(ctx); err != nil {
			t.Fatal(err)
		}
	}
	_, r, err := tr.Experiment(ctx, "ranking")
	if err != nil {
		t.Fatal(err)
	}
	if n := r.Arms[0].Units + r.Arms[1].Units; n != 25 {
		t.Errorf("%d units stored, want 25", n)
	}
}

// TestTrackerRefresh: a tracker sees an experiment another replica
// created at its next refresh.
func TestTrackerRefresh(t *testing.T) {
	ctx := context.Background()
	a, db := newTracker(t, track.Config{})
	b := track.New(db, track.Config{Refresh: 20 * time.Millisecond}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	run(t, b)
	if _, err := a.Create(ctx, "ranking", "", careerpath.EventClick, arms, track.PlanInput{}, "tester"); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		x, okA := a.Assign("visitor")
		y, okB := b.Assign("visitor")
		if okA && okB {
			if x != y {
				t.Errorf("replicas disagree: %+v and %+v", x, y)
			}
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("the second replica never saw the experiment")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestTrackerNotify: a tracker refreshing once an hour sees an experiment
// another replica created as soon as it is notified.
func TestTrackerNotify(t *testing.T) {
	ctx := context.Background()
	a, db := newTracker(t, track.Config{})
	b := track.New(db, track.Config{Refresh: time.Hour}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	run(t, b)
	if err := b.Flush(ctx); err != nil { // Run is past its first refresh
		t.Fatal(err)
	}
	if _, err := a.Create(ctx, "ranking", "", careerpath.EventClick, arms, track.PlanInput{}, "tester"); err != nil {
		t.Fatal(err)
	}
	b.Notify()
	deadline := time.Now().Add(10 * time.Second)
	for {
		if _, ok := b.Assign("visitor"); ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("the notified replica did not see the experiment within 10 s")
		}
		time.Sleep(time.Millisecond) // waiting for the refresh, not an interval
	}
}

// BenchmarkAssignExpose is what a finder page view of a visitor in the
// experiment adds: the assignment and the exposure check (already seen,
// the common case; or new, queued for the writer).
//
//	go test ./experiment/track -run '^$' -bench AssignExpose
func BenchmarkAssignExpose(b *testing.B) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "cp.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	tr := track.New(db, track.Config{QueueSize: 1 << 20, SeenSize: 1 << 22}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if _, err := tr.Create(ctx, "ranking", "", careerpath.EventClick, arms, track.PlanInput{}, "bench"); err != nil {
		b.Fatal(err)
	}
	vids := make([]string, 1024)
	for i := range vids {
		vids[i] = fmt.Sprintf("%032x", i)
	}
	b.Run("seen", func(b *testing.B) {
		i := 0
		for b.Loop() {
			v := vids[i%len(vids)]
			i++
			if a, ok := tr.Assign(v); ok {
				tr.Expose(a, v)
			}
		}
	})
	b.Run("new", func(b *testing.B) {
		ctx, cancel := context.WithCancel(ctx)
		done := make(chan struct{})
		go func() { tr.Run(ctx); close(done) }()
		defer func() { cancel(); <-done }()
		i := 0
		for b.Loop() {
			v := fmt.Sprintf("n%031x", i)
			i++
			if a, ok := tr.Assign(v); ok {
				tr.Expose(a, v)
			}
		}
	})
}

// lockedBuffer is a log destination safe for concurrent writes.
type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestTrackerRetain: Run, which every replica runs, deletes no logs;
// Retain, the leader's job, deletes those of ended phases.
func TestTrackerRetain(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "cp.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var logs lockedBuffer
	tr := track.New(db, track.Config{Retention: time.Nanosecond, RetentionEvery: 10 * time.Millisecond, FlushEvery: 10 * time.Millisecond},
		slog.New(slog.NewTextHandler(&logs, nil)))
	if _, err := tr.Create(ctx, "ranking", "", careerpath.EventClick, arms, track.PlanInput{}, "tester"); err != nil {
		t.Fatal(err)
	}
	run(t, tr)
	for i := range 10 {
		v := fmt.Sprintf("%032x", i)
		a, _ := tr.Assign(v)
		tr.Expose(a, v)
	}
	if err := tr.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := tr.NewPhase(ctx, "ranking", arms, track.PlanInput{}); err != nil { // phase 0 ends
		t.Fatal(err)
	}
	time.Sleep(50 * time.Millisecond) // five of Run's flushes: none deletes
	if strings.Contains(logs.String(), "deleted old logs") {
		t.Fatalf("Run deleted logs:\n%s", logs.String())
	}
	rctx, stop := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { tr.Retain(rctx); close(done) }()
	defer func() { stop(); <-done }()
	for deadline := time.Now().Add(10 * time.Second); !strings.Contains(logs.String(), "rows=10"); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("Retain did not delete the 10 exposures of the ended phase:\n%s", logs.String())
		}
	}
}

// flakyStore is a store whose experiment logs and reads fail, as a
// database that does not answer, while down is set.
type flakyStore struct {
	*sqlite.DB
	down *atomic.Bool
}

var errDown = careerpath.Errorf(careerpath.EUNAVAILABLE, "The database is unreachable: nothing was saved.")

func (s flakyStore) LogExperiment(ctx context.Context, x []careerpath.ExperimentExposure, e []careerpath.ExperimentEvent) error {
	if s.down.Load() {
		return errDown
	}
	return s.DB.LogExperiment(ctx, x, e)
}

func (s flakyStore) FindExperiments(ctx context.Context) ([]*careerpath.Experiment, error) {
	if s.down.Load() {
		return nil, errDown
	}
	return s.DB.FindExperiments(ctx)
}

// TestTrackerUnreachable: once a write of the logs finds the store
// unreachable, events are refused with EUNAVAILABLE (rather than accepted
// and dropped) while exposures of page views still pass without error;
// when the store answers again, events are taken again.
func TestTrackerUnreachable(t *testing.T) {
	ctx := context.Background()
	_, db := newTracker(t, track.Config{})
	var down atomic.Bool
	tr := track.New(flakyStore{db, &down}, track.Config{}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if _, err := tr.Create(ctx, "ranking", "", careerpath.EventClick, arms, track.PlanInput{}, "tester"); err != nil {
		t.Fatal(err)
	}
	run(t, tr)
	v := "0123456789abcdef0123456789abcdef"
	a, ok := tr.Assign(v)
	if !ok {
		t.Fatal("not assigned")
	}
	tr.Expose(a, v)
	if err := tr.Event(ctx, v, "", careerpath.EventClick, 7); err != nil {
		t.Fatalf("Event with the store up: %v", err)
	}
	down.Store(true)
	if err := tr.Flush(ctx); careerpath.ErrorCode(err) != careerpath.EUNAVAILABLE {
		t.Fatalf("Flush with the store down = %v, want EUNAVAILABLE", err)
	}
	w := "fedcba9876543210fedcba9876543210"
	if b, ok := tr.Assign(w); ok {
		tr.Expose(b, w) // a page view: nothing to fail
	}
	if err := tr.Event(ctx, v, "", careerpath.EventClick, 7); careerpath.ErrorCode(err) != careerpath.EUNAVAILABLE {
		t.Errorf("Event with the store down = %v, want EUNAVAILABLE", err)
	}
	down.Store(false)
	if err := tr.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	if err := tr.Event(ctx, v, "", careerpath.EventClick, 7); err != nil {
		t.Errorf("Event with the store back: %v", err)
	}
	if err := tr.Flush(ctx); err != nil {
		t.Errorf("Flush with the store back: %v", err)
	}
}
