package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	careerpath "github.com/careerpath/careerpath"
)

var _ careerpath.AuditService = (*DB)(nil)

// maxAuditField bounds what an entry keeps of a field, in bytes.
const maxAuditField = 500

func clip(s string) string {
	if len(s) <= maxAuditField {
		return s
	}
	return strings.ToValidUTF8(s[:maxAuditField], "") + "…"
}

// RecordAudit appends an entry, or counts a failed sign-in in the row of
// its address and hour.
func (db *DB) RecordAudit(ctx context.Context, e *careerpath.AuditEntry) error {
	if e.Action == "" {
		return careerpath.Errorf(careerpath.EINVALID, "An audit entry needs an action.")
	}
	at := e.At.UTC().Truncate(time.Second)
	if at.IsZero() {
		at = time.Now().UTC().Truncate(time.Second)
	}
	last := at
	if e.Action == careerpath.AuditSignInFailed {
		at = at.Truncate(time.Hour)
	}
	_, err := db.exec(ctx, `INSERT INTO audit_log (at, last_at, actor, action, target, detail, address, result, count)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1)
		ON CONFLICT (action, address, at) WHERE action = 'sign_in_failed' DO UPDATE SET count = count + 1, last_at = excluded.last_at`,
		at.Format(time.RFC3339), last.Format(time.RFC3339), clip(e.Actor), e.Action, clip(e.Target), clip(e.Detail), clip(e.Address), clip(e.Result))
	if err != nil {
		return fmt.Errorf("record audit entry: %w", err)
	}
	return nil
}

// FindAudit returns the entries the filter selects, newest first.
func (db *DB) FindAudit(ctx context.Context, f careerpath.AuditFilter) ([]*careerpath.AuditEntry, error) {
	var where []string
	var args []any
	eq := func(col, v string) {
		if v != "" {
			where, args = append(where, col+" = ?"), append(args, v)
		}
	}
	eq("actor", f.Actor)
	eq("action", f.Action)
	switch f.Result {
	case "":
	case "failed":
		where = append(where, "result <> 'ok'")
	default:
		eq("result", f.Result)
	}
	if !f.Since.IsZero() {
		where, args = append(where, "last_at >= ?"), append(args, f.Since.UTC().Format(time.RFC3339))
	}
	if !f.Until.IsZero() {
		where, args = append(where, "at < ?"), append(args, f.Until.UTC().Format(time.RFC3339))
	}
	limit := f.Limit
	switch {
	case limit == 0:
		limit = 200
	case limit < 0 || limit > 10000:
		return nil, careerpath.Errorf(careerpath.EINVALID, "Audit limit %d: want 1 to 10000.", limit)
	}
	q := `SELECT id, at, last_at, actor, action, target, detail, address, result, count FROM audit_log`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	out, err := readAll(ctx, db, "audit log", q+" ORDER BY last_at DESC, id DESC LIMIT ?", append(args, limit),
		func(r *sql.Rows) (*careerpath.AuditEntry, error) {
			var e careerpath.AuditEntry
			var at, last string
			if err := r.Scan(&e.ID, &at, &last, &e.Actor, &e.Action, &e.Target, &e.Detail, &e.Address, &e.Result, &e.Count); err != nil {
				return nil, err
			}
			e.At, _ = time.Parse(time.RFC3339, at)
			e.LastAt, _ = time.Parse(time.RFC3339, last)
			return &e, nil
		})
	if out == nil && err == nil {
		out = []*careerpath.AuditEntry{}
	}
	return out, err
}

// PruneAudit deletes the entries whose last attempt is before before.
func (db *DB) PruneAudit(ctx context.Context, before time.Time) (int, error) {
	res, err := db.exec(ctx, `DELETE FROM audit_log WHERE last_at < ?`, before.UTC().Format(time.RFC3339))
	if err != nil {
		return 0, fmt.Errorf("prune audit log: %w", err)
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}
