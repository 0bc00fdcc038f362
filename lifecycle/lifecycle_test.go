package lifecycle_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/classify"
	"github.com/careerpath/careerpath/lifecycle"
	"github.com/careerpath/careerpath/registry"
	"github.com/careerpath/careerpath/sqlite"
)

func TestCompare(t *testing.T) {
	champ := lifecycle.GateFigures{MacroF1: 0.80, StrongRecall: 0.90, NoneShown: 0.05}
	labels := func(rel, field float64) *classify.LabelFigures {
		return &classify.LabelFigures{RelevanceN: 10, RelevanceAccuracy: rel, FieldN: 10, FieldAccuracy: field}
	}
	tests := []struct {
		name   string
		after  lifecycle.GateFigures
		before *classify.LabelFigures
		want   []string // substrings of the failures, in order
	}{
		{"same", champ, nil, nil},
		{"within the margin", lifecycle.GateFigures{MacroF1: 0.79, StrongRecall: 0.89, NoneShown: 0.06}, nil, nil},
		{"macro-F1 lower", lifecycle.GateFigures{MacroF1: 0.78, StrongRecall: 0.90, NoneShown: 0.05}, nil, []string{"macro-F1 0.780"}},
		{"recall of strong lower", lifecycle.GateFigures{MacroF1: 0.80, StrongRecall: 0.85, NoneShown: 0.05}, nil, []string{"recall of strong 0.850"}},
		{"more none shown", lifecycle.GateFigures{MacroF1: 0.80, StrongRecall: 0.90, NoneShown: 0.07}, nil, []string{"none shown 0.070"}},
		{"all three", lifecycle.GateFigures{MacroF1: 0.5, StrongRecall: 0.5, NoneShown: 0.5}, nil, []string{"macro-F1", "recall of strong", "none shown"}},
		{"labels worse", lifecycle.GateFigures{MacroF1: 0.80, StrongRecall: 0.90, NoneShown: 0.05, Labels: labels(0.5, 0.5)}, labels(0.9, 0.9),
			[]string{"10 held-out relevance decisions 0.500", "field accuracy on 10 held-out labels 0.500"}},
		{"labels on one side only", lifecycle.GateFigures{MacroF1: 0.80, StrongRecall: 0.90, NoneShown: 0.05, Labels: labels(0.1, 0.1)}, nil, nil},
	}
	for _, tt := range tests {
		before := champ
		before.Labels = tt.before
		got := lifecycle.Compare(before, tt.after, lifecycle.DefaultMargin)
		if len(got) != len(tt.want) {
			t.Errorf("%s: Compare = %q, want %d failures like %q", tt.name, got, len(tt.want), tt.want)
			continue
		}
		for i, w := range tt.want {
			if !strings.Contains(got[i], w) {
				t.Errorf("%s: failure %d = %q, want it to contain %q", tt.name, i, got[i], w)
			}
		}
	}
}

// store opens a fresh registry in a temporary directory with versions v1
// (champion) and v2 registered.
func store(t *testing.T) *sqlite.DB {
	t.Helper()
	db, _ := storeAt(t)
	return db
}

// storeAt is store, with the database's path.
func storeAt(t *testing.T) (*sqlite.DB, string) {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "cp.db")
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	for range 2 {
		v := &careerpath.ModelVersion{Kind: lifecycle.Kind, Config: json.RawMessage(`{}`), Metrics: json.RawMessage(`{}`)}
		if err := db.CreateModelVersion(ctx, v, []byte("artifact "+v.Kind), "test"); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.SetAlias(ctx, careerpath.AliasChampion, "v1", "test", "first", nil); err != nil {
		t.Fatal(err)
	}
	return db, path
}

// makeChallenger points the challenger at v2 with the details of a gate.
func makeChallenger(t *testing.T, db *sqlite.DB, g *lifecycle.GateResult) {
	t.Helper()
	var details json.RawMessage
	if g != nil {
		details, _ = json.Marshal(g)
	}
	if _, err := db.SetAlias(context.Background(), careerpath.AliasChallenger, "v2", "test", "test", details); err != nil {
		t.Fatal(err)
	}
}

func passedGate() *lifecycle.GateResult {
	f := lifecycle.GateFigures{MacroF1: 0.8, StrongRecall: 0.9, NoneShown: 0.05}
	return &lifecycle.GateResult{Champion: "v1", Candidate: "v2", Margin: lifecycle.DefaultMargin, Before: &f, After: f, Source: "evaluated"}
}

