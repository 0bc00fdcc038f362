package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	careerpath "github.com/careerpath/careerpath"
)

var _ careerpath.ReviewService = (*DB)(nil)

// editorCIPStamp changes whenever an editor's decision sets the field of
// study of a catalog entry, which may change a program of the finder
// without changing the count or ids of the active entries: the catalog
// and finder stamps include it.
const editorCIPStamp = `(SELECT coalesce(max(l.id), 0) FROM review_labels l JOIN review_items r ON r.id = l.review_id
	WHERE l.cip <> '' AND r.catalog_entry_id IS NOT NULL)`

// queueHeldEntry opens a review item for a catalog entry the model just
// held, in the caller's transaction.
func queueHeldEntry(ctx context.Context, tx *sql.Tx, p careerpath.CatalogPrediction) error {
	reason, confidence := careerpath.HeldReason(p)
	_, err := tx.ExecContext(ctx, `INSERT INTO review_items (kind, status, catalog_entry_id, program_id, career,
			institution, program, degree, format, city, country, description, cip, confidence, model, reason, created_by, created_at)
		SELECT ?, ?, id, '', '', institution, program, degree, format, city, country, description, ?, ?, ?, ?, 'model', ?
		FROM catalog_entries WHERE id = ?
		ON CONFLICT DO NOTHING`,
		careerpath.ReviewHeld, careerpath.ReviewOpen, p.CIP, confidence, p.Model, reason, now(), p.EntryID)
	if err != nil {
		return fmt.Errorf("queue held catalog entry %d: %w", p.EntryID, err)
	}
	return nil
}

// queueHeldEntriesSQL opens an item for every held entry that has none
// open: run after a rebuild carried over catalogs from a database that
// predates the queue.
const queueHeldEntriesSQL = `INSERT INTO review_items (kind, status, catalog_entry_id, program_id, career, institution, program,
		degree, format, city, country, description, cip, confidence, model, reason, created_by, created_at)
	SELECT 'held', 'open', e.id, '', '', e.institution, e.program, e.degree, e.format, e.city, e.country, e.description,
		coalesce(e.cip, ''), CASE WHEN e.cip IS NOT NULL THEN e.confidence END, '', 'Held for review by the classifier.', 'model', ?
	FROM catalog_entries e
	WHERE e.status = 'held_for_review'
		AND NOT EXISTS (SELECT 1 FROM review_items r WHERE r.catalog_entry_id = e.id AND r.kind = 'held' AND r.status = 'open')
	ORDER BY e.id`

const reviewItemSQL = `SELECT r.id, r.kind, r.status, coalesce(r.catalog_entry_id, 0), r.program_id, r.career,
	r.institution, r.program, r.degree, r.format, r.city, r.country, r.description,
	r.cip, coalesce(c.title, ''), r.confidence, r.model, r.reason, r.created_by, r.created_at,
	l.id, l.cip, l.career, l.relevance, l.editor, l.note, l.created_at, ` + decisionInEffect + `
	FROM review_items r
	LEFT JOIN cip_codes c ON c.code = r.cip
	LEFT JOIN review_labels l ON l.review_id = r.id`

// FindReviewItems returns the items the filter selects: open ones oldest
// first, then decided ones most recently created first.
func (db *DB) FindReviewItems(ctx context.Context, f careerpath.ReviewFilter) ([]*careerpath.ReviewItem, error) {
	var where []string
	var args []any
	switch f.Status {
	case "":
	case careerpath.ReviewOpen, careerpath.ReviewDecided:
		where, args = append(where, "r.status = ?"), append(args, f.Status)
	default:
		return nil, careerpath.Errorf(careerpath.EINVALID, "Review status %q: want open or decided.", f.Status)
	}
	switch f.Kind {
	case "":
	case careerpath.ReviewHeld, careerpath.ReviewFlagged:
		where, args = append(where, "r.kind = ?"), append(args, f.Kind)
	default:
		return nil, careerpath.Errorf(careerpath.EINVALID, "Review kind %q: want held or flagged.", f.Kind)
	}
	if f.Career != "" {
		where, args = append(where, "r.career = ?"), append(args, f.Career)
	}
	if f.CIP != "" {
		where, args = append(where, "r.cip = ?"), append(args, f.CIP)
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
	default:
		return nil, careerpath.Errorf(careerpath.EINVALID, "Review sort %q: want oldest, newest or least-sure.", f.Sort)
	}
	limit := f.Limit
	switch {
	case limit == 0:
		limit = 100
	case limit < 0 || limit > 1000:
		return nil, careerpath.Errorf(careerpath.EINVALID, "Review limit %d: want 1 to 1000.", limit)
	}
	q := reviewItemSQL
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY " + order + " LIMIT ?"
	rows, err := db.read.QueryContext(ctx, q, append(args, limit)...)
	if err != nil {
		return nil, fmt.Errorf("find review items: %w", err)
	}
	defer rows.Close()
	out := []*careerpath.ReviewItem{}
	for rows.Next() {
		it, err := scanReviewItem(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, it)
	}
	return out, rows.Err()
}

