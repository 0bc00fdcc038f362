package postgres

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/experiment"
)

// listenerPID waits for the listener's session to be listening and
// returns its backend's pid.
func listenerPID(t *testing.T, db *DB) int {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		var pid int
		err := db.pool.QueryRow(context.Background(), `SELECT pid FROM pg_stat_activity
			WHERE application_name = 'careerpath-listener' AND state = 'idle' AND query LIKE 'LISTEN%'`).Scan(&pid)
		if err == nil {
			return pid
		}
		time.Sleep(10 * time.Millisecond) // waiting for a condition, not an interval
	}
	t.Fatal("the listener is not listening after 10 s")
	return 0
}

func next(t *testing.T, kinds <-chan string, want string) time.Duration {
	t.Helper()
	start := time.Now()
	select {
	case k := <-kinds:
		if k != want {
			t.Fatalf("listener heard %q, want %q", k, want)
		}
	case <-time.After(10 * time.Second):
		t.Fatalf("listener did not hear %q within 10 s", want)
	}
	return time.Since(start)
}

// TestListen: a write through one pool wakes a listener on another, with
// the kind of change; a write that fails announces nothing; after its
// session is killed the listener reconnects, says it may have missed
// changes, and hears the next ones.
func TestListen(t *testing.T) {
	url := freshSchema(t, testURL(t))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	writer, err := Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer writer.Close()
	reader, err := Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Close()
	defer func(d time.Duration) { listenRetry = d }(listenRetry)
	listenRetry = 10 * time.Millisecond

	kinds := make(chan string, 16)
	done := make(chan error)
	go func() { done <- reader.Listen(ctx, func(k string) { kinds <- k }) }()
	pid := listenerPID(t, writer)

	v := &careerpath.ModelVersion{Kind: "k", DataHash: "d", Config: json.RawMessage(`{}`), Metrics: json.RawMessage(`{}`), CreatedAt: time.Now()}
	if err := writer.CreateModelVersion(ctx, v, []byte("m"), "t"); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if _, err := writer.SetAlias(ctx, careerpath.AliasChampion, v.Version, "ed", "", nil); err != nil {
		t.Fatal(err)
	}
	next(t, kinds, careerpath.ChangeModel)
	t.Logf("a promotion reached the listener %v after it was written", time.Since(start))

	// A refused move is rolled back: nothing is announced, so the next
	// kind heard is the experiment's.
	if _, err := writer.SetAlias(ctx, careerpath.AliasChampion, v.Version, "ed", "", nil); careerpath.ErrorCode(err) != careerpath.ECONFLICT {
		t.Fatalf("SetAlias to the same version: %v, want ECONFLICT", err)
	}
	e := &careerpath.Experiment{Key: "rank", Metric: careerpath.EventClick, Phases: []careerpath.ExperimentPhase{{
		Arms: []experiment.Arm{{Name: careerpath.SortRelevance, Weight: 5000}, {Name: careerpath.SortOutcomes, Weight: 5000}}}}}
	if err := writer.CreateExperiment(ctx, e); err != nil {
		t.Fatal(err)
	}
	next(t, kinds, careerpath.ChangeExperiment)

	var killed bool
	if err := writer.pool.QueryRow(ctx, `SELECT pg_terminate_backend($1, 5000)`, pid).Scan(&killed); err != nil || !killed {
		t.Fatalf("pg_terminate_backend: %v, %v", killed, err)
	}
	next(t, kinds, careerpath.ChangeAny)
	if _, err := writer.StopExperiment(ctx, "rank"); err != nil {
		t.Fatal(err)
	}
	next(t, kinds, careerpath.ChangeExperiment)

	cancel()
	select {
	case err := <-done:
		if err != context.Canceled {
			t.Errorf("Listen returned %v, want context.Canceled", err)
		}
	case <-time.After(10 * time.Second):
		t.Error("Listen did not return after its context ended")
	}
}
