package registry

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"slices"
	"testing"
	"time"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/sqlite"
)

// replica is one server's guard in the shared-watch tests: its own Live
// and Guard on the one database, a clock the test moves, and whether it
// leads.
type replica struct {
	live    *Live[*model]
	guard   *Guard[*model]
	leading bool
}

var guardCfg = GuardConfig{Window: 10 * time.Minute, MinCalls: 10, MaxErrorRate: 0.01, LatencyFactor: 3, LatencyFloor: time.Millisecond}

func newReplica(t *testing.T, db *sqlite.DB, id string, now *time.Time) *replica {
	t.Helper()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	r := &replica{live: NewLive(db, careerpath.AliasChampion, load, check, log)}
	if _, err := r.live.Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
	r.guard = NewGuard(db, r.live, guardCfg, log)
	r.guard.Replica = id
	r.guard.Now = func() time.Time { return *now }
	r.guard.Leading = func() bool { return r.leading }
	return r
}

// serve answers n calls with the version r serves, failing if fail.
func (r *replica) serve(n int, fail bool) {
	var err error
	if fail {
		err = errors.New("injected failure")
	}
	for range n {
		r.guard.Observe(r.live.Current().Version, 4, 200*time.Microsecond, err)
	}
}

func (r *replica) check(t *testing.T) *careerpath.ModelEvent {
	t.Helper()
	e, err := r.guard.Check(context.Background())
	if err != nil {
		t.Fatalf("%s: Check: %v", r.guard.Replica, err)
	}
	return e
}

