package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	careerpath "github.com/careerpath/careerpath"
)

var _ careerpath.OverrideService = (*DB)(nil)

// overrideColumns are read by scanOverride.
const overrideColumns = `version, program_id, career, relevance, cip, label_id, review_id, undo, editor, note, created_at`

func scanOverride(r pgx.Rows) (*careerpath.Override, error) {
	var o careerpath.Override
	if err := r.Scan(&o.Version, &o.ProgramID, &o.Career, &o.Relevance, &o.CIP, &o.LabelID, &o.ReviewID, &o.Undo,
		&o.Editor, &o.Note, &o.At); err != nil {
		return nil, fmt.Errorf("read finder override: %w", err)
	}
	o.At = o.At.UTC()
	return &o, nil
}

func readOverrides(ctx context.Context, q querier, sql string, args ...any) ([]*careerpath.Override, error) {
	rows, err := q.Query(ctx, sql, args...)
	if err != nil {
		return nil, fmt.Errorf("read finder overrides: %w", err)
	}
	defer rows.Close()
	out := []*careerpath.Override{}
	for rows.Next() {
		o, err := scanOverride(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// OverridesSince returns the override changes above version, oldest
// first. Versions are the log's ids, given in commit order: the log is
// written under a transaction lock (overrideLock), so a reader polling
// with the last version it saw never skips a change that commits later
// with a smaller id.
func (db *DB) OverridesSince(ctx context.Context, version int64) ([]*careerpath.Override, error) {
	out, err := readOverrides(ctx, db.pool, `SELECT `+overrideColumns+` FROM finder_overrides WHERE version > $1 ORDER BY version`, version)
	return out, storageError(err)
}

// overrideLock is the key of the transaction lock that writers of the
// override log hold until they commit ("ovrd"): ids are drawn and
// committed in one order.
const overrideLock = 0x6f767264

// logOverrides appends changes to the override log in tx, setting their
// versions, and announces them (careerpath.ChangeOverride) on commit.
func logOverrides(ctx context.Context, tx pgx.Tx, os []*careerpath.Override) error {
	if len(os) == 0 {
		return nil
	}
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(overrideLock)); err != nil {
		return err
	}
	for _, o := range os {
		err := tx.QueryRow(ctx, `INSERT INTO finder_overrides (program_id, career, relevance, cip, label_id, review_id, undo, editor, note, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING version`,
			o.ProgramID, o.Career, o.Relevance, o.CIP, o.LabelID, o.ReviewID, o.Undo, o.Editor, o.Note, o.At).Scan(&o.Version)
		if err != nil {
			return fmt.Errorf("store finder override: %w", err)
		}
	}
	return notifyTx(ctx, tx, careerpath.ChangeOverride)
}

// addOverrides logs what a decision changes in the finder
// (careerpath.DecisionOverrides), in the decision's transaction.
func addOverrides(ctx context.Context, tx pgx.Tx, it *careerpath.ReviewItem, l *careerpath.Label) error {
	return logOverrides(ctx, tx, careerpath.DecisionOverrides(it, l))
}

// inEffectSQL selects the overrides of a label that no later change for
// the same program and career replaced or withdrew.
const inEffectSQL = `SELECT ` + overrideColumns + ` FROM finder_overrides o WHERE o.label_id = $1 AND NOT o.undo
	AND NOT EXISTS (SELECT 1 FROM finder_overrides n WHERE n.program_id = o.program_id AND n.career = o.career AND n.version > o.version)
	ORDER BY o.version`

// decisionInEffect is a column of reviewItemSQL: whether some of the
// item's decision applies in the finder now.
const decisionInEffect = `EXISTS (SELECT 1 FROM finder_overrides o WHERE o.label_id = l.id AND NOT o.undo
	AND NOT EXISTS (SELECT 1 FROM finder_overrides n WHERE n.program_id = o.program_id AND n.career = o.career AND n.version > o.version))`

// UndoDecision withdraws from the finder what the decision on review item
// id set there, so that the computed relevance applies again: the label
// stays, and the item stays decided. ECONFLICT when nothing of the
// decision is in effect (undone already, replaced by a later decision, or
// a decision the finder does not apply). Two undoes at once take turns on
// the item's row: one withdraws, the other hears ECONFLICT.
func (db *DB) UndoDecision(ctx context.Context, id int64, editor, note string) ([]*careerpath.Override, error) {
	if err := careerpath.CheckUndo(editor, note); err != nil {
		return nil, err
	}
	var out []*careerpath.Override
	err := db.inTx(ctx, func(tx pgx.Tx) error {
		it, err := findReviewItem(ctx, tx, id, true)
		if err != nil {
			return err
		}
		if it.Label == nil {
			return careerpath.Errorf(careerpath.ECONFLICT, "Review item %d is not decided: there is nothing to undo.", id)
		}
		// Under the log's lock, so that a decision committing meanwhile
		// is seen.
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(overrideLock)); err != nil {
			return err
		}
		live, err := readOverrides(ctx, tx, inEffectSQL, it.Label.ID)
		if err != nil {
			return err
		}
		if len(live) == 0 {
			return careerpath.Errorf(careerpath.ECONFLICT, "Nothing of the decision on item %d is in effect in the finder: it was undone or replaced, or it is not one the finder applies.", id)
		}
		at := time.Now().UTC().Truncate(time.Second)
		for _, o := range live {
			u := *o
			u.Undo, u.Editor, u.Note, u.At = true, editor, note, at
			out = append(out, &u)
		}
		return logOverrides(ctx, tx, out)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
