package postgres

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

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
	_, err = db.pool.Exec(ctx, `INSERT INTO audit_log (at, last_at, actor, action, target, detail, address, result, count)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1)
		ON CONFLICT (action, address, at) WHERE action = 'sign_in_failed'
		DO UPDATE SET count = audit_log.count + 1, last_at = excluded.last_at`,
		row.At, row.LastAt, row.Actor, row.Action, row.Target, row.Detail, row.Address, row.Result)
	if err != nil {
		return storageError(fmt.Errorf("record audit entry: %w", err))
	}
	return nil
}

// FindAudit returns the entries the filter selects, newest first.
func (db *DB) FindAudit(ctx context.Context, f careerpath.AuditFilter) ([]*careerpath.AuditEntry, error) {
	var where []string
	var args []any
	cond := func(expr string, v any) {
		args = append(args, v)
		where = append(where, fmt.Sprintf(expr, len(args)))
	}
	if f.Actor != "" {
		cond("actor = $%d", f.Actor)
	}
	if f.Action != "" {
		cond("action = $%d", f.Action)
	}
	switch f.Result {
	case "":
	case "failed":
		where = append(where, "result <> 'ok'")
	default:
		cond("result = $%d", f.Result)
	}
	if !f.Since.IsZero() {
		cond("last_at >= $%d", f.Since.UTC().Truncate(time.Second))
	}
	if !f.Until.IsZero() {
		cond("at < $%d", f.Until.UTC().Truncate(time.Second))
	}
	limit, err := f.AuditLimit()
	if err != nil {
		return nil, err
	}
	q := `SELECT id, at, last_at, actor, action, target, detail, address, result, count FROM audit_log`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	args = append(args, limit)
	rows, err := db.pool.Query(ctx, q+fmt.Sprintf(" ORDER BY last_at DESC, id DESC LIMIT $%d", len(args)), args...)
	if err != nil {
		return nil, storageError(fmt.Errorf("read audit log: %w", err))
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (*careerpath.AuditEntry, error) {
		var e careerpath.AuditEntry
		if err := r.Scan(&e.ID, &e.At, &e.LastAt, &e.Actor, &e.Action, &e.Target, &e.Detail, &e.Address, &e.Result, &e.Count); err != nil {
			return nil, err
		}
		e.At, e.LastAt = e.At.UTC(), e.LastAt.UTC()
		return &e, nil
	})
	if err != nil {
		return nil, storageError(fmt.Errorf("read audit log: %w", err))
	}
	if out == nil {
		out = []*careerpath.AuditEntry{}
	}
	return out, nil
}

// PruneAudit deletes the entries whose last attempt is before before.
func (db *DB) PruneAudit(ctx context.Context, before time.Time) (int, error) {
	tag, err := db.pool.Exec(ctx, `DELETE FROM audit_log WHERE last_at < $1`, before.UTC().Truncate(time.Second))
	if err != nil {
		return 0, storageError(fmt.Errorf("prune audit log: %w", err))
	}
	return int(tag.RowsAffected()), nil
}
