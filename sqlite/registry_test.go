package sqlite

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	careerpath "github.com/careerpath/careerpath"
)

func openTemp(t *testing.T) *DB {
	t.Helper()
	db, err := Open(context.Background(), filepath.Join(t.TempDir(), "cp.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func register(t *testing.T, db *DB, artifact string) string {
	t.Helper()
	v := &careerpath.ModelVersion{Kind: "test", DataHash: "abc", Config: json.RawMessage(`{"c":1}`), Seed: 7, Metrics: json.RawMessage(`{"macro_f1":0.9}`)}
	if err := db.CreateModelVersion(context.Background(), v, []byte(artifact), "tester"); err != nil {
		t.Fatal(err)
	}
	return v.Version
}

func TestRegistryPromoteRollback(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	v1, v2 := register(t, db, "model one"), register(t, db, "model two")
	if v1 != "v1" || v2 != "v2" {
		t.Fatalf("versions = %s, %s; want v1, v2", v1, v2)
	}
	if _, err := db.SetAlias(ctx, careerpath.AliasChampion, v1, "op", "first model", nil); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SetAlias(ctx, careerpath.AliasChampion, v2, "op", "better", json.RawMessage(`{"delta_f1":0.02}`)); err != nil {
		t.Fatal(err)
	}
	if got, _ := db.Alias(ctx, careerpath.AliasChampion); got != v2 {
		t.Fatalf("champion = %s, want %s", got, v2)
	}
	e, err := db.Rollback(ctx, "op", "latency breach")
	if err != nil {
		t.Fatal(err)
	}
	if e.From != v2 || e.To != v1 {
		t.Errorf("rollback moved %s → %s, want %s → %s", e.From, e.To, v2, v1)
	}
	if got, _ := db.Alias(ctx, careerpath.AliasChampion); got != v1 {
		t.Errorf("champion after rollback = %s, want %s", got, v1)
	}
	if _, err := db.Rollback(ctx, "op", "again"); careerpath.ErrorCode(err) != careerpath.ECONFLICT {
		t.Errorf("second rollback: error %v, want a conflict (v1 replaced nothing)", err)
	}

	events, err := db.FindModelEvents(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range events {
		got = append(got, e.Action+":"+e.From+">"+e.To)
	}
	want := "register:>v1 register:>v2 promote:>v1 promote:v1>v2 rollback:v2>v1"
	if strings.Join(got, " ") != want {
		t.Errorf("events = %s\nwant     %s", strings.Join(got, " "), want)
	}

	// The log is append-only.
	if _, err := db.write.ExecContext(ctx, `UPDATE model_events SET reason = 'x'`); err == nil {
		t.Error("UPDATE of model_events succeeded; the log must be append-only")
	}
	if _, err := db.write.ExecContext(ctx, `DELETE FROM model_events`); err == nil {
		t.Error("DELETE of model_events succeeded; the log must be append-only")
	}
}

func TestRegistryArtifactChecksum(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	v := register(t, db, "weights")
	if b, err := db.ModelArtifact(ctx, v); err != nil || string(b) != "weights" {
		t.Fatalf("ModelArtifact = %q, %v", b, err)
	}
	if _, err := db.write.ExecContext(ctx, `UPDATE model_versions SET artifact = ? WHERE version = ?`, []byte("tampered"), v); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ModelArtifact(ctx, v); careerpath.ErrorCode(err) != careerpath.EINVALID {
		t.Errorf("ModelArtifact of a corrupt artifact: error %v, want EINVALID", err)
	}
	if _, err := db.SetAlias(ctx, careerpath.AliasChampion, "v99", "op", "", nil); careerpath.ErrorCode(err) != careerpath.ENOTFOUND {
		t.Errorf("SetAlias to a missing version: error %v, want ENOTFOUND", err)
	}
}

// TestBuilderCarriesState: rebuilding the open data keeps the registry.
func TestBuilderCarriesState(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "cp.db")
	if err := build(t, path).Commit(ctx); err != nil {
		t.Fatal(err)
	}
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	v := register(t, db, "kept")
	if _, err := db.SetAlias(ctx, careerpath.AliasChampion, v, "op", "keep me", nil); err != nil {
		t.Fatal(err)
	}
	db.Close()

	if err := build(t, path).Commit(ctx); err != nil {
		t.Fatal(err)
	}
	db, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if got, err := db.Alias(ctx, careerpath.AliasChampion); err != nil || got != v {
		t.Errorf("champion after a rebuild = %q, %v; want %s", got, err, v)
	}
	if b, err := db.ModelArtifact(ctx, v); err != nil || string(b) != "kept" {
		t.Errorf("artifact after a rebuild = %q, %v", b, err)
	}
	events, _ := db.FindModelEvents(ctx)
	if len(events) != 2 {
		t.Errorf("events after a rebuild: %d, want 2", len(events))
	}
	// New versions continue the sequence rather than reuse numbers.
	if next := register(t, db, "next"); next != "v2" {
		t.Errorf("next version = %s, want v2", next)
	}
}

// TestRegistryConditionalMoves checks the compare-and-set moves that
// servers deciding at once rely on: the second of two identical moves
// conflicts and logs nothing.
func TestRegistryConditionalMoves(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	v1, v2, v3 := register(t, db, "one"), register(t, db, "two"), register(t, db, "three")
	tests := []struct {
		name     string
		move     func() (*careerpath.ModelEvent, error)
		wantCode string
		champion string
	}{
		{"first champion from none", func() (*careerpath.ModelEvent, error) {
			return db.MoveAlias(ctx, careerpath.AliasChampion, "", v1, "op", "first", nil)
		}, "", v1},
		{"promote v1 → v2", func() (*careerpath.ModelEvent, error) {
			return db.MoveAlias(ctx, careerpath.AliasChampion, v1, v2, "retrain", "shadow passed", json.RawMessage(`{"n":200}`))
		}, "", v2},
		{"the same promotion again conflicts", func() (*careerpath.ModelEvent, error) {
			return db.MoveAlias(ctx, careerpath.AliasChampion, v1, v2, "retrain", "shadow passed", nil)
		}, careerpath.ECONFLICT, v2},
		{"rollback of a version no longer champion conflicts", func() (*careerpath.ModelEvent, error) {
			return db.RollbackFrom(ctx, v3, "guard", "breach", nil)
		}, careerpath.ECONFLICT, v2},
		{"rollback from v2", func() (*careerpath.ModelEvent, error) {
			return db.RollbackFrom(ctx, v2, "guard", "latency breach", json.RawMessage(`{"p99_us":900}`))
		}, "", v1},
		{"a second guard's rollback from v2 conflicts", func() (*careerpath.ModelEvent, error) {
			return db.RollbackFrom(ctx, v2, "guard", "latency breach", nil)
		}, careerpath.ECONFLICT, v1},
	}
	for _, tt := range tests {
		before, _ := db.FindModelEvents(ctx)
		_, err := tt.move()
		after, _ := db.FindModelEvents(ctx)
		if got := careerpath.ErrorCode(err); got != tt.wantCode {
			t.Errorf("%s: error %v, want code %q", tt.name, err, tt.wantCode)
		}
		if logged := len(after) - len(before); (tt.wantCode == "") != (logged == 1) || logged > 1 {
			t.Errorf("%s: %d events logged", tt.name, logged)
		}
		if got, _ := db.Alias(ctx, careerpath.AliasChampion); got != tt.champion {
			t.Errorf("%s: champion %s, want %s", tt.name, got, tt.champion)
		}
	}
	events, _ := db.FindModelEvents(ctx)
	last := events[len(events)-1]
	if last.Action != careerpath.EventRollback || string(last.Details) != `{"p99_us":900}` || last.Actor != "guard" {
		t.Errorf("last event = %+v %s, want the guard's rollback with its figures", last, last.Details)
	}
}

// TestLockRetrain: one retrain at a time, and the lock is free again once
// released.
func TestLockRetrain(t *testing.T) {
	db := openTemp(t)
	unlock, err := db.LockRetrain()
	if err != nil {
		t.Fatal(err)
	}
	other, err := Open(context.Background(), db.Path) // as another process would
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if _, err := other.LockRetrain(); careerpath.ErrorCode(err) != careerpath.ECONFLICT || !strings.Contains(err.Error(), "another retrain") || !errors.Is(err, errLocked) {
		t.Errorf("second LockRetrain: %v, want a conflict naming the running retrain, with the lock's error as its cause", err)
	}
	unlock()
	again, err := other.LockRetrain()
	if err != nil {
		t.Fatalf("LockRetrain after unlock: %v", err)
	}
	again()
}

// TestRegistryNoOpMoves: a move to the version the alias has is refused,
// and a rollback skips such moves logged before they were, reaching the
// real predecessor.
func TestRegistryNoOpMoves(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	v1, v2 := register(t, db, "model one"), register(t, db, "model two")
	for _, v := range []string{v1, v2} {
		if _, err := db.SetAlias(ctx, careerpath.AliasChampion, v, "op", "", nil); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.SetAlias(ctx, careerpath.AliasChampion, v2, "op", "again", nil); careerpath.ErrorCode(err) != careerpath.ECONFLICT ||
		!strings.Contains(careerpath.ErrorMessage(err), "already") {
		t.Errorf("promote of the champion: error %v, want a conflict saying it is already champion", err)
	}
	// A self-move as older servers logged it.
	if err := db.LogModelEvent(ctx, &careerpath.ModelEvent{Actor: "op", Action: careerpath.EventPromote, Alias: careerpath.AliasChampion, From: v2, To: v2}); err != nil {
		t.Fatal(err)
	}
	e, err := db.Rollback(ctx, "op", "")
	if err != nil || e.To != v1 {
		t.Errorf("rollback = %+v, %v; want to %s", e, err, v1)
	}
}

// TestStorageError: a full disk is ENOSPACE with a message that says so.
func TestStorageError(t *testing.T) {
	for _, err := range []error{errors.New("sqlite: database or disk is full (13)"), fmt.Errorf("write: %w", syscall.ENOSPC)} {
		got := storageError(err)
		if careerpath.ErrorCode(got) != careerpath.ENOSPACE || !strings.Contains(careerpath.ErrorMessage(got), "disk is full") || !errors.Is(got, err) {
			t.Errorf("storageError(%v) = %v, want ENOSPACE wrapping it", err, got)
		}
	}
	if other := errors.New("constraint failed"); storageError(other) != other {
		t.Errorf("storageError changed an unrelated error")
	}
}

// TestOpenRemovesStaleImports: the temporary files of a killed import are
// gone at the next start.
func TestOpenRemovesStaleImports(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cp.db")
	for _, name := range []string{path + ".import-123", path + ".import-123-journal"} {
		if err := os.WriteFile(name, []byte("half an import"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	db, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	if left, _ := filepath.Glob(path + ".import-*"); len(left) != 0 {
		t.Errorf("after Open, left %v", left)
	}
}
