package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	careerpath "github.com/careerpath/careerpath"
)

var _ careerpath.OverrideService = (*DB)(nil)

// overrideColumns are read by scanOverride.
const overrideColumns = `version, program_id, career, relevance, cip, label_id, review_id, undo, editor, note, created_at`

func scanOverride(r *sql.Rows) (*careerpath.Override, error) {
	var o careerpath.Override
	var at string
	if err := r.Scan(&o.Version, &o.ProgramID, &o.Career, &o.Relevance, &o.CIP, &o.LabelID, &o.ReviewID, &o.Undo,
		&o.Editor, &o.Note, &at); err != nil {
		return nil, fmt.Errorf("read finder override: %w", err)
	}
	o.At, _ = time.Parse(time.RFC3339, at)
	return &o, nil
}

// OverridesSince returns the override changes above version, oldest
// first. Versions are the log's ids: a reader that polls with the last
// version it saw gets every later change once, whatever process made it.
func (db *DB) OverridesSince(ctx context.Context, version int64) ([]*careerpath.Override, error) {
	out, err := readAll(ctx, db, "finder overrides", `SELECT `+overrideColumns+` FROM finder_overrides WHERE version > ? ORDER BY version`,
		[]any{version}, scanOverride)
	if out == nil && err == nil {
		out = []*careerpath.Override{}
	}
	return out, err
}

// addOverrides logs what a decision changes in the finder
// (careerpath.DecisionOverrides), in the decision's transaction.
func addOverrides(ctx context.Context, tx *sql.Tx, it *careerpath.ReviewItem, l *careerpath.Label) error {
	for _, o := range careerpath.DecisionOverrides(it, l) {
		_, err := tx.ExecContext(ctx, `INSERT INTO finder_overrides (program_id, career, relevance, cip, label_id, review_id, undo, editor, note, created_at)
			VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, ?)`, o.ProgramID, o.Career, o.Relevance, o.CIP, o.LabelID, o.ReviewID, o.Editor, o.Note, o.At.Format(time.RFC3339))
		if err != nil {
			return fmt.Errorf("store finder override: %w", err)
		}
	}
	return nil
}

// inEffectSQL selects the overrides of a label that no later change for
// the same program and career replaced or withdrew.
const inEffectSQL = `SELECT ` + overrideColumns + ` FROM finder_overrides o WHERE o.label_id = ? AND o.undo = 0
	AND NOT EXISTS (SELECT 1 FROM finder_overrides n WHERE n.program_id = o.program_id AND n.career = o.career AND n.version > o.version)
	ORDER BY o.version`

// UndoDecision withdraws from the finder what the decision on review item
// id set there, so that the computed relevance applies again: the label
// stays, as every label does, and the item stays decided. ECONFLICT when
// nothing of the decision is in effect (undone already, replaced by a
// later decision, or a decision the finder does not apply: a catalog
// entry's field of study, a held entry decided with a relevance only).
func (db *DB) UndoDecision(ctx context.Context, id int64, editor, note string) ([]*careerpath.Override, error) {
	if err := careerpath.CheckUndo(editor, note); err != nil {
		return nil, err
	}
	var out []*careerpath.Override
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		it, err := findReviewItem(ctx, tx, id)
		if err != nil {
			return err
		}
		if it.Label == nil {
			return careerpath.Errorf(careerpath.ECONFLICT, "Review item %d is not decided: there is nothing to undo.", id)
		}
		rows, err := tx.QueryContext(ctx, inEffectSQL, it.Label.ID)
		if err != nil {
			return fmt.Errorf("undo decision: %w", err)
		}
		var live []*careerpath.Override
		for rows.Next() {
			o, err := scanOverride(rows)
			if err != nil {
				rows.Close()
				return err
			}
			live = append(live, o)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if len(live) == 0 {
			return careerpath.Errorf(careerpath.ECONFLICT, "Nothing of the decision on item %d is in effect in the finder: it was undone or replaced, or it is not one the finder applies.", id)
		}
		at := time.Now().UTC().Truncate(time.Second)
		for _, o := range live {
			res, err := tx.ExecContext(ctx, `INSERT INTO finder_overrides (program_id, career, relevance, cip, label_id, review_id, undo, editor, note, created_at)
				VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?, ?)`, o.ProgramID, o.Career, o.Relevance, o.CIP, o.LabelID, o.ReviewID, editor, note, at.Format(time.RFC3339))
			if err != nil {
				return fmt.Errorf("undo decision: %w", err)
			}
			v, err := res.LastInsertId()
			if err != nil {
				return err
			}
			u := *o
			u.Version, u.Undo, u.Editor, u.Note, u.At = v, true, editor, note, at
			out = append(out, &u)
		}
		return nil
	})
	return out, err
}

// decisionInEffect is a column of reviewItemSQL: whether some of the
// item's decision applies in the finder now.
const decisionInEffect = `EXISTS (SELECT 1 FROM finder_overrides o WHERE o.label_id = l.id AND o.undo = 0
	AND NOT EXISTS (SELECT 1 FROM finder_overrides n WHERE n.program_id = o.program_id AND n.career = o.career AND n.version > o.version))`
