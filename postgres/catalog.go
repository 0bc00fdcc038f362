package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	careerpath "github.com/careerpath/careerpath"
)

var (
	_ careerpath.CatalogService         = (*DB)(nil)
	_ careerpath.CatalogPredictionStore = (*DB)(nil)
)

// rowQuerier is the pool or a transaction.
type rowQuerier interface {
	querier
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// withData returns q with "{data}." replaced by the schema of the open-data
// release that serves (data_release), read through q's connection; ok is
// false before the first import, when there is no release to read.
func withData(ctx context.Context, db rowQuerier, q string) (_ string, ok bool, err error) {
	// data_release comes with the open-data import's migration; a query
	// of a table that is not there would abort the caller's transaction.
	var schema *string
	err = db.QueryRow(ctx, `SELECT CASE WHEN to_regclass('data_release') IS NOT NULL THEN '' END`).Scan(&schema)
	if err != nil || schema == nil {
		return "", false, err
	}
	err = db.QueryRow(ctx, `SELECT schema_name FROM data_release`).Scan(&schema)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", false, nil // no import yet
	} else if err != nil {
		return "", false, err
	}
	return strings.ReplaceAll(q, "{data}.", pgx.Identifier{*schema}.Sanitize()+"."), true, nil
}

// ImportCatalog stores a provider catalog in one transaction: all of it or,
// on any error, nothing. Entries with a CIP code are active at once; the
// others wait for the classifier. An existing catalog of the same name is
// an ECONFLICT error unless imp.Replace is set, in which case its entries
// are replaced in the same transaction. Imports of one name take turns
// (the name's row is locked), and the import is announced to every
// replica (careerpath.ChangeCatalog) when it commits.
func (db *DB) ImportCatalog(ctx context.Context, imp careerpath.CatalogImport) (*careerpath.Catalog, error) {
	if err := careerpath.ValidateCatalogImport(imp); err != nil {
		return nil, err
	}
	cat := &careerpath.Catalog{
		Name: imp.Name, SourceFile: imp.SourceFile, ImportedBy: imp.ImportedBy,
		ImportedAt: time.Now().UTC().Truncate(time.Second), Entries: len(imp.Entries),
	}
	err := db.inTx(ctx, func(tx pgx.Tx) error {
		// Two imports of a new name at once: the second waits here, then
		// finds the first's row.
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1, hashtext($2))`, int32(catalogLockClass), imp.Name); err != nil {
			return err
		}
		var oldID int64
		var oldAt time.Time
		err := tx.QueryRow(ctx, `SELECT id, entries, imported_at FROM catalogs WHERE name = $1`, imp.Name).Scan(&oldID, &cat.Replaced, &oldAt)
		switch {
		case errors.Is(err, pgx.ErrNoRows):
			cat.Replaced = 0
		case err != nil:
			return fmt.Errorf("import catalog: %w", err)
		case !imp.Replace:
			return careerpath.Errorf(careerpath.ECONFLICT, "A catalog named %q was imported on %s with %d entries; choose another name, or replace it.",
				imp.Name, oldAt.UTC().Format(time.RFC3339), cat.Replaced)
		default:
			if _, err := tx.Exec(ctx, `DELETE FROM catalogs WHERE id = $1`, oldID); err != nil {
				return fmt.Errorf("replace catalog: %w", err)
			}
		}
		known, err := programCIPCodes(ctx, tx)
		if err != nil {
			return err
		}
		if cat.WithCIP, cat.WithoutCIP, err = careerpath.CountCatalogEntries(imp, known); err != nil {
			return err
		}
		err = tx.QueryRow(ctx, `INSERT INTO catalogs (name, source_file, imported_at, imported_by, entries, with_cip, without_cip)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
			cat.Name, cat.SourceFile, cat.ImportedAt, cat.ImportedBy, cat.Entries, cat.WithCIP, cat.WithoutCIP).Scan(&cat.ID)
		if err != nil {
			return fmt.Errorf("import catalog: %w", err)
		}
		cols := []string{"catalog_id", "line", "institution", "program", "degree", "award", "format", "city", "region", "country",
			"duration_years", "tuition", "currency", "url", "description", "cip", "cip_source", "confidence", "status"}
		_, err = tx.CopyFrom(ctx, pgx.Identifier{"catalog_entries"}, cols, pgx.CopyFromSlice(len(imp.Entries), func(i int) ([]any, error) {
			e := imp.Entries[i]
			var cip, source, confidence any
			status := careerpath.CatalogPendingModel
			if e.CIP != "" {
				cip, source, confidence, status = e.CIP, careerpath.CIPSourceCatalog, 1.0, careerpath.CatalogActive
			}
			return []any{cat.ID, e.Line, e.Institution, e.Program, e.Degree, e.Award, e.Format, e.City, e.Region, e.Country,
				e.DurationYears, e.Tuition, e.Currency, e.URL, e.Description, cip, source, confidence, status}, nil
		}))
		if err != nil {
			return fmt.Errorf("import catalog %q: %w", imp.Name, err)
		}
		return notifyTx(ctx, tx, careerpath.ChangeCatalog)
	})
	if err != nil {
		return nil, err
	}
	cat.PendingModel = cat.WithoutCIP
	return cat, nil
}

