package lifecycle

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
	"github.com/careerpath/careerpath/sqlite"
)

// candidate registers a version whose evaluation had the given figures,
// as Training.Run would before applying the gate. Its artifact is not a
// model: a champion's figures then come from its registered metrics.
func candidate(t *testing.T, db *sqlite.DB, macroF1, strongRecall, noneShown float64) *Outcome {
	t.Helper()
	rep := &classify.Report{MacroF1: macroF1, NoneShown: noneShown,
		Classes: []classify.ClassReport{{Level: careerpath.RelevanceStrong, Recall: strongRecall}}}
	m := MetricsOf(rep, classify.TrainMetrics{}, 0)
	metrics, _ := json.Marshal(m)
	v := &careerpath.ModelVersion{Kind: Kind, Config: json.RawMessage(`{}`), Metrics: metrics}
	if err := db.CreateModelVersion(context.Background(), v, []byte("not a model"), "test"); err != nil {
		t.Fatal(err)
	}
	return &Outcome{Version: v, Report: rep, Metrics: m}
}

// TestApplyGate checks which alias a candidate gets: champion when there
// is none, challenger when it passes, champion with Promote, none (and a
// refuse event with the figures) when it fails.
func TestApplyGate(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name      string
		champion  bool // register a champion with macro-F1 0.9, recall 0.9, none 0.05
		promote   bool
		figures   [3]float64
		wantEvent string // action and alias
		wantChamp bool
		wantFail  string
	}{
		{"first model", false, false, [3]float64{0.5, 0.5, 0.5}, "promote champion", true, ""},
		{"passes", true, false, [3]float64{0.895, 0.9, 0.05}, "promote challenger", false, ""},
		{"passes with promote", true, true, [3]float64{0.9, 0.9, 0.05}, "promote champion", true, ""},
		{"worse macro-F1", true, false, [3]float64{0.88, 0.9, 0.05}, "refuse ", false, "macro-F1 0.880 < champion's 0.900 − 0.01"},
		{"worse with promote", true, true, [3]float64{0.9, 0.9, 0.07}, "refuse ", false, "share of none shown 0.070 > champion's 0.050 + 0.01"},
	}
	for _, tt := range tests {
		db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "cp.db"))
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if tt.champion {
			c := candidate(t, db, 0.9, 0.9, 0.05)
			if _, err := db.SetAlias(ctx, careerpath.AliasChampion, c.Version.Version, "test", "test", nil); err != nil {
				t.Fatal(err)
			}
		}
		out := candidate(t, db, tt.figures[0], tt.figures[1], tt.figures[2])
		tr := Training{Config: DefaultConfig(), Actor: "test", Promote: tt.promote, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
		if err := tr.applyGate(ctx, db, nil, out); err != nil {
			t.Fatalf("%s: applyGate: %v", tt.name, err)
		}
		if out.Event == nil {
			t.Fatalf("%s: no event", tt.name)
		}
		if got := out.Event.Action + " " + out.Event.Alias; got != tt.wantEvent || out.Event.To != out.Version.Version {
			t.Errorf("%s: event %q to %s, want %q to %s", tt.name, got, out.Event.To, tt.wantEvent, out.Version.Version)
		}
		if out.Champion != tt.wantChamp {
			t.Errorf("%s: Champion = %v, want %v", tt.name, out.Champion, tt.wantChamp)
		}
		if got := strings.Join(out.Gate.Failures, "; "); got != tt.wantFail {
			t.Errorf("%s: failures %q, want %q", tt.name, got, tt.wantFail)
		}
		if tt.champion && (out.Gate.Source != "registered" || out.Gate.Margin != DefaultMargin) {
			t.Errorf("%s: gate source %q margin %v, want the champion's registered metrics and margin %v", tt.name, out.Gate.Source, out.Gate.Margin, DefaultMargin)
		}
		var details GateResult
		if err := json.Unmarshal(out.Event.Details, &details); err != nil || details.Candidate != out.Version.Version {
			t.Errorf("%s: event details %s (%v), want the gate of %s", tt.name, out.Event.Details, err, out.Version.Version)
		}
	}
}
