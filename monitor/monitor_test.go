package monitor_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/classify"
	"github.com/careerpath/careerpath/monitor"
	"github.com/careerpath/careerpath/monitor/drift"
	"github.com/careerpath/careerpath/sqlite"
)

// fakeModel answers from the program name: "cip@confidence" predicts cip
// with that probability and knows every word; "?" knows none.
type fakeModel struct{}

func (fakeModel) Version() string { return "fake" }

func (fakeModel) Predict(e classify.Entry) classify.Result {
	cip, conf, ok := strings.Cut(e.Program, "@")
	if !ok {
		return classify.Result{Readable: 0}
	}
	var p float64
	fmt.Sscan(conf, &p)
	return classify.Result{Readable: 1, Predictions: []classify.Prediction{{CIP: cip, Probability: p}}}
}

// readable are names the fake model reads well, spread over fields,
// confidences and lengths like a healthy stream.
func readable(n int) []classify.Entry {
	cips := []string{"11.0701", "27.0501", "52.0201", "14.0901", "30.7001"}
	out := make([]classify.Entry, n)
	for i := range out {
		conf := 0.55 + 0.4*float64(i%10)/10
		out[i] = classify.Entry{Program: fmt.Sprintf("%s@%.2f%s", cips[i%len(cips)], conf, strings.Repeat("x", i%23))}
	}
	return out
}

// unreadable are names the fake model cannot read at all, as for another
// script.
func unreadable(n int) []classify.Entry {
	out := make([]classify.Entry, n)
	for i := range out {
		out[i] = classify.Entry{Program: strings.Repeat("字", 2+i%3)}
	}
	return out
}