// FindReviewItem returns one item, or ENOTFOUND.
func (db *DB) FindReviewItem(ctx context.Context, id int64) (*careerpath.ReviewItem, error) {
	return findReviewItem(ctx, db.read, id)
}

type rowQuerier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func findReviewItem(ctx context.Context, q rowQuerier, id int64) (*careerpath.ReviewItem, error) {
	it, err := scanReviewItem(q.QueryRowContext(ctx, reviewItemSQL+" WHERE r.id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, careerpath.Errorf(careerpath.ENOTFOUND, "No review item %d.", id)
	}
	return it, err
}

func scanReviewItem(s scanner) (*careerpath.ReviewItem, error) {
	var it careerpath.ReviewItem
	var created string
	var conf sql.NullFloat64
	var lid sql.NullInt64
	var lcip, lcareer, lrel, leditor, lnote, lat sql.NullString
	t := &it.Text
	if err := s.Scan(&it.ID, &it.Kind, &it.Status, &it.CatalogEntryID, &it.ProgramID, &it.Career,
		&t.Institution, &t.Program, &t.Degree, &t.Format, &t.City, &t.Country, &t.Description,
		&it.CIP, &it.CIPTitle, &conf, &it.Model, &it.Reason, &it.CreatedBy, &created,
		&lid, &lcip, &lcareer, &lrel, &leditor, &lnote, &lat, &it.InEffect); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, err
		}
		return nil, fmt.Errorf("read review item: %w", err)
	}
	it.CIPTitle = strings.TrimSuffix(it.CIPTitle, ".")
	it.CreatedAt, _ = time.Parse(time.RFC3339, created)
	if conf.Valid {
		it.Confidence = &conf.Float64
	}
	if lid.Valid {
		l := &careerpath.Label{ID: lid.Int64, ReviewID: it.ID, Text: it.Text, CIP: lcip.String, Career: lcareer.String,
			Relevance: lrel.String, Editor: leditor.String, Note: lnote.String}
		l.CreatedAt, _ = time.Parse(time.RFC3339, lat.String)
		it.Label = l
	}
	return &it, nil
}