// catalogLockClass is the first key of the transaction locks that
// serialise imports of one catalog name ("ctlg").
const catalogLockClass = 0x63746c67

// ProgramCIPCodes returns the 6-digit CIP 2020 codes in use, of the
// open-data release that serves: those of programs, without the codes
// deleted or moved away since CIP 2010. None before the first import.
func (db *DB) ProgramCIPCodes(ctx context.Context) (map[string]bool, error) {
	codes, err := programCIPCodes(ctx, db.pool)
	return codes, storageError(err)
}

func programCIPCodes(ctx context.Context, q rowQuerier) (map[string]bool, error) {
	out := map[string]bool{}
	sql, ok, err := withData(ctx, q, `SELECT code FROM {data}.cip_codes WHERE length(code) = 7 AND action NOT IN ('Deleted', 'Moved from')`)
	if err != nil || !ok {
		return out, err
	}
	rows, err := q.Query(ctx, sql)
	if err != nil {
		return nil, fmt.Errorf("read CIP codes: %w", err)
	}
	codes, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("read CIP codes: %w", err)
	}
	for _, c := range codes {
		out[c] = true
	}
	return out, nil
}

// cipTitlesOf returns the titles of the codes, from the release that
// serves, without their final period; none before the first import.
func cipTitlesOf(ctx context.Context, q rowQuerier, codes []string) (map[string]string, error) {
	out := map[string]string{}
	if len(codes) == 0 {
		return out, nil
	}
	sql, ok, err := withData(ctx, q, `SELECT code, title FROM {data}.cip_codes WHERE code = ANY($1)`)
	if err != nil || !ok {
		return out, err
	}
	rows, err := q.Query(ctx, sql, codes)
	if err != nil {
		return nil, fmt.Errorf("read CIP titles: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var code, title string
		if err := rows.Scan(&code, &title); err != nil {
			return nil, fmt.Errorf("read CIP titles: %w", err)
		}
		out[code] = strings.TrimSuffix(title, ".")
	}
	return out, rows.Err()
}

// Catalogs lists the imported catalogs, newest first.
func (db *DB) Catalogs(ctx context.Context) ([]*careerpath.Catalog, error) {
	rows, err := db.pool.Query(ctx, `SELECT c.id, c.name, c.source_file, c.imported_at, c.imported_by, c.entries, c.with_cip, c.without_cip,
			count(e.id) FILTER (WHERE e.status = 'active' AND e.cip_source = 'model'),
			count(e.id) FILTER (WHERE e.status = 'held_for_review'),
			count(e.id) FILTER (WHERE e.status = 'pending_model')
		FROM catalogs c LEFT JOIN catalog_entries e ON e.catalog_id = c.id
		GROUP BY c.id ORDER BY c.imported_at DESC, c.id DESC`)
	if err != nil {
		return nil, storageError(fmt.Errorf("list catalogs: %w", err))
	}
	out := []*careerpath.Catalog{}
	defer rows.Close()
	for rows.Next() {
		var c careerpath.Catalog
		if err := rows.Scan(&c.ID, &c.Name, &c.SourceFile, &c.ImportedAt, &c.ImportedBy, &c.Entries, &c.WithCIP, &c.WithoutCIP,
			&c.Classified, &c.HeldForReview, &c.PendingModel); err != nil {
			return nil, storageError(fmt.Errorf("list catalogs: %w", err))
		}
		c.ImportedAt = c.ImportedAt.UTC()
		out = append(out, &c)
	}
	return out, storageError(rows.Err())
}

const catalogProgramSQL = `SELECT e.id, c.name, e.institution, e.program, e.degree, e.award, e.format, e.city, e.region, e.country,
	e.duration_years, e.tuition, e.currency, e.url, e.cip, coalesce(e.cip_source, ''), coalesce(e.confidence, 0),
	coalesce(e.concentration_cip, '')
	FROM catalog_entries e JOIN catalogs c ON c.id = e.catalog_id
	WHERE e.status = 'active'`

// EachCatalogProgram calls fn with every active catalog entry as a
// program, in id order, as package sqlite does: ID is
// careerpath.CatalogProgramIDBase plus the entry's id, Source the
// catalog's name, and Institution carries the entry's institution name,
// city, region (as State) and country, with UnitID 0; CIPTitle is the
// title in the release that serves. Entries waiting for the classifier or
// an editor are left out. The rows are read in one transaction, so fn
// sees one state of the catalogs.
func (db *DB) EachCatalogProgram(ctx context.Context, fn func(*careerpath.Program) error) error {
	return db.inReadTx(ctx, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, catalogProgramSQL+" ORDER BY e.id")
		if err != nil {
			return fmt.Errorf("read catalog programs: %w", err)
		}
		var ps []*careerpath.Program
		for rows.Next() {
			p, err := scanCatalogProgram(rows)
			if err != nil {
				rows.Close()
				return err
			}
			ps = append(ps, p)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("read catalog programs: %w", err)
		}
		if err := addCIPTitles(ctx, tx, ps); err != nil {
			return err
		}
		for _, p := range ps {
			if err := fn(p); err != nil {
				return err
			}
		}
		return nil
	})
}

