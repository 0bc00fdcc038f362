package sqlite

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/careerpath/careerpath"
)

// TestWriteRefusedAfterFileSwap: once an import moves a new file over the
// path, the server's open DB refuses writes (and Ping) with EUNAVAILABLE
// instead of acknowledging writes to the deleted file.
func TestWriteRefusedAfterFileSwap(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "careerpath.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	entry := &careerpath.AuditEntry{At: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC), Actor: "ana", Action: "sign_in", Address: "192.0.2.1", Result: careerpath.AuditOK}
	if err := db.RecordAudit(ctx, entry); err != nil {
		t.Fatalf("write before the swap: %v", err)
	}
	if err := db.Ping(ctx); err != nil {
		t.Fatalf("ping before the swap: %v", err)
	}

	b, err := NewBuilder(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Commit(ctx); err != nil {
		t.Fatal(err)
	}

	if err := db.RecordAudit(ctx, entry); careerpath.ErrorCode(err) != careerpath.EUNAVAILABLE {
		t.Errorf("write after the swap: %v (code %q), want %s", err, careerpath.ErrorCode(err), careerpath.EUNAVAILABLE)
	}
	if err := db.Ping(ctx); careerpath.ErrorCode(err) != careerpath.EUNAVAILABLE {
		t.Errorf("ping after the swap: %v, want %s", err, careerpath.EUNAVAILABLE)
	}
	// A server started on the new file writes to it.
	fresh, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer fresh.Close()
	if err := fresh.RecordAudit(ctx, entry); err != nil {
		t.Errorf("write to the new file: %v", err)
	}
}
