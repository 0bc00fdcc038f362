package postgres

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"
)

// testElector is an elector whose tries and checks happen when the test
// sends on tick, with a job that reports its start and its cancellation.
type testElector struct {
	*LockElector
	tick             chan time.Time
	idle             chan struct{} // a try or check done (LockElector.stepped)
	started, stopped chan struct{}
}

func newTestElector(t *testing.T, db *DB, id string) *testElector {
	t.Helper()
	e, err := NewLockElector(db, "test-lease", id, time.Hour, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	te := &testElector{LockElector: e, tick: make(chan time.Time), idle: make(chan struct{}, 16), started: make(chan struct{}, 4), stopped: make(chan struct{}, 4)}
	e.tick = func() (<-chan time.Time, func()) { return te.tick, func() {} }
	e.stepped = func() {
		select {
		case te.idle <- struct{}{}:
		default: // ticks sent without step: nobody waits
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		e.Run(ctx, func(ctx context.Context) {
			te.started <- struct{}{}
			<-ctx.Done()
			te.stopped <- struct{}{}
		})
	}()
	t.Cleanup(func() { cancel(); <-done })
	return te
}

// step lets the elector make one try (or check) and waits until it is
// done. (A second tick would start a second check, which could still be
// running when the test goes on.)
func (te *testElector) step(t *testing.T) {
	t.Helper()
	for len(te.idle) > 0 { // left by ticks sent without step
		<-te.idle
	}
	select {
	case te.tick <- time.Now():
	case <-time.After(10 * time.Second):
		t.Fatalf("%s: not waiting for its interval", te.id)
	}
	wait(t, te.idle, te.id+": its try or check did not end")
}

func wait(t *testing.T, ch <-chan struct{}, what string) {
	t.Helper()
	select {
	case <-ch:
	case <-time.After(10 * time.Second):
		t.Fatal(what)
	}
}

// TestLockElectorTakeover: two replicas on one database; one leads. When
// the leader's session is killed on the server, the other takes the lease
// at its next try (one interval), and the old leader's job is cancelled
// at its next check.
func TestLockElectorTakeover(t *testing.T) {
	url := freshSchema(t, testURL(t))
	ctx := context.Background()
	dbA, err := Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer dbA.Close()
	dbB, err := Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer dbB.Close()

	a := newTestElector(t, dbA, "replica-a")
	wait(t, a.started, "the first elector did not take the free lease at once")
	b := newTestElector(t, dbB, "replica-b")
	for range 3 {
		b.step(t)
	}
	select {
	case <-b.started:
		t.Fatal("two electors hold the lease at once")
	default:
	}
	if l := b.Leader(); l.Holder != "replica-a" || l.Self || l.Since.IsZero() {
		t.Fatalf("b sees leadership %+v, want replica-a since some time", l)
	}
	if l := a.Leader(); !l.Self || l.Holder != "replica-a" {
		t.Fatalf("a sees %+v, want itself", l)
	}
	a.step(t) // the leader's check passes while its session lives
	select {
	case <-a.stopped:
		t.Fatal("the leader's job was cancelled while it held the lease")
	default:
	}

	// Kill the leader's session, as a dead replica's or a broken
	// connection's; pg_terminate_backend waits until it is gone.
	var killed bool
	if err := dbB.pool.QueryRow(ctx, `SELECT pg_terminate_backend(pid, 5000) FROM leader_leases WHERE lease = 'test-lease'`).Scan(&killed); err != nil || !killed {
		t.Fatalf("pg_terminate_backend: %v, %v", killed, err)
	}
	// b takes over at its next try that reaches the server: on a server
	// shared with other tests' pools a connection can fail for a moment
	// (too many clients), and then b waits for the next interval, as in
	// production. Send tries until it leads.
	deadline := time.After(10 * time.Second)
	for took := false; !took; {
		select {
		case b.tick <- time.Now():
		case <-b.started:
			took = true
		case <-deadline:
			t.Fatal("b did not take over within 10 s of tries after the leader's session died")
		}
	}
	a.tick <- time.Now() // one check
	wait(t, a.stopped, "the old leader's job was not cancelled at its first check after losing the lease")
	a.step(t)
	if l := a.Leader(); l.Holder != "replica-b" || l.Self {
		t.Errorf("after the takeover a sees %+v, want replica-b", l)
	}
	if l := b.Leader(); l.Holder != "replica-b" || !l.Self {
		t.Errorf("after the takeover b sees %+v, want itself", l)
	}
}