// CatalogProgram returns the active catalog entry with the program id
// (careerpath.CatalogProgramIDBase plus the entry id), or ENOTFOUND.
func (db *DB) CatalogProgram(ctx context.Context, id int64) (*careerpath.Program, error) {
	var p *careerpath.Program
	err := db.inReadTx(ctx, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, catalogProgramSQL+" AND e.id = $1", id-careerpath.CatalogProgramIDBase)
		if err != nil {
			return fmt.Errorf("read catalog program: %w", err)
		}
		defer rows.Close()
		if !rows.Next() {
			if err := rows.Err(); err != nil {
				return fmt.Errorf("read catalog program: %w", err)
			}
			return careerpath.Errorf(careerpath.ENOTFOUND, "No program %d.", id)
		}
		if p, err = scanCatalogProgram(rows); err != nil {
			return err
		}
		rows.Close()
		return addCIPTitles(ctx, tx, []*careerpath.Program{p})
	})
	return p, err
}

func addCIPTitles(ctx context.Context, tx pgx.Tx, ps []*careerpath.Program) error {
	seen := map[string]bool{}
	var codes []string
	for _, p := range ps {
		if !seen[p.CIP] {
			seen[p.CIP] = true
			codes = append(codes, p.CIP)
		}
	}
	titles, err := cipTitlesOf(ctx, tx, codes)
	if err != nil {
		return err
	}
	for _, p := range ps {
		p.CIPTitle = titles[p.CIP]
	}
	return nil
}

func scanCatalogProgram(rows pgx.Rows) (*careerpath.Program, error) {
	var p careerpath.Program
	var degree string
	var award int
	var cip *string
	in := &p.Institution
	if err := rows.Scan(&p.ID, &p.Source, &in.Name, &p.Name, &degree, &award, &p.Format, &in.City, &in.State, &in.Country,
		&p.DurationYears, &p.Tuition, &p.TuitionCurrency, &p.URL, &cip, &p.CIPSource, &p.CIPConfidence, &p.ConcentrationCIP); err != nil {
		return nil, fmt.Errorf("read catalog program: %w", err)
	}
	p.ID += careerpath.CatalogProgramIDBase
	if cip != nil {
		p.CIP = *cip
	}
	var ok bool
	if p.Award, ok = careerpath.FindAwardLevel(award); !ok {
		p.Award = careerpath.AwardLevel{Name: degree}
	}
	return &p, nil
}

