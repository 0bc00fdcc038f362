package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	careerpath "github.com/careerpath/careerpath"
)

var _ careerpath.MonitoringStore = (*DB)(nil)

// maxDriftWindows bounds the stored windows: a day of one-minute windows
// for a week with two model versions serving; older ones are pruned as
// new ones arrive.
const maxDriftWindows = 20_000

// CreateDriftWindow stores a closed monitoring window and prunes the
// oldest beyond maxDriftWindows.
func (db *DB) CreateDriftWindow(ctx context.Context, w *careerpath.DriftWindow) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO drift_windows (model, started_at, ended_at, n, status, firing, report) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			w.Model, w.Start.UTC().Format(time.RFC3339Nano), w.End.UTC().Format(time.RFC3339Nano), w.N, w.Status, w.Firing, jsonText(w.Report))
		if err != nil {
			return fmt.Errorf("store drift window: %w", err)
		}
		if w.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM drift_windows WHERE id <= ?`, w.ID-maxDriftWindows)
		return err
	})
}

// FindDriftWindows returns the newest limit windows, oldest first.
func (db *DB) FindDriftWindows(ctx context.Context, limit int) ([]*careerpath.DriftWindow, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT id, model, started_at, ended_at, n, status, firing, report FROM
		(SELECT * FROM drift_windows ORDER BY id DESC LIMIT ?) ORDER BY id`, limit)
	if err != nil {
		return nil, fmt.Errorf("find drift windows: %w", err)
	}
	defer rows.Close()
	var out []*careerpath.DriftWindow
	for rows.Next() {
		var w careerpath.DriftWindow
		var start, end, report string
		if err := rows.Scan(&w.ID, &w.Model, &start, &end, &w.N, &w.Status, &w.Firing, &report); err != nil {
			return nil, fmt.Errorf("find drift windows: %w", err)
		}
		w.Start, _ = time.Parse(time.RFC3339Nano, start)
		w.End, _ = time.Parse(time.RFC3339Nano, end)
		w.Report = json.RawMessage(report)
		out = append(out, &w)
	}
	return out, rows.Err()
}

// SetCatalogDrift stores the drift of a catalog, replacing any earlier.
func (db *DB) SetCatalogDrift(ctx context.Context, catalogID int64, d *careerpath.CatalogDrift) error {
	summary := *d
	summary.Report = nil
	b, err := json.Marshal(summary)
	if err != nil {
		return err
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO catalog_drift (catalog_id, model, status, n, summary, report) VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (catalog_id) DO UPDATE SET model = excluded.model, status = excluded.status, n = excluded.n,
				summary = excluded.summary, report = excluded.report`,
			catalogID, d.Model, d.Status, d.N, string(b), jsonText(d.Report))
		if err != nil {
			return fmt.Errorf("store catalog drift: %w", err)
		}
		return nil
	})
}

// CatalogDrifts returns the drift of every catalog that has one.
func (db *DB) CatalogDrifts(ctx context.Context) (map[int64]*careerpath.CatalogDrift, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT catalog_id, summary, report FROM catalog_drift`)
	if err != nil {
		return nil, fmt.Errorf("find catalog drift: %w", err)
	}
	defer rows.Close()
	out := map[int64]*careerpath.CatalogDrift{}
	for rows.Next() {
		var id int64
		var summary, report string
		if err := rows.Scan(&id, &summary, &report); err != nil {
			return nil, fmt.Errorf("find catalog drift: %w", err)
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
	return out, rows.Err()
}
