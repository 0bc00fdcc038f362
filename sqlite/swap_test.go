package sqlite

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/careerpath/careerpath"
)

// TestReopenAfterFileSwap: once an import moves a new file over the path,
// the server's open DB reopens it: the next write lands in the new file,
// Ping answers, the catalog stamp changes (so the finder rebuilds) and
// the OnReopen functions run.
func TestReopenAfterFileSwap(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "careerpath.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var reopened atomic.Int32
	db.OnReopen(func() { reopened.Add(1) })
	before := &careerpath.AuditEntry{At: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC), Actor: "ana", Action: "sign_in", Address: "192.0.2.1", Result: careerpath.AuditOK}
	if err := db.RecordAudit(ctx, before); err != nil {
		t.Fatalf("write before the swap: %v", err)
	}
	stamp, err := db.CatalogStamp(ctx)
	if err != nil {
		t.Fatal(err)
	}

	b, err := NewBuilder(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Commit(ctx); err != nil {
		t.Fatal(err)
	}

	after := &careerpath.AuditEntry{At: time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC), Actor: "bo", Action: "sign_in", Address: "192.0.2.2", Result: careerpath.AuditOK}
	if err := db.RecordAudit(ctx, after); err != nil {
		t.Fatalf("write after the swap: %v", err)
	}
	if err := db.Ping(ctx); err != nil {
		t.Errorf("ping after the swap: %v", err)
	}
	if s, err := db.CatalogStamp(ctx); err != nil || s == stamp {
		t.Errorf("catalog stamp after the swap = %q, %v; want a change from %q", s, err, stamp)
	}
	if n := reopened.Load(); n != 1 {
		t.Errorf("OnReopen ran %d times, want 1", n)
	}
	// Both writes are in the file now at the path.
	fresh, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer fresh.Close()
	var actors []string
	rows, err := fresh.read.QueryContext(ctx, "SELECT actor FROM audit_log ORDER BY at")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var a string
		rows.Scan(&a)
		actors = append(actors, a)
	}
	rows.Close()
	if fmt.Sprint(actors) != "[ana bo]" {
		t.Errorf("audit log of the new file = %v, want [ana bo] (the first carried over, the second written after the swap)", actors)
	}
}

// TestNoWriteLostAcrossSwaps: writers keep writing while imports swap the
// file several times; every write that was acknowledged is in the final
// file, and none failed.
func TestNoWriteLostAcrossSwaps(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "careerpath.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var (
		wg    sync.WaitGroup
		stop  atomic.Bool
		mu    sync.Mutex
		acked []string
		fails []error
	)
	at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	for w := range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; !stop.Load(); i++ {
				hash := fmt.Sprintf("%032x%032x", w, i)
				err := db.CreateSession(ctx, &careerpath.Session{TokenHash: hash, Editor: "ana", CreatedAt: at, ExpiresAt: at.Add(24 * 365 * time.Hour)})
				mu.Lock()
				if err != nil {
					fails = append(fails, err)
				} else {
					acked = append(acked, hash)
				}
				mu.Unlock()
			}
		}()
	}
	for range 3 {
		time.Sleep(20 * time.Millisecond) // let writes pile up between swaps
		b, err := NewBuilder(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		if err := b.Commit(ctx); err != nil {
			t.Fatal(err)
		}
	}
	time.Sleep(20 * time.Millisecond)
	stop.Store(true)
	wg.Wait()
	for _, err := range fails[:min(len(fails), 3)] {
		t.Errorf("write failed during the swaps: %v", err)
	}
	if len(acked) == 0 {
		t.Fatal("no write acknowledged")
	}
	fresh, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer fresh.Close()
	lost := 0
	for _, h := range acked {
		if _, err := fresh.FindSession(ctx, h); err != nil {
			lost++
		}
	}
	if lost > 0 {
		t.Errorf("%d of %d acknowledged writes are not in the final file", lost, len(acked))
	}
	t.Logf("%d writes acknowledged across 3 swaps, %d lost", len(acked), lost)
}
