package careerpath

import (
	"context"
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
