package sqlite

import (
	"context"
	"path/filepath"
	"testing"

	careerpath "github.com/careerpath/careerpath"
)

// TestOverridesFromDecisions: a decision on a flagged program logs what
// the finder applies (relevance for the career, an IPEDS program's field
// of study), undo withdraws it once, and the log survives a rebuild.
func TestOverridesFromDecisions(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "cp.db")
	db := reviewDB(t, path)
	it, err := db.FlagProgram(ctx, "42", "ml-engineer", "a general CS degree", "ana")
	if err != nil {
		t.Fatal(err)
	}
	l, err := db.Decide(ctx, it.ID, careerpath.Decision{CIP: "30.7001", Relevance: careerpath.RelevanceNone, Editor: "bo", Note: "no ML courses"})
	if err != nil {
		t.Fatal(err)
	}
	log, err := db.OverridesSince(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(log) != 2 || log[0].ProgramID != 42 || log[0].Career != "ml-engineer" || log[0].Relevance != careerpath.RelevanceNone ||
		log[0].LabelID != l.ID || log[0].Note != "no ML courses" || log[0].Editor != "bo" ||
		log[1].Career != "" || log[1].CIP != "30.7001" || log[1].Version <= log[0].Version {
		t.Fatalf("overrides after the decision = %+v %+v", log[0], log[1])
	}
	var ov careerpath.Overrides
	ov.Apply(log)
	if o := ov.Relevance(42, "ml-engineer"); o == nil || o.Relevance != careerpath.RelevanceNone {
		t.Errorf("Overrides.Relevance = %+v, want none", o)
	}
	if got, _ := db.FindReviewItem(ctx, it.ID); !got.InEffect {
		t.Error("decided item: InEffect false, want true")
	}
	// A labels' reader sees the decision as before.
	if labels, _ := db.FindLabels(ctx); len(labels) != 1 || labels[0].ID != l.ID {
		t.Errorf("labels = %v", labels)
	}

	undo, err := db.UndoDecision(ctx, it.ID, "ana", "wrong item")
	if err != nil {
		t.Fatal(err)
	}
	if len(undo) != 2 || !undo[0].Undo || undo[0].Editor != "ana" {
		t.Fatalf("UndoDecision = %+v", undo)
	}
	more, err := db.OverridesSince(ctx, ov.Version())
	if err != nil || len(more) != 2 {
		t.Fatalf("OverridesSince(%d) = %d changes, %v; want the 2 undos", ov.Version(), len(more), err)
	}
	ov.Apply(more)
	if ov.Len() != 0 {
		t.Errorf("after undo %d overrides in effect, want 0", ov.Len())
	}
	if got, _ := db.FindReviewItem(ctx, it.ID); got.InEffect || got.Status != careerpath.ReviewDecided {
		t.Errorf("undone item: InEffect %v status %s, want false, decided", got.InEffect, got.Status)
	}
	if _, err := db.UndoDecision(ctx, it.ID, "ana", ""); careerpath.ErrorCode(err) != careerpath.ECONFLICT {
		t.Errorf("second undo: err = %v, want ECONFLICT", err)
	}
	open, err := db.FlagProgram(ctx, "42", "data-scientist", "x", "ana")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.UndoDecision(ctx, open.ID, "ana", ""); careerpath.ErrorCode(err) != careerpath.ECONFLICT {
		t.Errorf("undo of an open item: err = %v, want ECONFLICT", err)
	}
	if _, err := db.write.ExecContext(ctx, `DELETE FROM finder_overrides`); err == nil {
		t.Error("deleting from finder_overrides succeeded: the log is append-only")
	}
	db.Close()
	db2 := reviewDB(t, path)
	if again, err := db2.OverridesSince(ctx, 0); err != nil || len(again) != 4 {
		t.Errorf("after a rebuild %d changes, %v; want 4", len(again), err)
	}
}