func TestOfflineGate(t *testing.T) {
	ctx := context.Background()
	failed := passedGate()
	failed.Failures = []string{"macro-F1 too low"}
	noFigures := passedGate()
	noFigures.Before = nil
	tests := []struct {
		name    string
		gate    *lifecycle.GateResult
		promote bool   // make v2 challenger at all
		wantErr string // "" for a pass
	}{
		{"passed", passedGate(), true, ""},
		{"failed", failed, true, "macro-F1 too low"},
		{"no figures", noFigures, true, "without gate figures"},
		{"no details (by hand)", nil, true, "without gate figures"},
		{"never challenger", nil, false, "no event made v2 challenger"},
	}
	for _, tt := range tests {
		db := store(t)
		if tt.promote {
			makeChallenger(t, db, tt.gate)
		}
		g, err := lifecycle.OfflineGate(ctx, db, "v2")
		switch {
		case tt.wantErr == "" && err != nil:
			t.Errorf("%s: OfflineGate = %v, want a pass", tt.name, err)
		case tt.wantErr == "" && (g == nil || g.Candidate != "v2" || !g.Passed()):
			t.Errorf("%s: OfflineGate = %+v, want v2's passed gate", tt.name, g)
		case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
			t.Errorf("%s: OfflineGate error = %v, want one containing %q", tt.name, err, tt.wantErr)
		}
	}
}

// events returns the registry's log as "action alias from>to actor".
func events(t *testing.T, db *sqlite.DB) []string {
	t.Helper()
	es, err := db.FindModelEvents(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		out = append(out, strings.Join(strings.Fields(e.Action+" "+e.Alias+" "+e.From+">"+e.To+" "+e.Actor), " "))
	}
	return out
}

func TestShadowDecide(t *testing.T) {
	ctx := context.Background()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	report := registry.ShadowReport{Champion: "v1", Challenger: "v2", Calls: 40, Entries: 200, LevelN: 200, Agreement: 0.97, ClassAgreement: 0.95}
	tests := []struct {
		name       string
		gate       *lifecycle.GateResult
		failures   []string // of the shadow itself
		wantLast   string   // the last event
		wantReason string
		wantChamp  string
	}{
		{"both gates passed", passedGate(), nil, "promote champion v1>v2 retrain", "offline and shadow gates passed", "v2"},
		{"shadow failed", passedGate(), []string{"agreement 0.5 < 0.9"}, "shadow_result >v2 retrain", "shadow gate failed", "v1"},
		{"challenger by hand", nil, nil, "shadow_result >v2 retrain", "offline gate: v2 was made challenger by test without gate figures", "v1"},
	}
	for _, tt := range tests {
		db := store(t)
		makeChallenger(t, db, tt.gate)
		r := lifecycle.Rollout{Registry: db, Actor: lifecycle.RetrainActor, Log: log}
		if !r.ShadowStart(ctx, report, registry.DefaultShadowConfig()) {
			t.Fatalf("%s: ShadowStart = false for an undecided challenger", tt.name)
		}
		rep := report
		rep.Failures = tt.failures
		r.ShadowDecide(ctx, rep)
		got := events(t, db)
		if last := got[len(got)-1]; last != tt.wantLast {
			t.Errorf("%s: last event %q, want %q (log %q)", tt.name, last, tt.wantLast, got)
		}
		es, _ := db.FindModelEvents(ctx)
		var result *careerpath.ModelEvent
		for _, e := range es {
			if e.Action == careerpath.EventShadowResult {
				result = e
			}
		}
		last := es[len(es)-1]
		if result == nil || !strings.Contains(last.Reason+" "+result.Reason, tt.wantReason) {
			t.Errorf("%s: reasons %q, %v; want one containing %q", tt.name, last.Reason, result, tt.wantReason)
		}
		if v, _ := db.Alias(ctx, careerpath.AliasChampion); v != tt.wantChamp {
			t.Errorf("%s: champion %s, want %s", tt.name, v, tt.wantChamp)
		}
		// A decided challenger is not shadowed again (by this server after
		// a restart, or by another one).
		if r.ShadowStart(ctx, report, registry.DefaultShadowConfig()) {
			t.Errorf("%s: ShadowStart = true for a challenger decided before", tt.name)
		}
	}
}

func TestShadowDecideChampionMoved(t *testing.T) {
	ctx := context.Background()
	db := store(t)
	makeChallenger(t, db, passedGate())
	// Another process rolled the champion meanwhile: v1 is no longer it.
	if _, err := db.SetAlias(ctx, careerpath.AliasChampion, "v2", "other", "by hand", nil); err != nil {
		t.Fatal(err)
	}
	before := len(events(t, db))
	r := lifecycle.Rollout{Registry: db, Actor: lifecycle.RetrainActor, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	r.ShadowDecide(ctx, registry.ShadowReport{Champion: "v1", Challenger: "v2", Entries: 200})
	got := events(t, db)
	if len(got) != before+1 || got[len(got)-1] != "shadow_result >v2 retrain" {
		t.Errorf("events %q, want one shadow result after the %d before and no promotion", got, before)
	}
}