// FlagProgram queues a program of the finder for review for a career. The
// id is the finder's: an IPEDS program's, or CatalogProgramIDBase plus a
// catalog entry's for an active catalog program.
func (db *DB) FlagProgram(ctx context.Context, programID, career, reason, editor string) (*careerpath.ReviewItem, error) {
	f, err := careerpath.ParseFlag(programID, career, reason, editor)
	if err != nil {
		return nil, err
	}
	id, career, reason, editor := f.ProgramID, f.Career, f.Reason, f.Editor
	pid := strconv.FormatInt(id, 10)
	var itemID int64
	err = db.inTx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `SELECT id FROM review_items WHERE kind = 'flagged' AND status = 'open' AND program_id = ? AND career = ?`,
			pid, career).Scan(&itemID)
		if err == nil {
			return nil // already queued: the first flag stands
		} else if !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("flag program: %w", err)
		}
		var src string
		var args []any
		if id > CatalogProgramIDBase {
			src = `SELECT id, institution, program, degree, format, city, country, description, cip, confidence
				FROM catalog_entries WHERE id = ? AND status = 'active'`
			args = []any{id - CatalogProgramIDBase}
		} else {
			// An IPEDS program's degree is its award level's name, as the
			// finder shows it.
			src = `SELECT NULL, i.name, p.name, ?, '', i.city, 'US', '', p.cip, 1.0
				FROM programs p JOIN institutions i ON i.unitid = p.unitid WHERE p.id = ?`
			args = []any{"", id}
			var award int
			if err := tx.QueryRowContext(ctx, `SELECT award FROM programs WHERE id = ?`, id).Scan(&award); err == nil {
				if l, ok := careerpath.FindAwardLevel(award); ok {
					args[0] = l.Name
				}
			}
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO review_items (kind, status, catalog_entry_id, institution, program, degree, format,
				city, country, description, cip, confidence, program_id, career, model, reason, created_by, created_at)
			SELECT 'flagged', 'open', *, ?, ?, '', ?, ?, ? FROM (`+src+`)`,
			append([]any{pid, career, reason, editor, now()}, args...)...)
		if err != nil {
			return fmt.Errorf("flag program: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return careerpath.Errorf(careerpath.ENOTFOUND, "No program %d in the finder.", id)
		}
		itemID, err = res.LastInsertId()
		return err
	})
	if err != nil {
		return nil, err
	}
	return db.FindReviewItem(ctx, itemID)
}

// Decide stores an editor's decision on an item as a label and closes the
// item, in one transaction on the writer connection, so that two editors
// deciding the same item at once get one label and one ECONFLICT. A field
// of study decided for a catalog entry (held or flagged) becomes the
// entry's code, with source careerpath.CIPSourceEditor, and makes a held
// entry active. A held entry decided with a relevance only stays out of
// the finder: the editor has judged it, but it still has no field of
// study to be found by.
func (db *DB) Decide(ctx context.Context, id int64, d careerpath.Decision) (*careerpath.Label, error) {
	if err := d.Normalize(); err != nil {
		return nil, err
	}
	var label *careerpath.Label
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		it, err := findReviewItem(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := d.Apply(it, func() (map[string]bool, error) { return programCIPCodes(ctx, tx) }); err != nil {
			return err
		}
		at := time.Now().UTC().Truncate(time.Second)
		res, err := tx.ExecContext(ctx, `INSERT INTO review_labels (review_id, institution, program, degree, format, city, country,
				description, cip, career, relevance, editor, note, created_at)
			SELECT id, institution, program, degree, format, city, country, description, ?, ?, ?, ?, ?, ?
			FROM review_items WHERE id = ?`,
			d.CIP, d.Career, d.Relevance, d.Editor, d.Note, at.Format(time.RFC3339), id)
		if err != nil {
			return fmt.Errorf("store label: %w", err)
		}
		lid, err := res.LastInsertId()
		if err != nil {
			return err
		}
		res, err = tx.ExecContext(ctx, `UPDATE review_items SET status = 'decided' WHERE id = ? AND status = 'open'`, id)
		if err != nil {
			return fmt.Errorf("close review item: %w", err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return careerpath.Errorf(careerpath.ECONFLICT, "Review item %d was already decided.", id)
		}
		if d.CIP != "" && it.CatalogEntryID != 0 {
			if _, err := tx.ExecContext(ctx, `UPDATE catalog_entries SET cip = ?, cip_source = ?, confidence = 1, status = ? WHERE id = ?`,
				d.CIP, careerpath.CIPSourceEditor, careerpath.CatalogActive, it.CatalogEntryID); err != nil {
				return fmt.Errorf("set catalog entry's field of study: %w", err)
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

// FindLabels returns every label, oldest first.
func (db *DB) FindLabels(ctx context.Context) ([]*careerpath.Label, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT id, coalesce(review_id, 0), institution, program, degree, format, city, country,
		description, cip, career, relevance, editor, note, created_at FROM review_labels ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("find labels: %w", err)
	}
	defer rows.Close()
	out := []*careerpath.Label{}
	for rows.Next() {
		var l careerpath.Label
		var at string
		t := &l.Text
		if err := rows.Scan(&l.ID, &l.ReviewID, &t.Institution, &t.Program, &t.Degree, &t.Format, &t.City, &t.Country,
			&t.Description, &l.CIP, &l.Career, &l.Relevance, &l.Editor, &l.Note, &at); err != nil {
			return nil, fmt.Errorf("find labels: %w", err)
		}
		l.CreatedAt, _ = time.Parse(time.RFC3339, at)
		out = append(out, &l)
	}
	return out, rows.Err()
}
