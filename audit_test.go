package careerpath_test

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/sqlite"
)

// TestRetainAudit: the leader's job deletes the entries older than what
// is kept, at once, and keeps the others.
func TestRetainAudit(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "cp.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, at := range []time.Time{time.Now().Add(-48 * time.Hour), time.Now()} {
		if err := db.RecordAudit(ctx, &careerpath.AuditEntry{At: at, Actor: "editor", Action: "decide", Result: careerpath.AuditOK}); err != nil {
			t.Fatal(err)
		}
	}
	done := make(chan struct{})
	go func() {
		careerpath.RetainAudit(ctx, db, 24*time.Hour, time.Hour, slog.New(slog.NewTextHandler(io.Discard, nil)))
		close(done)
	}()
	defer func() { cancel(); <-done }()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		es, err := db.FindAudit(ctx, careerpath.AuditFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(es) == 1 && time.Since(es[0].At) < time.Hour {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d entries after 10 s, want the recent one only", len(es))
		}
	}
}
