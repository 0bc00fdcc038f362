package sqlite

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	careerpath "github.com/careerpath/careerpath"
)

func TestModelReference(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	old := register(t, db, "trained before references")
	ref := json.RawMessage(`{"sample":"s","n":2}`)
	v := &careerpath.ModelVersion{Kind: "test", Config: json.RawMessage(`{}`), Metrics: json.RawMessage(`{}`), Reference: ref}
	if err := db.CreateModelVersion(ctx, v, []byte("art"), "tester"); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		version string
		want    string
	}{{old, ""}, {v.Version, string(ref)}} {
		got, err := db.FindModelVersion(ctx, c.version)
		if err != nil {
			t.Fatal(err)
		}
		if string(got.Reference) != c.want {
			t.Errorf("FindModelVersion(%s).Reference = %q, want %q", c.version, got.Reference, c.want)
		}
	}
}

func TestDriftWindowsAndCatalogDrift(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	start := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	for i := range 3 {
		w := &careerpath.DriftWindow{Model: "v1", Start: start.Add(time.Duration(i) * time.Minute), End: start.Add(time.Duration(i+1) * time.Minute),
			N: 50 + i, Status: []string{"ok", "warn", "alert"}[i], Firing: i == 2, Report: json.RawMessage(`{"i":` + string(rune('0'+i)) + `}`)}
		if err := db.CreateDriftWindow(ctx, w); err != nil {
			t.Fatal(err)
		}
	}
	ws, err := db.FindDriftWindows(ctx, 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(ws) != 2 || ws[0].N != 51 || ws[1].Status != "alert" || !ws[1].Firing || !ws[1].End.Equal(start.Add(3*time.Minute)) || string(ws[1].Report) != `{"i":2}` {
		t.Fatalf("FindDriftWindows(2) = %+v %+v, want the last two, oldest first", ws[0], ws[1])
	}
	if err := db.CreateDriftWindow(ctx, &careerpath.DriftWindow{Model: "v1", Status: "bad", Report: json.RawMessage(`{}`)}); err == nil {
		t.Error("stored a window with status \"bad\"")
	}

	cat, err := db.ImportCatalog(ctx, careerpath.CatalogImport{Name: "acme", Entries: []careerpath.CatalogEntry{{Line: 2, Institution: "U", Program: "P"}}})
	if err != nil {
		t.Fatal(err)
	}
	d := &careerpath.CatalogDrift{Model: "v1", Status: "alert", N: 1, Features: []careerpath.FeatureDrift{{Feature: "confidence", Status: "alert", PSI: 1.5}}, Report: json.RawMessage(`{"x":1}`)}
	if err := db.SetCatalogDrift(ctx, cat.ID, d); err != nil {
		t.Fatal(err)
	}
	got, err := db.CatalogDrifts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if g := got[cat.ID]; g == nil || g.Status != "alert" || len(g.Features) != 1 || g.Features[0].PSI != 1.5 || string(g.Report) != `{"x":1}` {
		t.Fatalf("CatalogDrifts()[%d] = %+v, want what was stored", cat.ID, g)
	}
	// Replacing the catalog drops its drift with it.
	if _, err := db.ImportCatalog(ctx, careerpath.CatalogImport{Name: "acme", Replace: true, Entries: []careerpath.CatalogEntry{{Line: 2, Institution: "U", Program: "Q"}}}); err != nil {
		t.Fatal(err)
	}
	if got, _ := db.CatalogDrifts(ctx); len(got) != 0 {
		t.Errorf("drift of a replaced catalog kept: %+v", got)
	}
}
