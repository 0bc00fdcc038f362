package registry

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	careerpath "github.com/careerpath/careerpath"
)

// answerOf reads a stand-in model's answer "level|class"; "panic" panics.
func answerOf(m *model, _ string) Answer {
	switch m.answer {
	case "panic":
		panic("the model broke")
	case "slow":
		time.Sleep(20 * time.Millisecond)
		return Answer{Level: "strong", Class: "11.0701"}
	}
	level, class, _ := strings.Cut(m.answer, "|")
	return Answer{Level: level, Class: class}
}

func setAlias(t *testing.T, db interface {
	SetAlias(context.Context, string, string, string, string, json.RawMessage) (*careerpath.ModelEvent, error)
}, alias, v string) {
	t.Helper()
	if _, err := db.SetAlias(context.Background(), alias, v, "test", "", nil); err != nil {
		t.Fatal(err)
	}
}

func TestShadow(t *testing.T) {
	tests := []struct {
		name         string
		champion     string
		challenger   string
		wantAgree    float64
		wantClass    float64
		wantFailure  string
		wantDisagree map[string]int
	}{
		{"same answers", "strong|11.0701", "strong|11.0701", 1, 1, "", map[string]int{}},
		{"another level", "strong|11.0701", "none|11.0701", 0, 1, "", map[string]int{"strong→none": 12}},
		{"another field", "related|27.0501", "related|27.0301", 1, 0, "", map[string]int{}},
		{"a challenger that panics", "strong|11.0701", "panic", 0, 0, "12 of 12 entries failed", map[string]int{}},
		{"a slow challenger", "strong|11.0701", "slow", 1, 1, "challenger p99", map[string]int{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			db, champ, vs := setup(t, tt.champion, tt.challenger+" ") // distinct artifacts
			chall := NewLive(db, careerpath.AliasChallenger, func(v string, b []byte) (*model, error) {
				return &model{answer: strings.TrimSuffix(string(b), " ")}, nil
			}, nil, slog.New(slog.NewTextHandler(io.Discard, nil)))
			setAlias(t, db, careerpath.AliasChampion, vs[0])
			setAlias(t, db, careerpath.AliasChallenger, vs[1])
			for _, l := range []*Live[*model]{champ, chall} {
				if _, err := l.Refresh(ctx); err != nil {
					t.Fatal(err)
				}
			}
			cfg := ShadowConfig{Rate: 1, Queue: 8, MinEntries: 12, LatencyFactor: 2, LatencyFloor: 10 * time.Millisecond}
			s := NewShadow(champ, chall, answerOf, cfg)
			started := 0
			s.Start = func(r ShadowReport) bool { started++; return true }
			decided := make(chan ShadowReport, 2)
			s.Decide = func(r ShadowReport) { decided <- r }
			go s.Run(ctx)
			for range 5 { // 15 entries: the gate decides at 12, once
				s.Offer(func() []string { return []string{"a", "b", "c"} })
				time.Sleep(5 * time.Millisecond)
			}
			var r ShadowReport
			select {
			case r = <-decided:
			case <-time.After(10 * time.Second):
				t.Fatal("the shadow gate did not decide")
			}
			if r.Champion != vs[0] || r.Challenger != vs[1] || r.Entries != 12 || r.Calls != 4 || started != 1 {
				t.Errorf("report = %+v (started %d), want %s vs %s on 12 entries of 4 calls", r, started, vs[0], vs[1])
			}
			if tt.wantFailure == "" {
				if !r.Passed() || r.Agreement != tt.wantAgree || r.ClassAgreement != tt.wantClass || len(r.Disagreements) != len(tt.wantDisagree) {
					t.Errorf("report = %+v, want passed with agreement %v, class agreement %v, disagreements %v", r, tt.wantAgree, tt.wantClass, tt.wantDisagree)
				}
				for k, n := range tt.wantDisagree {
					if r.Disagreements[k] != n {
						t.Errorf("disagreements %v, want %v", r.Disagreements, tt.wantDisagree)
					}
				}
			} else if r.Passed() || len(r.Failures) != 1 || !strings.Contains(r.Failures[0], tt.wantFailure) {
				t.Errorf("report failures = %v, want %q", r.Failures, tt.wantFailure)
			}
			select {
			case r := <-decided:
				t.Errorf("decided twice: %+v", r)
			case <-time.After(50 * time.Millisecond):
			}
		})
	}
}

