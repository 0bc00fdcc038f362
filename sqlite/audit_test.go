package sqlite

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	careerpath "github.com/careerpath/careerpath"
)

func TestAuditLog(t *testing.T) {
	ctx := context.Background()
	db := reviewDB(t, filepath.Join(t.TempDir(), "cp.db"))
	t0 := time.Date(2026, 12, 3, 10, 5, 0, 0, time.UTC)
	record := func(e careerpath.AuditEntry) {
		t.Helper()
		if err := db.RecordAudit(ctx, &e); err != nil {
			t.Fatal(err)
		}
	}
	record(careerpath.AuditEntry{At: t0, Actor: "ana", Action: "sign_in", Address: "192.0.2.1", Result: careerpath.AuditOK})
	for i := range 5 {
		record(careerpath.AuditEntry{At: t0.Add(time.Duration(i) * time.Minute), Action: careerpath.AuditSignInFailed, Address: "198.51.100.7", Result: "wrong token"})
	}
	record(careerpath.AuditEntry{At: t0.Add(2 * time.Hour), Action: careerpath.AuditSignInFailed, Address: "198.51.100.7", Result: "wrong token"})
	record(careerpath.AuditEntry{At: t0.Add(3 * time.Hour), Actor: "ana", Action: "decide", Target: "item 1", Detail: "none for ml", Address: "192.0.2.1", Result: careerpath.AuditOK})

	all, err := db.FindAudit(ctx, careerpath.AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 4 || all[0].Action != "decide" || all[3].Action != "sign_in" {
		t.Fatalf("audit log = %d entries, newest %+v; want 4, decide first", len(all), all[0])
	}
	failed, _ := db.FindAudit(ctx, careerpath.AuditFilter{Result: "failed"})
	if len(failed) != 2 || failed[1].Count != 5 || !failed[1].At.Equal(t0.Truncate(time.Hour)) || !failed[1].LastAt.Equal(t0.Add(4*time.Minute)) {
		t.Errorf("failed sign-ins = %+v; want 2 rows, the first hour counting 5 attempts", failed)
	}
	if got, _ := db.FindAudit(ctx, careerpath.AuditFilter{Actor: "ana", Since: t0.Add(time.Hour)}); len(got) != 1 || got[0].Action != "decide" {
		t.Errorf("ana since 11:05 = %v, want the decision", got)
	}
	if _, err := db.write.ExecContext(ctx, `UPDATE audit_log SET result = 'ok' WHERE action = 'decide'`); err == nil {
		t.Error("changing an audit entry succeeded")
	}
	n, err := db.PruneAudit(ctx, t0.Add(time.Hour))
	if err != nil || n != 2 {
		t.Errorf("PruneAudit = %d, %v; want the 2 entries of the first hour", n, err)
	}
}
