package postgres

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	careerpath "github.com/careerpath/careerpath"
)

var _ careerpath.ReviewService = (*DB)(nil)

// reviewItemSQL reads items with their labels; the CIP title comes from
// the open data afterwards (addItemTitles).
const reviewItemSQL = `SELECT r.id, r.kind, r.status, coalesce(r.catalog_entry_id, 0), r.program_id, r.career,
	r.institution, r.program, r.degree, r.format, r.city, r.country, r.description,
	r.cip, r.confidence, r.model, r.reason, r.created_by, r.created_at,
	l.id, l.cip, l.career, l.relevance, l.editor, l.note, l.created_at, ` + decisionInEffect + `
	FROM review_items r
	LEFT JOIN review_labels l ON l.review_id = r.id`

// FindReviewItems returns the items the filter selects: open ones oldest
// first, then decided ones most recently created first (see
// careerpath.ReviewFilter for the other orders).
func (db *DB) FindReviewItems(ctx context.Context, f careerpath.ReviewFilter) ([]*careerpath.ReviewItem, error) {
	var where []string
	var args []any
	arg := func(cond string, v any) {
		args = append(args, v)
		where = append(where, fmt.Sprintf(cond, len(args)))
	}
	if err := f.Normalize(); err != nil {
		return nil, err
	}
	if f.Status != "" {
		arg("r.status = $%d", f.Status)
	}
	if f.Kind != "" {
		arg("r.kind = $%d", f.Kind)
	}
	if f.Career != "" {
		arg("r.career = $%d", f.Career)
	}
	if f.CIP != "" {
		arg("r.cip = $%d", f.CIP)
	}
	order := "r.status = 'decided', CASE WHEN r.status = 'open' THEN r.id ELSE -r.id END"
	switch f.Sort {
	case "":
	case careerpath.ReviewOldest:
		order = "r.id"
	case careerpath.ReviewNewest:
		order = "r.id DESC"
	case careerpath.ReviewLeastSure:
		order = "r.confidence IS NOT NULL, r.confidence, r.id"
	}
	limit := f.Limit
	q := reviewItemSQL
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	args = append(args, limit)
	q += fmt.Sprintf(" ORDER BY %s LIMIT $%d", order, len(args))
	out := []*careerpath.ReviewItem{}
	err := db.inReadTx(ctx, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, q, args...)
		if err != nil {
			return fmt.Errorf("find review items: %w", err)
		}
		for rows.Next() {
			it, err := scanReviewItem(rows)
			if err != nil {
				rows.Close()
				return err
			}
			out = append(out, it)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("find review items: %w", err)
		}
		return addItemTitles(ctx, tx, out)
	})
	return out, err
}

func addItemTitles(ctx context.Context, tx pgx.Tx, items []*careerpath.ReviewItem) error {
	var codes []string
	for _, it := range items {
		if it.CIP != "" {
			codes = append(codes, it.CIP)
		}
	}
	titles, err := cipTitlesOf(ctx, tx, codes)
	if err != nil {
		return err
	}
	for _, it := range items {
		it.CIPTitle = titles[it.CIP]
	}
	return nil
}

// FindReviewItem returns one item, or ENOTFOUND.
func (db *DB) FindReviewItem(ctx context.Context, id int64) (*careerpath.ReviewItem, error) {
	var it *careerpath.ReviewItem
	err := db.inReadTx(ctx, func(tx pgx.Tx) error {
		var err error
		it, err = findReviewItem(ctx, tx, id, false)
		return err
	})
	return it, err
}