// TestShadowBounded: with the worker stalled, offers beyond the queue are
// dropped, never blocking the caller; nothing is shadowed without a
// challenger, or when it is the champion.
func TestShadowBounded(t *testing.T) {
	ctx := context.Background()
	db, champ, vs := setup(t, "strong|1", "none|2")
	chall := NewLive(db, careerpath.AliasChallenger, load, nil, slog.New(slog.NewTextHandler(io.Discard, nil)))
	setAlias(t, db, careerpath.AliasChampion, vs[0])
	champ.Refresh(ctx)
	s := NewShadow(champ, chall, answerOf, ShadowConfig{Rate: 1, Queue: 2, MinEntries: 100})
	s.Offer(func() []string { return []string{"x"} })
	if len(s.queue) != 0 {
		t.Error("an input was queued without a challenger")
	}
	setAlias(t, db, careerpath.AliasChallenger, vs[0])
	chall.Refresh(ctx)
	s.Offer(func() []string { return []string{"x"} })
	if len(s.queue) != 0 {
		t.Error("an input was queued with the champion as challenger")
	}
	setAlias(t, db, careerpath.AliasChallenger, vs[1])
	chall.Refresh(ctx)
	for range 5 {
		s.Offer(func() []string { return []string{"x"} })
	}
	if len(s.queue) != 2 || s.dropped.Load() != 3 {
		t.Errorf("queued %d, dropped %d; want 2 and 3", len(s.queue), s.dropped.Load())
	}
	s.cfg.Rate = 0.2
	for range 1000 {
		s.Offer(func() []string { return []string{"x"} })
	}
	if d := s.dropped.Load() - 3; d < 140 || d > 260 {
		t.Errorf("at rate 0.2, %d of 1000 calls sampled, want about 200", d)
	}
}

func TestGuardRollsBack(t *testing.T) {
	slow := func(v string, took time.Duration, err error) (time.Duration, error) {
		if v == "v2" {
			return took + 20*time.Millisecond, err
		}
		return took, err
	}
	failing := func(v string, took time.Duration, err error) (time.Duration, error) {
		if v == "v2" {
			return took, errors.New("injected failure")
		}
		return took, err
	}
	tests := []struct {
		name    string
		promote string // version promoted over v1
		inject  func(string, time.Duration, error) (time.Duration, error)
		want    string // in the rollback's reason; "" for no rollback
	}{
		{"healthy", "v2", nil, ""},
		{"latency breach", "v2", slow, "p99"},
		{"error breach", "v2", failing, "error rate 1.000"},
		{"warm-up failure", "v3", nil, "failed to load or warm up"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			db, live, vs := setup(t, "one", "two", "wrong")
			setAlias(t, db, careerpath.AliasChampion, vs[0])
			live.Refresh(ctx)
			g := NewGuard(db, live, GuardConfig{Window: time.Hour, MinCalls: 10, MaxErrorRate: 0.01, LatencyFactor: 3, LatencyFloor: time.Millisecond},
				slog.New(slog.NewTextHandler(io.Discard, nil)))
			g.Inject = tt.inject
			serve := func() {
				cur := live.Current()
				for range 20 {
					g.Observe(cur.Version, 4, 200*time.Microsecond, nil)
				}
			}
			if e, err := g.Check(ctx); e != nil || err != nil {
				t.Fatalf("first check: %v, %v; want nothing", e, err)
			}
			serve()
			setAlias(t, db, careerpath.AliasChampion, tt.promote)
			live.Refresh(ctx)
			// A version that failed its warm-up is rolled back at once;
			// the others after they served.
			e, err := g.Check(ctx)
			if err != nil || (e != nil) != (tt.promote == "v3") {
				t.Fatalf("check after the promotion: %v, %v", e, err)
			}
			if e == nil {
				serve()
				if e, err = g.Check(ctx); err != nil {
					t.Fatal(err)
				}
			}
			champion, _ := db.Alias(ctx, careerpath.AliasChampion)
			if tt.want == "" {
				if e != nil || champion != tt.promote {
					t.Errorf("healthy champion rolled back: %+v; champion %s", e, champion)
				}
				return
			}
			if e == nil || e.Action != careerpath.EventRollback || e.From != tt.promote || e.To != "v1" || champion != "v1" || !strings.Contains(e.Reason, tt.want) {
				t.Fatalf("rollback = %+v, champion %s; want %s → v1 for %q", e, champion, tt.promote, tt.want)
			}
			var b GuardBreach
			if err := json.Unmarshal(e.Details, &b); err != nil || b.Version != tt.promote || len(b.Breaches) == 0 || b.MaxErrorRate != 0.01 {
				t.Errorf("rollback details = %s (%v)", e.Details, err)
			}
			// The rollback moved the alias: the old champion is not watched.
			if e, err := g.Check(ctx); e != nil || err != nil || g.watch.Load() != nil {
				t.Errorf("check after the rollback: %v, %v, watch %+v; want nothing", e, err, g.watch.Load())
			}
		})
	}
}

