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

// RecordAudit appends an entry, or counts a failed sign-in in the row of
// its address and hour.
func (db *DB) RecordAudit(ctx context.Context, e *careerpath.AuditEntry) error {
	row, err := careerpath.AuditRow(e)
	if err != nil {
		return err
	}
	_, err = db.exec(ctx, `INSERT INTO audit_log (at, last_at, actor, action, target, detail, address, result, count)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1)
		ON CONFLICT (action, address, at) WHERE action = 'sign_in_failed' DO UPDATE SET count = count + 1, last_at = excluded.last_at`,
		row.At.Format(time.RFC3339), row.LastAt.Format(time.RFC3339), row.Actor, row.Action, row.Target, row.Detail, row.Address, row.Result)
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
	limit, err := f.AuditLimit()
	if err != nil {
		return nil, err
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
