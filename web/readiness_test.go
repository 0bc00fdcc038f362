package web

import (
	"log/slog"
	"testing"
)

// TestReadiness: not ready while the finder's index builds, ready once it
// is built, not ready again once draining begins.
func TestReadiness(t *testing.T) {
	var r Readiness
	if err := r.Check(); err == nil {
		t.Error("Check before the finder's index is built = nil, want an error")
	}
	r.FinderBuilt()
	if err := r.Check(); err != nil {
		t.Errorf("Check once the index is built = %v, want nil", err)
	}
	r.Drain(0, slog.New(slog.DiscardHandler))
	if err := r.Check(); err == nil || err.Error() != "shutting down" {
		t.Errorf("Check while draining = %v, want shutting down", err)
	}
}