// findReviewItem reads item id in tx; lock takes its row for the rest of
// the transaction, so that two editors deciding it at once take turns.
func findReviewItem(ctx context.Context, tx pgx.Tx, id int64, lock bool) (*careerpath.ReviewItem, error) {
	q := reviewItemSQL + " WHERE r.id = $1"
	if lock {
		q += " FOR UPDATE OF r"
	}
	it, err := scanReviewItem(tx.QueryRow(ctx, q, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, careerpath.Errorf(careerpath.ENOTFOUND, "No review item %d.", id)
	} else if err != nil {
		return nil, err
	}
	return it, addItemTitles(ctx, tx, []*careerpath.ReviewItem{it})
}

func scanReviewItem(s pgx.Row) (*careerpath.ReviewItem, error) {
	var it careerpath.ReviewItem
	var lid *int64
	var lcip, lcareer, lrel, leditor, lnote *string
	var lat *time.Time
	t := &it.Text
	if err := s.Scan(&it.ID, &it.Kind, &it.Status, &it.CatalogEntryID, &it.ProgramID, &it.Career,
		&t.Institution, &t.Program, &t.Degree, &t.Format, &t.City, &t.Country, &t.Description,
		&it.CIP, &it.Confidence, &it.Model, &it.Reason, &it.CreatedBy, &it.CreatedAt,
		&lid, &lcip, &lcareer, &lrel, &leditor, &lnote, &lat, &it.InEffect); err != nil {
		if errors.Is(err, pgx.ErrNoRows) {
			return nil, err
		}
		return nil, fmt.Errorf("read review item: %w", err)
	}
	it.CreatedAt = it.CreatedAt.UTC()
	if lid != nil {
		it.Label = &careerpath.Label{ID: *lid, ReviewID: it.ID, Text: it.Text, CIP: *lcip, Career: *lcareer,
			Relevance: *lrel, Editor: *leditor, Note: *lnote, CreatedAt: lat.UTC()}
	}
	return &it, nil
}

// FlagProgram queues a program of the finder for review for a career. The
// id is the finder's: an IPEDS program's (read from the open-data release
// that serves), or careerpath.CatalogProgramIDBase plus a catalog entry's
// for an active catalog program. Flagging one already open for the career
// returns that item: two editors flagging it at once make one item.
func (db *DB) FlagProgram(ctx context.Context, programID, career, reason, editor string) (*careerpath.ReviewItem, error) {
	f, err := careerpath.ParseFlag(programID, career, reason, editor)
	if err != nil {
		return nil, err
	}
	pid := strconv.FormatInt(f.ProgramID, 10)
	var it *careerpath.ReviewItem
	err = db.inTx(ctx, func(tx pgx.Tx) error {
		var src string
		var args []any
		if f.ProgramID > careerpath.CatalogProgramIDBase {
			src = `SELECT id, institution, program, degree, format, city, country, description, cip, confidence
				FROM catalog_entries WHERE id = $6 AND status = 'active'`
			args = []any{f.ProgramID - careerpath.CatalogProgramIDBase}
		} else {
			// An IPEDS program's degree is its award level's name, as the
			// finder shows it.
			q, ok, err := withData(ctx, tx, `SELECT award FROM {data}.programs WHERE id = $1`)
			if err != nil {
				return err
			}
			var award int
			if ok {
				err = tx.QueryRow(ctx, q, f.ProgramID).Scan(&award)
			}
			if !ok || errors.Is(err, pgx.ErrNoRows) {
				return careerpath.Errorf(careerpath.ENOTFOUND, "No program %d in the finder.", f.ProgramID)
			} else if err != nil {
				return fmt.Errorf("flag program: %w", err)
			}
			degree := ""
			if l, ok := careerpath.FindAwardLevel(award); ok {
				degree = l.Name
			}
			src, _, _ = withData(ctx, tx, `SELECT NULL::bigint, i.name, p.name, $7, '', i.city, 'US', '', p.cip, 1.0::double precision
				FROM {data}.programs p JOIN {data}.institutions i ON i.unitid = p.unitid WHERE p.id = $6`)
			args = []any{f.ProgramID, degree}
		}
		var id int64
		err := tx.QueryRow(ctx, `INSERT INTO review_items (kind, status, catalog_entry_id, institution, program, degree, format,
				city, country, description, cip, confidence, program_id, career, model, reason, created_by, created_at)
			SELECT 'flagged', 'open', s.*, $1, $2, '', $3, $4, $5 FROM (`+src+`) s
			ON CONFLICT (program_id, career) WHERE kind = 'flagged' AND status = 'open' DO NOTHING
			RETURNING id`,
			append([]any{pid, f.Career, f.Reason, f.Editor, time.Now().UTC().Truncate(time.Second)}, args...)...).Scan(&id)
		if errors.Is(err, pgx.ErrNoRows) {
			// Already queued, the first flag stands; or no such program.
			err = tx.QueryRow(ctx, `SELECT id FROM review_items WHERE kind = 'flagged' AND status = 'open' AND program_id = $1 AND career = $2`,
				pid, f.Career).Scan(&id)
			if errors.Is(err, pgx.ErrNoRows) {
				return careerpath.Errorf(careerpath.ENOTFOUND, "No program %d in the finder.", f.ProgramID)
			}
		}
		if err != nil {
			return fmt.Errorf("flag program: %w", err)
		}
		it, err = findReviewItem(ctx, tx, id, false)
		return err
	})
	return it, err
}

// Decide stores an editor's decision on an item as a label and closes the
// item, in one transaction holding the item's row, so that two editors
// deciding the same item at once get one label and one ECONFLICT. A field
// of study decided for a catalog entry (held or flagged) becomes the
// entry's code, with source careerpath.CIPSourceEditor, and makes a held
// entry active. What the decision changes in the finder is logged as
// overrides and announced to every replica (careerpath.ChangeOverride,
// and careerpath.ChangeCatalog when an entry's field of study changed).
func (db *DB) Decide(ctx context.Context, id int64, d careerpath.Decision) (*careerpath.Label, error) {
	if err := d.Normalize(); err != nil {
		return nil, err
	}
	var label *careerpath.Label
	err := db.inTx(ctx, func(tx pgx.Tx) error {
		it, err := findReviewItem(ctx, tx, id, true)
		if err != nil {
			return err
		}
		if err := d.Apply(it, func() (map[string]bool, error) { return programCIPCodes(ctx, tx) }); err != nil {
			return err
		}
		at := time.Now().UTC().Truncate(time.Second)
		var lid int64
		err = tx.QueryRow(ctx, `INSERT INTO review_labels (review_id, institution, program, degree, format, city, country,
				description, cip, career, relevance, editor, note, created_at)
			SELECT id, institution, program, degree, format, city, country, description, $1, $2, $3, $4, $5, $6
			FROM review_items WHERE id = $7 RETURNING id`,
			d.CIP, d.Career, d.Relevance, d.Editor, d.Note, at, id).Scan(&lid)
		if err != nil {
			return fmt.Errorf("store label: %w", err)
		}
		if _, err := tx.Exec(ctx, `UPDATE review_items SET status = 'decided' WHERE id = $1`, id); err != nil {
			return fmt.Errorf("close review item: %w", err)
		}
		if d.CIP != "" && it.CatalogEntryID != 0 {
			if _, err := tx.Exec(ctx, `UPDATE catalog_entries SET cip = $1, cip_source = $2, confidence = 1, status = $3 WHERE id = $4`,
				d.CIP, careerpath.CIPSourceEditor, careerpath.CatalogActive, it.CatalogEntryID); err != nil {
				return fmt.Errorf("set catalog entry's field of study: %w", err)
			}
			if err := notifyTx(ctx, tx, careerpath.ChangeCatalog); err != nil {
				return err
			}
		}
		label = &careerpath.Label{ID: lid, ReviewID: id, Text: it.Text, CIP: d.CIP, Career: d.Career, Relevance: d.Relevance,
			Editor: d.Editor, Note: d.Note, CreatedAt: at}
		return addOverrides(ctx, tx, it, label)
	})
	if err != nil {
		return nil, err
	}
	return label, nil
}

// FindLabels returns every label, oldest first: what a retrain learns
// from (lifecycle.RetrainStore).
func (db *DB) FindLabels(ctx context.Context) ([]*careerpath.Label, error) {
	rows, err := db.pool.Query(ctx, `SELECT id, coalesce(review_id, 0), institution, program, degree, format, city, country,
		description, cip, career, relevance, editor, note, created_at FROM review_labels ORDER BY id`)
	if err != nil {
		return nil, storageError(fmt.Errorf("find labels: %w", err))
	}
	defer rows.Close()
	out := []*careerpath.Label{}
	for rows.Next() {
		var l careerpath.Label
		t := &l.Text
		if err := rows.Scan(&l.ID, &l.ReviewID, &t.Institution, &t.Program, &t.Degree, &t.Format, &t.City, &t.Country,
			&t.Description, &l.CIP, &l.Career, &l.Relevance, &l.Editor, &l.Note, &l.CreatedAt); err != nil {
			return nil, storageError(fmt.Errorf("find labels: %w", err))
		}
		l.CreatedAt = l.CreatedAt.UTC()
		out = append(out, &l)
	}
	return out, storageError(rows.Err())
}
