package sqlite

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"testing"
	"time"
)

// Two electors on one database: only one runs the job at a time; when the
// leader is cancelled (as a killed replica's lock is dropped by the
// kernel), the other takes over within a few of its intervals.
func TestLockElectorTakeover(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "careerpath.db")
	const interval = 20 * time.Millisecond
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	elect := func(id string) (*LockElector, context.CancelFunc, <-chan time.Time) {
		e, err := NewLockElector(dbPath, id, interval, log)
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		started := make(chan time.Time, 1)
		done := make(chan struct{})
		go func() {
			defer close(done)
			e.Run(ctx, func(context.Context) { started <- time.Now() })
		}()
		t.Cleanup(func() { cancel(); <-done })
		return e, cancel, started
	}
	a, cancelA, startedA := elect("replica-a")
	select {
	case <-startedA:
	case <-time.After(10 * time.Second):
		t.Fatal("the first elector never took the lease")
	}
	b, _, startedB := elect("replica-b")
	// b tries for a few intervals and must not get the lease while a holds it.
	select {
	case <-startedB:
		t.Fatal("two electors hold the lease at once")
	case <-time.After(5 * interval):
	}
	if l := b.Leader(); l.Holder != "replica-a" || l.Self || l.Since.IsZero() {
		t.Fatalf("b sees leadership %+v, want replica-a since some time", l)
	}
	if !a.Leader().Self {
		t.Fatal("a does not know it leads")
	}

	killed := time.Now()
	cancelA()
	select {
	case at := <-startedB:
		took := at.Sub(killed)
		t.Logf("takeover after %v (interval %v)", took, interval)
	case <-time.After(10 * time.Second):
		t.Fatal("b did not take over within 10 s of the leader's end")
	}
	if l := b.Leader(); l.Holder != "replica-b" || !l.Self {
		t.Fatalf("after takeover b sees %+v, want itself", l)
	}
}