func testDB(t testing.TB) *sqlite.DB {
	t.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "m.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// register stores a model version with the reference of the fake model
// over readable names (or none), and returns its version.
func register(t testing.TB, db *sqlite.DB, withReference bool) string {
	t.Helper()
	v := &careerpath.ModelVersion{Kind: "fake", Config: json.RawMessage(`{}`), Metrics: json.RawMessage(`{}`)}
	if withReference {
		ref, err := monitor.BuildReference(fakeModel{}, readable(1000), "readable")
		if err != nil {
			t.Fatal(err)
		}
		if v.Reference, err = json.Marshal(ref); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.CreateModelVersion(context.Background(), v, []byte("artifact"), "test"); err != nil {
		t.Fatal(err)
	}
	return v.Version
}

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func predictAll(m classify.Model, es []classify.Entry) {
	for _, e := range es {
		m.Predict(e)
	}
}

func TestSustainedDrift(t *testing.T) {
	ctx := context.Background()
	db := testDB(t)
	v := register(t, db, true)
	mon := monitor.New(db, monitor.Config{Sustain: 3, MinObservations: 50}, quiet())
	m := mon.Wrap(fakeModel{}, v)
	now := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	tick := func(es []classify.Entry) *monitor.WindowReport {
		t.Helper()
		predictAll(m, es)
		now = now.Add(time.Minute)
		closed := mon.Tick(ctx, now)
		if len(closed) != 1 {
			t.Fatalf("Tick closed %d windows, want 1", len(closed))
		}
		return closed[0]
	}
	// Healthy windows, then one bad window: drift is seen, no alert.
	for range 2 {
		if r := tick(readable(200)); r.Status != drift.OK || r.Firing {
			t.Fatalf("healthy window: status %v firing %v, want ok, not firing: %+v", r.Status, r.Firing, r.Features[0].Report.Reason)
		}
	}
	if r := tick(unreadable(200)); r.Status != drift.Alert || r.Firing {
		t.Fatalf("one bad window: status %v firing %v, want alert, not firing", r.Status, r.Firing)
	}
	if r := tick(readable(200)); r.Firing {
		t.Fatal("a single bad window fired the alert")
	}
	// Three bad windows in a row fire it, on the third.
	for i := 1; i <= 3; i++ {
		r := tick(unreadable(200))
		if want := i == 3; r.Firing != want {
			t.Fatalf("bad window %d of 3: firing %v, want %v", i, r.Firing, want)
		}
		if i == 3 && r.Features[0].Transition != "fired" {
			t.Errorf("third bad window: transition %q, want fired", r.Features[0].Transition)
		}
	}
	// The windows are stored, and a new monitor (a restart) shows them.
	stored, err := db.FindDriftWindows(ctx, 100)
	if err != nil {
		t.Fatal(err)
	}
	if len(stored) != 7 || stored[6].Status != "alert" || !stored[6].Firing {
		t.Fatalf("stored %d windows, last %+v; want 7, the last alert and firing", len(stored), stored[len(stored)-1])
	}
	again := monitor.New(db, monitor.Config{Window: time.Hour}, quiet())
	runCtx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { again.Run(runCtx); close(done) }()
	deadline := time.Now().Add(5 * time.Second)
	for {
		s := again.Snapshot()
		if len(s.Models) == 1 && s.Models[0].Windows == 7 {
			if !s.Models[0].Firing || len(s.Models[0].Features[0].History) != 7 {
				t.Errorf("restored state: firing %v, history %d; want firing with 7 windows", s.Models[0].Firing, len(s.Models[0].Features[0].History))
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the restarted monitor did not restore the windows: %+v", s.Models)
		}
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	<-done
}

func TestWindowExtendedUntilEnoughObservations(t *testing.T) {
	ctx := context.Background()
	db := testDB(t)
	v := register(t, db, true)
	mon := monitor.New(db, monitor.Config{MinObservations: 50}, quiet())
	m := mon.Wrap(fakeModel{}, v)
	now := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	for i := range 4 {
		predictAll(m, readable(20))
		now = now.Add(time.Minute)
		closed := mon.Tick(ctx, now)
		switch {
		case i < 2 && len(closed) != 0:
			t.Fatalf("tick %d: closed a window of %d observations, want it extended", i, closed[0].N)
		case i == 2:
			if len(closed) != 1 || closed[0].N != 60 || !closed[0].Start.Equal(now.Add(-3*time.Minute)) {
				t.Fatalf("tick 3: closed %+v, want one window of 60 over 3 minutes", closed)
			}
		}
	}
}

func TestModelWithoutReference(t *testing.T) {
	ctx := context.Background()
	db := testDB(t)
	v := register(t, db, false)
	mon := monitor.New(db, monitor.Config{}, quiet())
	m := mon.Wrap(fakeModel{}, v)
	predictAll(m, readable(100))
	if closed := mon.Tick(ctx, time.Now()); len(closed) != 0 {
		t.Fatalf("closed %d drift windows for a model without reference, want 0", len(closed))
	}
	s := mon.Snapshot()
	if len(s.Models) != 1 || s.Models[0].Reference || !strings.Contains(s.Models[0].Note, "no reference") || s.Models[0].Predictions != 100 {
		t.Fatalf("snapshot %+v: want one model without reference, saying so, with 100 predictions", s.Models)
	}
	d := mon.CatalogDrift(ctx, fakeModel{}, v, []careerpath.CatalogEntry{{Program: "11.0701@0.9"}})
	if d.Status != careerpath.DriftNoReference || d.Reason == "" {
		t.Fatalf("catalog drift without reference = %+v, want status %s with a reason", d, careerpath.DriftNoReference)
	}
	if d := mon.CatalogDrift(ctx, nil, "", nil); d.Status != careerpath.DriftNoModel {
		t.Fatalf("catalog drift without a model = %q, want %s", d.Status, careerpath.DriftNoModel)
	}
}

func TestCatalogDrift(t *testing.T) {
	ctx := context.Background()
	db := testDB(t)
	v := register(t, db, true)
	mon := monitor.New(db, monitor.Config{}, quiet())
	entries := func(es []classify.Entry) []careerpath.CatalogEntry {
		out := make([]careerpath.CatalogEntry, len(es))
		for i, e := range es {
			out[i] = careerpath.CatalogEntry{Program: e.Program}
		}
		return out
	}
	for _, c := range []struct {
		name    string
		entries []careerpath.CatalogEntry
		want    string
	}{
		{"like the reference", entries(readable(300)), careerpath.DriftOK},
		{"unreadable", entries(unreadable(300)), careerpath.DriftAlert},
	} {
		d := mon.CatalogDrift(ctx, fakeModel{}, v, c.entries)
		if d.Status != c.want || d.N != 300 || len(d.Features) != 4 {
			t.Errorf("%s: status %s over %d entries with %d features, want %s over 300 with 4", c.name, d.Status, d.N, len(d.Features), c.want)
		}
	}
}

func TestWrapDoesNotAllocate(t *testing.T) {
	db := testDB(t)
	v := register(t, db, true)
	mon := monitor.New(db, monitor.Config{}, quiet())
	e := readable(1)[0]
	var inner fakeModel
	allocs := testing.AllocsPerRun(1000, func() { mon.Wrap(inner, v).Predict(e) })
	base := testing.AllocsPerRun(1000, func() { inner.Predict(e) })
	if allocs > base {
		t.Errorf("a monitored prediction allocates %.1f times, the model alone %.1f", allocs, base)
	}
	if off := monitor.New(db, monitor.Config{Off: true}, quiet()); off.Wrap(inner, v) != classify.Model(inner) {
		t.Error("a monitor that is off wrapped the model")
	}
}

func TestLatencyPercentiles(t *testing.T) {
	mon := monitor.New(nil, monitor.Config{}, quiet())
	l := mon.Route("GET /x")
	// 1..1000 µs uniformly: p50 ≈ 500 µs, p90 ≈ 900, p99 ≈ 990.
	for i := 1; i <= 1000; i++ {
		l.Observe(time.Duration(i) * time.Microsecond)
	}
	mon.Tick(context.Background(), time.Now())
	s := mon.Snapshot()
	if len(s.Routes) != 1 {
		t.Fatalf("routes %+v, want one", s.Routes)
	}
	got := s.Routes[0].Last
	for _, c := range []struct {
		name      string
		got, want float64
	}{{"p50", got.P50, 0.5}, {"p90", got.P90, 0.9}, {"p99", got.P99, 0.99}} {
		if c.got < c.want*0.94 || c.got > c.want*1.06 {
			t.Errorf("%s = %.4f ms, want %.3f ms ± 6%%", c.name, c.got, c.want)
		}
	}
	if got.N != 1000 || s.Routes[0].Total.N != 1000 {
		t.Errorf("n = %d (total %d), want 1000", got.N, s.Routes[0].Total.N)
	}
}

func TestParseReference(t *testing.T) {
	for _, raw := range []string{"", "null"} {
		if _, err := monitor.ParseReference(json.RawMessage(raw)); err != monitor.ErrNoReference {
			t.Errorf("ParseReference(%q) = %v, want ErrNoReference", raw, err)
		}
	}
	if _, err := monitor.ParseReference(json.RawMessage(`{"confidence": {"kind": "numeric", "edges": [2, 1], "counts": [1, 1, 1]}}`)); err == nil {
		t.Error("ParseReference accepted decreasing edges")
	}
}
