package track_test

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/experiment/track"
)

// TestCommand runs the subcommands of "careerpath experiments" on a
// tracker over an empty SQLite store: create, a bad --arms, a new phase,
// list, report, stop, and one that is not a subcommand.
func TestCommand(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	tr, _ := newTracker(t, track.Config{})
	in := track.CommandInput{Description: "outcomes in the ranking", Metric: careerpath.EventClick, Arms: "relevance=5000,relevance-outcomes=5000", Editor: "test"}
	for _, tc := range []struct {
		sub, arms, want, wantErr string
	}{
		{sub: "create", want: "ranking: phase 0 started, salt ranking/0/"},
		{sub: "phase", arms: "relevance=20%", wantErr: "--arms"},
		{sub: "phase", arms: "relevance=2000,relevance-outcomes=8000", want: "ranking: phase 1 started"},
		{sub: "list", want: "relevance=2000,relevance-outcomes=8000"},
		{sub: "report", want: "Sample-ratio check"},
		{sub: "stop", want: "ranking: stopped after phase 1"},
	} {
		c := in
		if tc.arms != "" {
			c.Arms = tc.arms
		}
		var out bytes.Buffer
		ok, err := track.Command(ctx, tr, tc.sub, "ranking", c, &out)
		switch {
		case !ok:
			t.Errorf("Command(%s) not handled", tc.sub)
		case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
			t.Errorf("Command(%s, arms %q) = %v, want an error naming %s", tc.sub, c.Arms, err, tc.wantErr)
		case tc.wantErr == "" && (err != nil || !strings.Contains(out.String(), tc.want)):
			t.Errorf("Command(%s) wrote %q, %v; want %q", tc.sub, out.String(), err, tc.want)
		}
	}
	if ok, err := track.Command(ctx, tr, "start", "ranking", in, &bytes.Buffer{}); ok || err != nil {
		t.Errorf("Command(start) = %v, %v; want not handled", ok, err)
	}
}

// TestStart: the tracker started reads the running experiment at once,
// and stop returns once it has stopped.
func TestStart(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	tr, db := newTracker(t, track.Config{})
	if _, err := tr.Create(ctx, "ranking", "", careerpath.EventClick, arms, track.PlanInput{}, "test"); err != nil {
		t.Fatal(err)
	}
	started, stop, err := track.Start(ctx, db, track.Config{}, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	if a, ok := started.Assign("visitor"); !ok || a.Experiment != "ranking" {
		t.Errorf("Assign after Start = %+v, %v; want an arm of ranking", a, ok)
	}
}