// CatalogStamp returns a cheap summary of the catalogs and their active
// entries that changes whenever an import, a replacement, a deletion, a
// classification, a concentration read or an editor's decision changes
// what the finder holds (search.CatalogStamper): a replica polls it, and
// is also told at once by a change notification (careerpath.ChangeCatalog).
func (db *DB) CatalogStamp(ctx context.Context) (string, error) {
	var s string
	err := db.pool.QueryRow(ctx, `SELECT
		(SELECT count(*) || ':' || coalesce(max(id), 0) FROM catalogs) || ':' ||
		(SELECT count(*) || ':' || coalesce(max(id), 0) || ':' || count(nullif(concentration_cip, '')) FROM catalog_entries WHERE status = 'active') || ':' ||
		(SELECT coalesce(max(l.id), 0) FROM review_labels l JOIN review_items r ON r.id = l.review_id
			WHERE l.cip <> '' AND r.catalog_entry_id IS NOT NULL)`).Scan(&s)
	if err != nil {
		return "", storageError(fmt.Errorf("catalog stamp: %w", err))
	}
	return s, nil
}

// PendingCatalogEntries returns the entries waiting for the classifier, in
// id order: of one catalog, or of all when catalogID is 0.
func (db *DB) PendingCatalogEntries(ctx context.Context, catalogID int64) ([]careerpath.PendingCatalogEntry, error) {
	rows, err := db.pool.Query(ctx, `SELECT id, catalog_id, institution, program, degree, format, city, country, description
		FROM catalog_entries WHERE status = $1 AND ($2 = 0 OR catalog_id = $2) ORDER BY id`,
		careerpath.CatalogPendingModel, catalogID)
	if err != nil {
		return nil, storageError(fmt.Errorf("read pending catalog entries: %w", err))
	}
	defer rows.Close()
	var out []careerpath.PendingCatalogEntry
	for rows.Next() {
		var e careerpath.PendingCatalogEntry
		t := &e.Text
		if err := rows.Scan(&e.ID, &e.CatalogID, &t.Institution, &t.Program, &t.Degree, &t.Format, &t.City, &t.Country, &t.Description); err != nil {
			return nil, storageError(fmt.Errorf("read pending catalog entries: %w", err))
		}
		out = append(out, e)
	}
	return out, storageError(rows.Err())
}

// SetCatalogPredictions stores the classifier's fields of study in one
// transaction. Only entries still pending are changed, so that a
// prediction never overwrites a provider's code or an editor's decision
// made meanwhile (two replicas classifying the same entries at once: the
// second changes nothing). A held entry joins the review queue in the same
// transaction. Active predictions are announced (careerpath.ChangeCatalog).
func (db *DB) SetCatalogPredictions(ctx context.Context, preds []careerpath.CatalogPrediction) error {
	if len(preds) == 0 {
		return nil
	}
	return db.inTx(ctx, func(tx pgx.Tx) error {
		known, err := programCIPCodes(ctx, tx)
		if err != nil {
			return err
		}
		for _, p := range preds {
			if err := careerpath.CheckCatalogPrediction(p, known); err != nil {
				return err
			}
		}
		at := time.Now().UTC().Truncate(time.Second)
		var b pgx.Batch
		for _, p := range preds {
			var cip, source, conc any
			if p.CIP != "" {
				cip, source = p.CIP, careerpath.CIPSourceModel
			}
			if p.ConcentrationCIP != "" {
				conc = p.ConcentrationCIP
			}
			if p.Status != careerpath.CatalogHeldForReview {
				b.Queue(`UPDATE catalog_entries SET cip = $1, cip_source = $2, confidence = $3, status = $4, concentration_cip = $5
					WHERE id = $6 AND status = $7`, cip, source, p.Confidence, p.Status, conc, p.EntryID, careerpath.CatalogPendingModel)
				continue
			}
			reason, confidence := careerpath.HeldReason(p)
			b.Queue(`WITH e AS (
					UPDATE catalog_entries SET cip = $1, cip_source = $2, confidence = $3, status = $4, concentration_cip = $5
					WHERE id = $6 AND status = $7
					RETURNING id, institution, program, degree, format, city, country, description)
				INSERT INTO review_items (kind, status, catalog_entry_id, program_id, career,
					institution, program, degree, format, city, country, description, cip, confidence, model, reason, created_by, created_at)
				SELECT 'held', 'open', id, '', '', institution, program, degree, format, city, country, description, $8, $9, $10, $11, 'model', $12
				FROM e
				ON CONFLICT DO NOTHING`,
				cip, source, p.Confidence, p.Status, conc, p.EntryID, careerpath.CatalogPendingModel,
				p.CIP, confidence, p.Model, reason, at)
		}
		if err := tx.SendBatch(ctx, &b).Close(); err != nil {
			return fmt.Errorf("store catalog predictions: %w", err)
		}
		return notifyTx(ctx, tx, careerpath.ChangeCatalog)
	})
}

