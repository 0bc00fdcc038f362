package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	careerpath "github.com/careerpath/careerpath"
)

var _ careerpath.CatalogPredictionStore = (*DB)(nil)

// PendingCatalogEntries returns the entries waiting for the relevance
// model, in id order: of one catalog, or of all when catalogID is 0.
func (db *DB) PendingCatalogEntries(ctx context.Context, catalogID int64) ([]careerpath.PendingCatalogEntry, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT id, catalog_id, institution, program, degree, format, city, country, description
		FROM catalog_entries WHERE status = ? AND (? = 0 OR catalog_id = ?) ORDER BY id`,
		careerpath.CatalogPendingModel, catalogID, catalogID)
	if err != nil {
		return nil, fmt.Errorf("read pending catalog entries: %w", err)
	}
	defer rows.Close()
	var out []careerpath.PendingCatalogEntry
	for rows.Next() {
		var e careerpath.PendingCatalogEntry
		t := &e.Text
		if err := rows.Scan(&e.ID, &e.CatalogID, &t.Institution, &t.Program, &t.Degree, &t.Format, &t.City, &t.Country, &t.Description); err != nil {
			return nil, fmt.Errorf("read pending catalog entries: %w", err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// SetCatalogPredictions stores the model's fields of study in one
// transaction. Only entries still pending are changed, so that a
// prediction never overwrites a provider's code or an editor's decision
// made meanwhile. An active prediction needs a CIP code in use.
func (db *DB) SetCatalogPredictions(ctx context.Context, preds []careerpath.CatalogPrediction) error {
	if len(preds) == 0 {
		return nil
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		known, err := programCIPCodes(ctx, tx)
		if err != nil {
			return err
		}
		stmt, err := tx.PrepareContext(ctx, `UPDATE catalog_entries SET cip = ?, cip_source = ?, confidence = ?, status = ?, concentration_cip = ?
			WHERE id = ? AND status = ?`)
		if err != nil {
			return err
		}
		defer stmt.Close()
		for _, p := range preds {
			if err := careerpath.CheckCatalogPrediction(p, known); err != nil {
				return err
			}
			var cip, source, conc any
			if p.CIP != "" {
				cip, source = p.CIP, careerpath.CIPSourceModel
			}
			if p.ConcentrationCIP != "" {
				conc = p.ConcentrationCIP
			}
			res, err := stmt.ExecContext(ctx, cip, source, p.Confidence, p.Status, conc, p.EntryID, careerpath.CatalogPendingModel)
			if err != nil {
				return fmt.Errorf("store catalog prediction: %w", err)
			}
			// A held entry joins the review queue in the same transaction,
			// so that no held entry is ever missing from it.
			if n, _ := res.RowsAffected(); n == 1 && p.Status == careerpath.CatalogHeldForReview {
				if err := queueHeldEntry(ctx, tx, p); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

var _ careerpath.CatalogConcentrationStore = (*DB)(nil)

// UnreadConcentrations returns the entries with a CIP code whose name was
// never read for a concentration (concentration_cip NULL; "" is read,
// none), in id order: of one catalog, or of all when catalogID is 0.
func (db *DB) UnreadConcentrations(ctx context.Context, catalogID int64) ([]careerpath.UnreadConcentration, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT id, catalog_id, cip, institution, program, degree, format, city, country, description
		FROM catalog_entries WHERE coalesce(cip, '') <> '' AND concentration_cip IS NULL AND (? = 0 OR catalog_id = ?) ORDER BY id`,
		catalogID, catalogID)
	if err != nil {
		return nil, fmt.Errorf("read catalog entries without a concentration: %w", err)
	}
	defer rows.Close()
	var out []careerpath.UnreadConcentration
	for rows.Next() {
		var e careerpath.UnreadConcentration
		t := &e.Text
		if err := rows.Scan(&e.ID, &e.CatalogID, &e.CIP, &t.Institution, &t.Program, &t.Degree, &t.Format, &t.City, &t.Country, &t.Description); err != nil {
			return nil, fmt.Errorf("read catalog entries without a concentration: %w", err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// SetCatalogConcentrations stores the concentrations read in entries'
// names in one transaction, each only where the entry has none stored
// (NULL), so that one the classifier stored with its prediction is kept.
// "" is stored as read, none.
func (db *DB) SetCatalogConcentrations(ctx context.Context, concs []careerpath.CatalogConcentration) error {
	if len(concs) == 0 {
		return nil
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		known, err := programCIPCodes(ctx, tx)
		if err != nil {
			return err
		}
		stmt, err := tx.PrepareContext(ctx, `UPDATE catalog_entries SET concentration_cip = ? WHERE id = ? AND concentration_cip IS NULL`)
		if err != nil {
			return err
		}
		defer stmt.Close()
		for _, c := range concs {
			if err := careerpath.CheckCatalogConcentration(c, known); err != nil {
				return err
			}
			if _, err := stmt.ExecContext(ctx, c.CIP, c.EntryID); err != nil {
				return fmt.Errorf("store catalog concentration: %w", err)
			}
		}
		return nil
	})
}
