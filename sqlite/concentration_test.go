package sqlite

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	careerpath "github.com/careerpath/careerpath"
)

// TestCatalogConcentrations lists the entries with a CIP code whose name
// was never read for a concentration, stores what was read only where
// nothing is stored yet, and refuses a batch with an unknown code whole.
func TestCatalogConcentrations(t *testing.T) {
	ctx := context.Background()
	db := catalogDB(t, filepath.Join(t.TempDir(), "cp.db"))
	_, err := db.ImportCatalog(ctx, careerpath.CatalogImport{Name: "acme", ImportedBy: "test", Entries: []careerpath.CatalogEntry{
		{Line: 2, Institution: "Lakeshore University", Program: "MBA with a concentration in Data Science", CIP: "11.0701", Country: "US"},
		{Line: 3, Institution: "Lakeshore University", Program: "MS in Computer Science", CIP: "11.0701", Country: "US"},
		{Line: 4, Institution: "Lakeshore University", Program: "Applied Analytics", Country: "US"}, // no CIP: the classifier's
	}})
	if err != nil {
		t.Fatal(err)
	}
	unread, err := db.UnreadConcentrations(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(unread) != 2 || unread[0].Text.Program != "MBA with a concentration in Data Science" || unread[0].CIP != "11.0701" {
		t.Fatalf("UnreadConcentrations = %+v, want the 2 entries with a CIP code", unread)
	}
	if other, err := db.UnreadConcentrations(ctx, unread[0].CatalogID+1); err != nil || len(other) != 0 {
		t.Errorf("UnreadConcentrations of another catalog = %v, %v; want none", other, err)
	}

	bad := []careerpath.CatalogConcentration{{EntryID: unread[0].ID, CIP: "30.7001"}, {EntryID: unread[1].ID, CIP: "99.9999"}}
	if err := db.SetCatalogConcentrations(ctx, bad); careerpath.ErrorCode(err) != careerpath.EINVALID {
		t.Fatalf("SetCatalogConcentrations with an unknown code = %v, want EINVALID", err)
	}
	if still, _ := db.UnreadConcentrations(ctx, 0); len(still) != 2 {
		t.Fatalf("after a refused batch %d entries are unread, want 2: nothing stored", len(still))
	}

	read := []careerpath.CatalogConcentration{{EntryID: unread[0].ID, CIP: "30.7001"}, {EntryID: unread[1].ID, CIP: ""}}
	if err := db.SetCatalogConcentrations(ctx, read); err != nil {
		t.Fatal(err)
	}
	if still, _ := db.UnreadConcentrations(ctx, 0); len(still) != 0 {
		t.Fatalf("after storing, %d entries are unread, want 0 (\"\" is read, none)", len(still))
	}
	// A later reading does not replace what is stored.
	if err := db.SetCatalogConcentrations(ctx, []careerpath.CatalogConcentration{{EntryID: unread[0].ID, CIP: ""}}); err != nil {
		t.Fatal(err)
	}
	var got string
	if err := db.read.QueryRowContext(ctx, `SELECT concentration_cip FROM catalog_entries WHERE id = ?`, unread[0].ID).Scan(&got); err != nil || got != "30.7001" {
		t.Errorf("concentration = %q, %v; want 30.7001 kept", got, err)
	}
}

// TestGuardStats stores one row per version and replica, finds the fresh
// ones and deletes the stale.
func TestGuardStats(t *testing.T) {
	ctx := context.Background()
	db := catalogDB(t, filepath.Join(t.TempDir(), "cp.db"))
	t0 := time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)
	save := func(s careerpath.GuardStats) {
		t.Helper()
		if err := db.SaveGuardStats(ctx, &s); err != nil {
			t.Fatal(err)
		}
	}
	save(careerpath.GuardStats{Version: "v2", Replica: "a", Calls: 10, Errors: 1, Latency: []int{0, 4, 6}, UpdatedAt: t0})
	save(careerpath.GuardStats{Version: "v2", Replica: "a", Calls: 20, Errors: 2, Latency: []int{0, 8, 12}, UpdatedAt: t0.Add(time.Second)}) // replaces
	save(careerpath.GuardStats{Version: "v2", Replica: "b", Calls: 5, Failure: "warm-up failed", UpdatedAt: t0.Add(-time.Hour)})
	save(careerpath.GuardStats{Version: "v1", Replica: "a", Calls: 7, UpdatedAt: t0})
	if err := db.SaveGuardStats(ctx, &careerpath.GuardStats{Version: "v2", Replica: "c", Calls: 1, Errors: 2, UpdatedAt: t0}); careerpath.ErrorCode(err) != careerpath.EINVALID {
		t.Errorf("more errors than calls = %v, want EINVALID", err)
	}

	rows, err := db.FindGuardStats(ctx, "v2", t0.Add(-time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 || rows[0].Replica != "a" || rows[0].Calls != 20 || rows[0].Errors != 2 || len(rows[0].Latency) != 3 || rows[0].Latency[2] != 12 {
		t.Fatalf("FindGuardStats(v2, fresh) = %+v, want replica a's latest row", rows)
	}
	if all, _ := db.FindGuardStats(ctx, "v2", time.Time{}); len(all) != 2 || all[1].Failure != "warm-up failed" && all[0].Failure != "warm-up failed" {
		t.Errorf("FindGuardStats(v2, all) = %+v, want both replicas with b's failure", all)
	}
	n, err := db.DeleteGuardStats(ctx, t0.Add(-time.Minute))
	if err != nil || n != 1 {
		t.Errorf("DeleteGuardStats = %d, %v; want 1 (replica b's stale row)", n, err)
	}
}
