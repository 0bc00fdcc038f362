package postgres

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/jackc/pgx/v5"

	careerpath "github.com/careerpath/careerpath"
)

var _ careerpath.MonitoringStore = (*DB)(nil)

// maxDriftWindows bounds the stored windows, as in package sqlite.
const maxDriftWindows = 20_000

// CreateDriftWindow stores a closed monitoring window and prunes the
// oldest beyond maxDriftWindows.
func (db *DB) CreateDriftWindow(ctx context.Context, w *careerpath.DriftWindow) error {
	return db.inTx(ctx, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `INSERT INTO drift_windows (model, started_at, ended_at, n, status, firing, report) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
			w.Model, w.Start.UTC(), w.End.UTC(), w.N, w.Status, w.Firing, jsonText(w.Report)).Scan(&w.ID)
		if err != nil {
			return fmt.Errorf("store drift window: %w", err)
		}
		_, err = tx.Exec(ctx, `DELETE FROM drift_windows WHERE id <= $1`, w.ID-maxDriftWindows)
		return err
	})
}

// FindDriftWindows returns the newest limit windows, oldest first.
func (db *DB) FindDriftWindows(ctx context.Context, limit int) ([]*careerpath.DriftWindow, error) {
	rows, err := db.pool.Query(ctx, `SELECT id, model, started_at, ended_at, n, status, firing, report::text FROM
		(SELECT * FROM drift_windows ORDER BY id DESC LIMIT $1) w ORDER BY id`, max(limit, 0))
	if err != nil {
		return nil, storageError(fmt.Errorf("find drift windows: %w", err))
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (*careerpath.DriftWindow, error) {
		var w careerpath.DriftWindow
		var report string
		if err := r.Scan(&w.ID, &w.Model, &w.Start, &w.End, &w.N, &w.Status, &w.Firing, &report); err != nil {
			return nil, err
		}
		w.Start, w.End, w.Report = w.Start.UTC(), w.End.UTC(), json.RawMessage(report)
		return &w, nil
	})
	return out, storageError(err)
}

// SetCatalogDrift stores the drift of a catalog, replacing any earlier.
func (db *DB) SetCatalogDrift(ctx context.Context, catalogID int64, d *careerpath.CatalogDrift) error {
	summary := *d
	summary.Report = nil
	b, err := json.Marshal(summary)
	if err != nil {
		return err
	}
	_, err = db.pool.Exec(ctx, `INSERT INTO catalog_drift (catalog_id, model, status, n, summary, report) VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (catalog_id) DO UPDATE SET model = excluded.model, status = excluded.status, n = excluded.n,
			summary = excluded.summary, report = excluded.report`,
		catalogID, d.Model, d.Status, d.N, string(b), jsonText(d.Report))
	if err != nil {
		return storageError(fmt.Errorf("store catalog drift: %w", err))
	}
	return nil
}

// CatalogDrifts returns the drift of every catalog that has one.
func (db *DB) CatalogDrifts(ctx context.Context) (map[int64]*careerpath.CatalogDrift, error) {
	rows, err := db.pool.Query(ctx, `SELECT catalog_id, summary::text, report::text FROM catalog_drift`)
	if err != nil {
		return nil, storageError(fmt.Errorf("find catalog drift: %w", err))
	}
	defer rows.Close()
	out := map[int64]*careerpath.CatalogDrift{}
	for rows.Next() {
		var id int64
		var summary, report string
		if err := rows.Scan(&id, &summary, &report); err != nil {
			return nil, storageError(fmt.Errorf("find catalog drift: %w", err))
		}
		var d careerpath.CatalogDrift
		if err := json.Unmarshal([]byte(summary), &d); err != nil {
			return nil, fmt.Errorf("catalog %d drift: %w", id, err)
		}
		if report != "null" {
			d.Report = json.RawMessage(report)
		}
		out[id] = &d
	}
	return out, storageError(rows.Err())
}