func TestLatencyHist(t *testing.T) {
	var h latencyHist
	for i := 1; i <= 1000; i++ {
		h.add(time.Duration(i) * time.Microsecond)
	}
	for _, q := range []struct {
		q    float64
		want time.Duration
	}{{0.5, 500 * time.Microsecond}, {0.99, 990 * time.Microsecond}} {
		got := h.quantile(q.q)
		if got < q.want || float64(got) > 1.2*float64(q.want) {
			t.Errorf("quantile(%v) = %v, want within 20%% above %v", q.q, got, q.want)
		}
	}
}

// TestGuardNotLeading: a replica that does not lead sees the breach but
// does not roll back, and keeps watching, so that it rolls back once it
// takes the lease.
func TestGuardNotLeading(t *testing.T) {
	ctx := context.Background()
	db, live, vs := setup(t, "one", "two")
	setAlias(t, db, careerpath.AliasChampion, vs[0])
	live.Refresh(ctx)
	g := NewGuard(db, live, GuardConfig{Window: time.Hour, MinCalls: 10, MaxErrorRate: 0.01, LatencyFactor: 3, LatencyFloor: time.Millisecond},
		slog.New(slog.NewTextHandler(io.Discard, nil)))
	var leading bool
	g.Leading = func() bool { return leading }
	g.Inject = func(v string, took time.Duration, err error) (time.Duration, error) {
		if v == "v2" {
			return took, errors.New("injected failure")
		}
		return took, err
	}
	if _, err := g.Check(ctx); err != nil {
		t.Fatal(err)
	}
	setAlias(t, db, careerpath.AliasChampion, "v2")
	live.Refresh(ctx)
	for range 20 {
		g.Observe("v2", 4, 200*time.Microsecond, nil)
	}
	for range 2 {
		if e, err := g.Check(ctx); e != nil || err != nil {
			t.Fatalf("check while not leading: %+v, %v; want no rollback", e, err)
		}
	}
	if champion, _ := db.Alias(ctx, careerpath.AliasChampion); champion != "v2" || g.watch.Load() == nil {
		t.Fatalf("champion %s, watch %+v; want v2 still watched", champion, g.watch.Load())
	}
	leading = true
	e, err := g.Check(ctx)
	if err != nil || e == nil || e.Action != careerpath.EventRollback || e.To != "v1" {
		t.Fatalf("check after taking the lease: %+v, %v; want the rollback to v1", e, err)
	}
}