var _ careerpath.CatalogConcentrationStore = (*DB)(nil)

// UnreadConcentrations returns the entries with a CIP code whose name was
// never read for a concentration (concentration_cip NULL; "" is read,
// none), in id order: of one catalog, or of all when catalogID is 0.
func (db *DB) UnreadConcentrations(ctx context.Context, catalogID int64) ([]careerpath.UnreadConcentration, error) {
	rows, err := db.pool.Query(ctx, `SELECT id, catalog_id, cip, institution, program, degree, format, city, country, description
		FROM catalog_entries WHERE coalesce(cip, '') <> '' AND concentration_cip IS NULL AND ($1 = 0 OR catalog_id = $1) ORDER BY id`,
		catalogID)
	if err != nil {
		return nil, storageError(fmt.Errorf("read catalog entries without a concentration: %w", err))
	}
	defer rows.Close()
	var out []careerpath.UnreadConcentration
	for rows.Next() {
		var e careerpath.UnreadConcentration
		t := &e.Text
		if err := rows.Scan(&e.ID, &e.CatalogID, &e.CIP, &t.Institution, &t.Program, &t.Degree, &t.Format, &t.City, &t.Country, &t.Description); err != nil {
			return nil, storageError(fmt.Errorf("read catalog entries without a concentration: %w", err))
		}
		out = append(out, e)
	}
	return out, storageError(rows.Err())
}

// SetCatalogConcentrations stores the concentrations read in entries'
// names in one transaction, each only where the entry has none stored
// (NULL), so that one the classifier stored with its prediction, or
// another replica's meanwhile, is kept. "" is stored as read, none. A
// concentration found is announced (careerpath.ChangeCatalog): it changes
// the entry's relevance in the finder.
func (db *DB) SetCatalogConcentrations(ctx context.Context, concs []careerpath.CatalogConcentration) error {
	if len(concs) == 0 {
		return nil
	}
	return db.inTx(ctx, func(tx pgx.Tx) error {
		known, err := programCIPCodes(ctx, tx)
		if err != nil {
			return err
		}
		found := false
		var b pgx.Batch
		for _, c := range concs {
			if err := careerpath.CheckCatalogConcentration(c, known); err != nil {
				return err
			}
			found = found || c.CIP != ""
			b.Queue(`UPDATE catalog_entries SET concentration_cip = $1 WHERE id = $2 AND concentration_cip IS NULL`, c.CIP, c.EntryID)
		}
		if err := tx.SendBatch(ctx, &b).Close(); err != nil {
			return fmt.Errorf("store catalog concentrations: %w", err)
		}
		if !found {
			return nil
		}
		return notifyTx(ctx, tx, careerpath.ChangeCatalog)
	})
}

// inReadTx runs fn in a read-only transaction that sees one snapshot
// (REPEATABLE READ), translating its error.
func (db *DB) inReadTx(ctx context.Context, fn func(pgx.Tx) error) error {
	return storageError(pgx.BeginTxFunc(ctx, db.pool, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, fn))
}

// EachCatalogProgram makes OpenData a whole search.Source: the release's
// programs and the active catalog programs of the operator state beside
// it (DB.EachCatalogProgram), so that a finder is built from one value.
func (od *OpenData) EachCatalogProgram(ctx context.Context, fn func(*careerpath.Program) error) error {
	return od.db.EachCatalogProgram(ctx, fn)
}
