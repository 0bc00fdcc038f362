package careerpath

import (
	"context"
	"log/slog"
	"strings"
	"time"
)

// AuditSignInFailed is the action of failed sign-ins, counted per client
// address and hour in one entry rather than one entry per attempt.
const AuditSignInFailed = "sign_in_failed"

// AuditOK is the result of an action that did what was asked.
const AuditOK = "ok"

// AuditEntry is one admin action in the audit log: who did what to
// which target, when, from which address, and with what result.
type AuditEntry struct {
	ID      int64     `json:"id"`
	At      time.Time `json:"at"` // for failed sign-ins, the start of the hour
	Actor   string    `json:"actor"`
	Action  string    `json:"action"` // "sign_in", "decide", "promote", …
	Target  string    `json:"target,omitempty"`
	Detail  string    `json:"detail,omitempty"`
	Address string    `json:"address"`
	Result  string    `json:"result"` // AuditOK or why it failed
	// Count and LastAt are the attempts an entry of failed sign-ins
	// counts and the time of the last one; 1 and At for other actions.
	Count  int       `json:"count"`
	LastAt time.Time `json:"last_at"`
}

// AuditFilter selects audit entries; zero fields mean any. Limit 0 means
// a default of 200.
type AuditFilter struct {
	Actor, Action, Result string // Result "failed" selects every result but AuditOK
	Since, Until          time.Time
	Limit                 int
}

// AuditService keeps the audit log.
type AuditService interface {
	// RecordAudit appends an entry; an entry of AuditSignInFailed is
	// added to its address's count for the hour.
	RecordAudit(ctx context.Context, e *AuditEntry) error
	// FindAudit returns entries, newest first.
	FindAudit(ctx context.Context, f AuditFilter) ([]*AuditEntry, error)
	// PruneAudit deletes the entries older than before and returns how
	// many it deleted.
	PruneAudit(ctx context.Context, before time.Time) (int, error)
}

// maxAuditField bounds what an audit entry keeps of a field, in bytes.
const maxAuditField = 500

// AuditRow is an entry as a store keeps it: checked, its fields clipped,
// its times in UTC to the second, and At the start of the hour for a
// failed sign-in (whose rows count the attempts of an address and hour).
func AuditRow(e *AuditEntry) (AuditEntry, error) {
	if e.Action == "" {
		return AuditEntry{}, Errorf(EINVALID, "An audit entry needs an action.")
	}
	at := e.At.UTC().Truncate(time.Second)
	if at.IsZero() {
		at = time.Now().UTC().Truncate(time.Second)
	}
	row := AuditEntry{At: at, LastAt: at, Actor: clipAudit(e.Actor), Action: e.Action, Target: clipAudit(e.Target),
		Detail: clipAudit(e.Detail), Address: clipAudit(e.Address), Result: clipAudit(e.Result), Count: 1}
	if e.Action == AuditSignInFailed {
		row.At = at.Truncate(time.Hour)
	}
	return row, nil
}

func clipAudit(s string) string {
	if len(s) <= maxAuditField {
		return s
	}
	return strings.ToValidUTF8(s[:maxAuditField], "") + "…"
}

// AuditLimit returns the number of entries a filter asks for: 200 by
// default, EINVALID outside 1 to 10000.
func (f AuditFilter) AuditLimit() (int, error) {
	switch {
	case f.Limit == 0:
		return 200, nil
	case f.Limit < 0 || f.Limit > 10000:
		return 0, Errorf(EINVALID, "Audit limit %d: want 1 to 10000.", f.Limit)
	}
	return f.Limit, nil
}

// RetainAudit deletes the audit entries older than keep, at once and
// every interval, until ctx ends. It is a singleton job: one replica (the
// leader) runs it.
func RetainAudit(ctx context.Context, as AuditService, keep, every time.Duration, log *slog.Logger) {
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		if n, err := as.PruneAudit(ctx, time.Now().Add(-keep)); err != nil && ctx.Err() == nil {
			log.Warn("audit log: prune", "err", err)
		} else if n > 0 {
			log.Info("audit log: old entries deleted", "entries", n, "kept_days", int(keep.Hours()/24))
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}
