package lifecycle_test

import (
	"context"
	"io"
	"log/slog"
	"slices"
	"strings"
	"testing"
	"time"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/lifecycle"
	"github.com/careerpath/careerpath/registry"
	"github.com/careerpath/careerpath/sqlite"
)

// replica is one server's leader of the singleton jobs, elected by the
// lock file beside the database at path, as serve's.
func replica(t *testing.T, path, id string) *lifecycle.Leader {
	t.Helper()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	e, err := sqlite.NewLockElector(path, id, 10*time.Millisecond, log)
	if err != nil {
		t.Fatal(err)
	}
	return lifecycle.NewLeader(e, log)
}

// eventually polls cond every 10 ms until it holds, for at most 10 s.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !cond(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within 10 s", what)
		}
	}
}

// TestLeaderTakeOver: of two replicas on one database only the leader
// runs the jobs; when it stops, the other takes the lease and runs them.
func TestLeaderTakeOver(t *testing.T) {
	t.Parallel()
	_, path := storeAt(t)
	ran := make(chan string, 4)
	a, b := replica(t, path, "a"), replica(t, path, "b")
	for id, l := range map[string]*lifecycle.Leader{"a": a, "b": b} {
		l.Go(func(ctx context.Context) { ran <- id; <-ctx.Done() })
	}
	ctxA, stopA := context.WithCancel(context.Background())
	doneA := make(chan struct{})
	go func() { a.Run(ctxA); close(doneA) }()
	eventually(t, "a leads", a.Leading)
	ctxB, stopB := context.WithCancel(context.Background())
	defer stopB()
	go b.Run(ctxB)
	if got := <-ran; got != "a" {
		t.Fatalf("the job ran on %s, want a", got)
	}
	time.Sleep(50 * time.Millisecond) // five of b's tries for the lease
	if b.Leading() || len(ran) != 0 || b.Leadership().Holder != "a" {
		t.Fatalf("b leads (%v) or ran a job (%d) while a holds the lease; b sees %+v", b.Leading(), len(ran), b.Leadership())
	}
	stopA()
	<-doneA
	if a.Leading() {
		t.Error("a still leads after it stopped")
	}
	select {
	case got := <-ran:
		if got != "b" {
			t.Fatalf("after a stopped the job ran on %s, want b", got)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("b did not take over within 10 s")
	}
	if l := b.Leadership(); !b.Leading() || !l.Self || l.Holder != "b" {
		t.Errorf("after the take-over b leads %v, sees %+v", b.Leading(), l)
	}
	var none *lifecycle.Leader
	if !none.Leading() || !none.Leadership().Self {
		t.Error("a nil Leader (one process) does not lead")
	}
}

// TestRolloutLeader: two replicas shadow the same challenger; the one
// that does not lead logs nothing and promotes nothing when its shadow
// gate decides, until the leader stops: then it takes the lease and acts
// on the result it kept.
func TestRolloutLeader(t *testing.T) {
	t.Parallel()
	db, path := storeAt(t)
	makeChallenger(t, db, passedGate())
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	lc := lifecycle.DefaultConfig()
	lc.Poll = 10 * time.Millisecond
	start := func(ctx context.Context, id string) (*lifecycle.Leader, *lifecycle.LiveRollout) {
		l := replica(t, path, id)
		// The artifacts are stand-ins that do not load: the test drives the
		// shadow's decisions itself.
		ro := lc.StartRollout(ctx, db, lifecycle.NewChampion(db, nil, log), lifecycle.RolloutConfig{
			Shadow: registry.DefaultShadowConfig(), Guard: registry.DefaultGuardConfig(), Leader: l}, log)
		go l.Run(ctx)
		return l, ro
	}
	ctxA, stopA := context.WithCancel(context.Background())
	defer stopA()
	a, ra := start(ctxA, "a")
	eventually(t, "a leads", a.Leading)
	ctxB, stopB := context.WithCancel(context.Background())
	defer stopB()
	b, rb := start(ctxB, "b")
	before := events(t, db)

	report := registry.ShadowReport{Champion: "v1", Challenger: "v2", Calls: 40, Entries: 200, LevelN: 200, Agreement: 0.97, ClassAgreement: 0.95}
	if !ra.Shadow.Start(report) {
		t.Fatal("the leader does not shadow an undecided challenger")
	}
	started := append(slices.Clone(before), "shadow_start >v2 retrain")
	if got := events(t, db); !slices.Equal(got, started) {
		t.Fatalf("after the leader's shadow began: events %q, want %q", got, started)
	}
	if !rb.Shadow.Start(report) {
		t.Fatal("a replica that does not lead does not shadow")
	}
	decided := report
	decided.Decided = true
	rb.Shadow.Decide(decided)
	if got := events(t, db); b.Leading() || !slices.Equal(got, started) {
		t.Fatalf("after b's shadow decided: b leads %v, events %q; want b not leading and no new event", b.Leading(), got)
	}

	stopA() // the leader dies: b takes the lease and decides
	eventually(t, "b takes over", b.Leading)
	promoted := append(started, "shadow_result >v2 retrain", "promote champion v1>v2 retrain")
	eventually(t, "b promotes v2", func() bool { return slices.Equal(events(t, db), promoted) })
	if v, _ := db.Alias(context.Background(), careerpath.AliasChampion); v != "v2" {
		t.Errorf("champion %s, want v2", v)
	}
	time.Sleep(30 * time.Millisecond) // b acts once
	if got := events(t, db); !slices.Equal(got, promoted) {
		t.Errorf("events %q, want %q", strings.Join(got, "; "), strings.Join(promoted, "; "))
	}
}