// promoteAt promotes v over the champion and returns when the registry
// logged it.
func promoteAt(t *testing.T, db *sqlite.DB, v string) time.Time {
	t.Helper()
	e, err := db.SetAlias(context.Background(), careerpath.AliasChampion, v, "test", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	return e.At
}

// TestGuardSharedBreach: a breach seen only by a replica that does not
// lead is rolled back by the leader, on the figures of both.
func TestGuardSharedBreach(t *testing.T) {
	db, _, _ := setup(t, "one", "two")
	now := promoteAt(t, db, "v1")
	a, b := newReplica(t, db, "a", &now), newReplica(t, db, "b", &now)
	a.leading = true
	for _, r := range []*replica{a, b} {
		r.check(t)
		r.serve(20, false)
		r.check(t) // v1's figures: the baseline
	}
	promoted := promoteAt(t, db, "v2")
	now = promoted.Add(time.Minute)
	for _, r := range []*replica{a, b} {
		if _, err := r.live.Refresh(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	a.serve(20, false)
	if e := a.check(t); e != nil {
		t.Fatalf("the leader rolled back on its own healthy calls: %+v", e)
	}
	b.serve(20, true) // only b sees v2 fail
	now = now.Add(time.Second)
	if e := b.check(t); e != nil {
		t.Fatalf("b, not leading, rolled back: %+v", e)
	}
	// Both see the watch as the fleet does (the admin page's view).
	for _, r := range []*replica{a, b} {
		w, err := r.guard.Watch(context.Background())
		if err != nil || w == nil || w.Version != "v2" || w.Replaced != "v1" || !w.Since.Equal(promoted) || !w.Until.Equal(promoted.Add(guardCfg.Window)) ||
			w.Calls != 40 || w.Errors != 20 || len(w.Breaches) != 1 || !slices.Equal(w.Replicas, []string{"a", "b"}) {
			t.Errorf("%s: Watch = %+v, %v; want v2 since its promotion, 40 calls and 20 errors of a and b, one breach", r.guard.Replica, w, err)
		}
	}
	now = now.Add(time.Second)
	e := a.check(t)
	if e == nil || e.Action != careerpath.EventRollback || e.From != "v2" || e.To != "v1" {
		t.Fatalf("the leader's check after b saw failures = %+v, want the rollback of v2 to v1", e)
	}
	var got GuardBreach
	if err := json.Unmarshal(e.Details, &got); err != nil {
		t.Fatal(err)
	}
	if got.Calls != 40 || got.Errors != 20 || !slices.Equal(got.Replicas, []string{"a", "b"}) || got.WatchedFor != 62 {
		t.Errorf("rollback figures = %+v, want 40 calls and 20 errors of a and b, watched 62 s", got)
	}
	if champion, _ := db.Alias(context.Background(), careerpath.AliasChampion); champion != "v1" {
		t.Errorf("champion %s after the rollback, want v1", champion)
	}
	if e := b.check(t); e != nil || b.guard.watch.Load() != nil {
		t.Errorf("b after the rollback: %+v, watch %+v; want nothing", e, b.guard.watch.Load())
	}
	if w, err := b.guard.Watch(context.Background()); w != nil || err != nil {
		t.Errorf("b's Watch after the rollback = %+v, %v; want none", w, err)
	}
}

// TestGuardTakeover: a replica that starts leading in the middle of a
// watch (the leader died) watches from the promotion, not from when it
// noticed: it judges what the old leader saw, and the window ends when
// the promotion's does.
func TestGuardTakeover(t *testing.T) {
	t.Run("the old leader's figures", func(t *testing.T) {
		db, _, _ := setup(t, "one", "two")
		now := promoteAt(t, db, "v1")
		a := newReplica(t, db, "a", &now)
		a.leading = true
		a.check(t)
		promoted := promoteAt(t, db, "v2")
		now = promoted.Add(time.Second)
		a.live.Refresh(context.Background())
		a.check(t)
		a.serve(5, true) // too few calls to judge yet
		now = promoted.Add(5 * time.Minute)
		if e := a.check(t); e != nil {
			t.Fatalf("rolled back on 5 calls: %+v", e)
		}
		// a dies; b starts and takes the lease at 6 minutes.
		now = promoted.Add(6 * time.Minute)
		b := newReplica(t, db, "b", &now)
		b.leading = true
		if e := b.check(t); e != nil {
			t.Fatalf("b's first check = %+v, want no rollback yet", e)
		}
		if w := b.guard.watch.Load(); w == nil || !w.since.Equal(promoted) || w.from != "v1" {
			t.Fatalf("b's watch = %+v, want v2 replacing v1 since its promotion at %v", w, promoted)
		}
		b.serve(5, true)
		e := b.check(t)
		if e == nil || e.From != "v2" || e.To != "v1" {
			t.Fatalf("b's check on a's and its failures = %+v, want the rollback of v2", e)
		}
		var got GuardBreach
		if err := json.Unmarshal(e.Details, &got); err != nil {
			t.Fatal(err)
		}
		if got.Calls != 10 || !slices.Equal(got.Replicas, []string{"a", "b"}) || got.WatchedFor != 360 {
			t.Errorf("rollback figures = %+v, want the 10 calls of a and b, watched 360 s", got)
		}
	})
	t.Run("the promotion's window", func(t *testing.T) {
		db, _, _ := setup(t, "one", "two")
		now := promoteAt(t, db, "v1")
		promoted := promoteAt(t, db, "v2")
		now = promoted.Add(6 * time.Minute)
		b := newReplica(t, db, "b", &now)
		b.leading = true
		b.check(t)
		if b.guard.watch.Load() == nil {
			t.Fatal("b does not watch v2, promoted 6 minutes ago in a 10-minute window")
		}
		now = promoted.Add(guardCfg.Window + time.Second)
		b.serve(20, true)
		if e := b.check(t); e != nil || b.guard.watch.Load() != nil {
			t.Fatalf("check after the promotion's window = %+v, watch %+v; want the watch over, no rollback", e, b.guard.watch.Load())
		}
		// And a replica starting after the window does not watch at all.
		c := newReplica(t, db, "c", &now)
		c.leading = true
		if e := c.check(t); e != nil || c.guard.watch.Load() != nil {
			t.Errorf("c, started after the window: %+v, watch %+v; want nothing", e, c.guard.watch.Load())
		}
	})
}

// TestGuardPrunes: the leader deletes figures not written for two windows
// (a replica gone), and keeps those that are.
func TestGuardPrunes(t *testing.T) {
	db, _, _ := setup(t, "one")
	ctx := context.Background()
	now := promoteAt(t, db, "v1")
	gone := &careerpath.GuardStats{Version: "v1", Replica: "gone", Calls: 1, Latency: []int{1}, UpdatedAt: now}
	if err := db.SaveGuardStats(ctx, gone); err != nil {
		t.Fatal(err)
	}
	now = now.Add(2*guardCfg.Window + time.Second)
	a := newReplica(t, db, "a", &now)
	a.leading = true
	a.serve(3, false)
	a.check(t)
	rows, err := db.FindGuardStats(ctx, "v1", time.Time{})
	if err != nil || len(rows) != 1 || rows[0].Replica != "a" || rows[0].Calls != 3 {
		t.Errorf("v1's figures after the leader's check = %+v, %v; want a's only", rows, err)
	}
}

// TestGuardWritesLittle: outside a watch, a replica writes the figures of
// the version it serves (the next watch's baseline) every tenth of a
// window, not at every check; a move of the alias writes them at once.
func TestGuardWritesLittle(t *testing.T) {
	db, _, _ := setup(t, "one", "two")
	ctx := context.Background()
	now := promoteAt(t, db, "v1")
	a := newReplica(t, db, "a", &now)
	a.leading = true
	calls := func(v string) int {
		t.Helper()
		rows, err := db.FindGuardStats(ctx, v, time.Time{})
		if err != nil || len(rows) > 1 {
			t.Fatalf("FindGuardStats(%s) = %+v, %v", v, rows, err)
		}
		if len(rows) == 0 {
			return 0
		}
		return rows[0].Calls
	}
	a.check(t)
	a.serve(3, false)
	a.check(t)
	a.serve(3, false)
	now = now.Add(time.Second)
	a.check(t)
	if got := calls("v1"); got != 3 {
		t.Errorf("v1's calls after a check a second later = %d, want 3 (written at the first check only)", got)
	}
	now = now.Add(guardCfg.Window / 10)
	a.check(t)
	if got := calls("v1"); got != 6 {
		t.Errorf("v1's calls a tenth of a window later = %d, want 6", got)
	}
	a.serve(3, false)
	promoteAt(t, db, "v2")
	now = now.Add(time.Second)
	a.check(t)
	if got := calls("v1"); got != 9 {
		t.Errorf("v1's calls after the promotion of v2 = %d, want 9 (all written before the watch opens)", got)
	}
}
