package search

import (
	"context"
	"io"
	"log/slog"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	careerpath "github.com/careerpath/careerpath"
)

// overrideLog is an in-memory override log, as a store keeps it.
type overrideLog struct {
	mu  sync.Mutex
	log []*careerpath.Override
}

func (l *overrideLog) add(o careerpath.Override) {
	l.mu.Lock()
	defer l.mu.Unlock()
	o.Version = int64(len(l.log) + 1)
	l.log = append(l.log, &o)
}

func (l *overrideLog) OverridesSince(_ context.Context, v int64) ([]*careerpath.Override, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]*careerpath.Override(nil), l.log[v:]...), nil
}

var decidedAt = time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)

func TestOverrides(t *testing.T) {
	s := smallIndex(t)
	base := s.Index()
	ctx := context.Background()
	src := &overrideLog{}
	ov := NewOverlay(s, src, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err := ov.SetBase(ctx, base); err != nil {
		t.Fatal(err)
	}
	career := careerpath.ProgramFilter{Career: "ml"}
	check := func(step string, wantIDs []int64, strong, related int) *careerpath.ProgramPage {
		t.Helper()
		if _, err := ov.Poll(ctx); err != nil {
			t.Fatal(err)
		}
		page, err := s.FindPrograms(ctx, career)
		if err != nil {
			t.Fatal(err)
		}
		var got []int64
		for _, m := range page.Items {
			got = append(got, m.ID)
		}
		if !reflect.DeepEqual(got, wantIDs) || page.Strong != strong || page.Related != related || page.Total != len(wantIDs) {
			t.Errorf("%s: ids %v strong %d related %d total %d, want %v %d %d", step, got, page.Strong, page.Related, page.Total, wantIDs, strong, related)
		}
		var n int
		for _, f := range page.Facets[careerpath.FacetAward] {
			n += f.Count
		}
		if n != page.Total {
			t.Errorf("%s: award facet counts %d programs, total %d", step, n, page.Total)
		}
		return page
	}
	check("computed", []int64{10, 11}, 1, 1)

	// Program 10 (strong) set to none: it leaves the career, counts and facets.
	src.add(careerpath.Override{ProgramID: 10, Career: "ml", Relevance: careerpath.RelevanceNone, LabelID: 1, Editor: "ana", Note: "a theory degree", At: decidedAt})
	check("10 none", []int64{11}, 0, 1)
	if base.Overrides() != nil {
		t.Error("the base index changed: it has overrides")
	}
	// Program 12 (psychology, none) set to strong, with the reason shown.
	src.add(careerpath.Override{ProgramID: 12, Career: "ml", Relevance: careerpath.RelevanceStrong, LabelID: 2, Editor: "ana", At: decidedAt})
	page := check("12 strong", []int64{12, 11}, 1, 1)
	if r := page.Items[0].Reasons; len(r) == 0 || r[0] != "An editor set this to strongly relevant on 2026-12-03." || page.Items[0].Score != 0.7 {
		t.Errorf("program 12: score %g, reasons %q; want 0.7 and the editor's decision first", page.Items[0].Score, r)
	}
	// The text source visits programs outside the career's list: the
	// overrides hold there too.
	if got := pageIDs(t, s, careerpath.ProgramFilter{Career: "ml", Query: "computer"}); !reflect.DeepEqual(got, []int64{11}) {
		t.Errorf("career and text: ids %v, want [11]", got)
	}
	// A field of study for an IPEDS program applies to every career.
	src.add(careerpath.Override{ProgramID: 11, CIP: "42.0101", LabelID: 3, Editor: "bo", At: decidedAt})
	page = check("11 psychology", []int64{12}, 1, 0)
	m, err := s.FindProgram(ctx, 11, "ml")
	if err != nil || m.CIP != "42.0101" || m.CIPSource != careerpath.CIPSourceEditor || m.Level != careerpath.RelevanceNone ||
		!strings.HasPrefix(m.Reasons[0], "An editor set this program's field of study to") {
		t.Errorf("FindProgram(11) = %+v, %v; want field 42.0101 set by an editor, none", m, err)
	}
	// Undo restores the computed relevance; an undo of another label does nothing.
	src.add(careerpath.Override{ProgramID: 10, Career: "ml", Relevance: careerpath.RelevanceNone, LabelID: 99, Undo: true, Editor: "ana", At: decidedAt})
	check("undo of another label", []int64{12}, 1, 0)
	src.add(careerpath.Override{ProgramID: 10, Career: "ml", Relevance: careerpath.RelevanceNone, LabelID: 1, Undo: true, Editor: "ana", At: decidedAt})
	src.add(careerpath.Override{ProgramID: 11, CIP: "42.0101", LabelID: 3, Undo: true, Editor: "bo", At: decidedAt})
	check("undone", []int64{10, 12, 11}, 2, 1)
	// A new base (a catalog import) keeps the overrides.
	if err := ov.SetBase(ctx, base); err != nil {
		t.Fatal(err)
	}
	check("new base", []int64{10, 12, 11}, 2, 1)
}

// runOverlay runs an overlay over the small index, polling every
// interval, until the test ends.
func runOverlay(t *testing.T, every time.Duration) (*Service, *overrideLog, *Overlay) {
	t.Helper()
	s := smallIndex(t)
	ctx, cancel := context.WithCancel(context.Background())
	src := &overrideLog{}
	ov := NewOverlay(s, src, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err := ov.SetBase(ctx, s.Index()); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { ov.Run(ctx, every); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	return s, src, ov
}

// waitIDs waits until the career's page lists want.
func waitIDs(t *testing.T, s *Service, want []int64) {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for !reflect.DeepEqual(pageIDs(t, s, careerpath.ProgramFilter{Career: "ml"}), want) {
		select {
		case <-deadline:
			t.Fatalf("the overlay did not apply the change: ids %v, want %v", pageIDs(t, s, careerpath.ProgramFilter{Career: "ml"}), want)
		case <-time.After(time.Millisecond):
		}
	}
}

// TestOverlayRun: Notify makes Run poll at once, long before its tick.
func TestOverlayRun(t *testing.T) {
	s, src, ov := runOverlay(t, time.Hour)
	src.add(careerpath.Override{ProgramID: 10, Career: "ml", Relevance: careerpath.RelevanceNone, LabelID: 1, Editor: "ana", At: decidedAt})
	ov.Notify(context.Background())
	waitIDs(t, s, []int64{11})
}

// TestOverlayTicks: without Notify, Run sees a change made elsewhere (by
// another replica) at its next tick; the interval is injected, short.
func TestOverlayTicks(t *testing.T) {
	s, src, _ := runOverlay(t, time.Millisecond)
	src.add(careerpath.Override{ProgramID: 11, Career: "ml", Relevance: careerpath.RelevanceNone, LabelID: 1, Editor: "ana", At: decidedAt})
	waitIDs(t, s, []int64{10})
}
