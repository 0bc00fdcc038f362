package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	careerpath "github.com/careerpath/careerpath"
)

// CatalogProgramIDBase is careerpath.CatalogProgramIDBase: catalog entry 7
// is program 1_000_000_007.
const CatalogProgramIDBase = careerpath.CatalogProgramIDBase

var _ careerpath.CatalogService = (*DB)(nil)

// ImportCatalog stores a provider catalog in one transaction on the writer
// connection: all of it or, on any error, nothing. Entries with a CIP code
// are active at once; the others wait for the classifier. An existing
// catalog of the same name is an ECONFLICT error unless imp.Replace is set,
// in which case its entries are replaced in the same transaction.
func (db *DB) ImportCatalog(ctx context.Context, imp careerpath.CatalogImport) (_ *careerpath.Catalog, err error) {
	defer func() { err = storageError(err) }()
	if err := careerpath.ValidateCatalogImport(imp); err != nil {
		return nil, err
	}
	tx, err := db.begin(ctx)
	if err != nil {
		return nil, fmt.Errorf("import catalog: %w", err)
	}
	defer tx.Rollback()

	cat := &careerpath.Catalog{
		Name: imp.Name, SourceFile: imp.SourceFile, ImportedBy: imp.ImportedBy,
		ImportedAt: time.Now().UTC().Truncate(time.Second), Entries: len(imp.Entries),
	}
	var oldID int64
	var oldAt string
	err = tx.QueryRowContext(ctx, "SELECT id, entries, imported_at FROM catalogs WHERE name = ?", imp.Name).Scan(&oldID, &cat.Replaced, &oldAt)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		cat.Replaced = 0
	case err != nil:
		return nil, fmt.Errorf("import catalog: %w", err)
	case !imp.Replace:
		return nil, careerpath.Errorf(careerpath.ECONFLICT, "A catalog named %q was imported on %s with %d entries; choose another name, or replace it.", imp.Name, oldAt, cat.Replaced)
	default:
		if _, err := tx.ExecContext(ctx, "DELETE FROM catalogs WHERE id = ?", oldID); err != nil {
			return nil, fmt.Errorf("replace catalog: %w", err)
		}
	}

	// The parser checked the codes against the same table; checking again
	// here keeps the store right whoever calls it.
	known, err := programCIPCodes(ctx, tx)
	if err != nil {
		return nil, err
	}
	if cat.WithCIP, cat.WithoutCIP, err = careerpath.CountCatalogEntries(imp, known); err != nil {
		return nil, err
	}

	res, err := tx.ExecContext(ctx, `INSERT INTO catalogs (name, source_file, imported_at, imported_by, entries, with_cip, without_cip)
		VALUES (?, ?, ?, ?, ?, ?, ?)`,
		cat.Name, cat.SourceFile, cat.ImportedAt.Format(time.RFC3339), cat.ImportedBy, cat.Entries, cat.WithCIP, cat.WithoutCIP)
	if err != nil {
		return nil, fmt.Errorf("import catalog: %w", err)
	}
	if cat.ID, err = res.LastInsertId(); err != nil {
		return nil, fmt.Errorf("import catalog: %w", err)
	}
	cols := []string{"catalog_id", "line", "institution", "program", "degree", "award", "format", "city", "region", "country",
		"duration_years", "tuition", "currency", "url", "description", "cip", "cip_source", "confidence", "status"}
	err = insertRows(ctx, tx, "catalog_entries", cols, len(imp.Entries), func(i int) []any {
		e := imp.Entries[i]
		var cip, source, confidence any
		status := careerpath.CatalogPendingModel
		if e.CIP != "" {
			cip, source, confidence, status = e.CIP, careerpath.CIPSourceCatalog, 1.0, careerpath.CatalogActive
		}
		return []any{cat.ID, e.Line, e.Institution, e.Program, e.Degree, e.Award, e.Format, e.City, e.Region, e.Country,
			e.DurationYears, e.Tuition, e.Currency, e.URL, e.Description, cip, source, confidence, status}
	})
	if err != nil {
		return nil, fmt.Errorf("import catalog %q: %w", imp.Name, err)
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("import catalog %q: %w", imp.Name, err)
	}
	cat.PendingModel = cat.WithoutCIP
	return cat, nil
}

// ProgramCIPCodes returns the 6-digit CIP 2020 codes in use: those of
// programs, without the codes deleted or moved away since CIP 2010.
func (db *DB) ProgramCIPCodes(ctx context.Context) (map[string]bool, error) {
	return programCIPCodes(ctx, db.read)
}

type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func programCIPCodes(ctx context.Context, q querier) (map[string]bool, error) {
	rows, err := q.QueryContext(ctx, `SELECT code FROM cip_codes WHERE length(code) = 7 AND action NOT IN ('Deleted', 'Moved from')`)
	if err != nil {
		return nil, fmt.Errorf("read CIP codes: %w", err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, fmt.Errorf("read CIP codes: %w", err)
		}
		out[s] = true
	}
	return out, rows.Err()
}

// Catalogs lists the imported catalogs, newest first.
func (db *DB) Catalogs(ctx context.Context) ([]*careerpath.Catalog, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT c.id, c.name, c.source_file, c.imported_at, c.imported_by, c.entries, c.with_cip, c.without_cip,
			count(e.id) FILTER (WHERE e.status = 'active' AND e.cip_source = 'model'),
			count(e.id) FILTER (WHERE e.status = 'held_for_review'),
			count(e.id) FILTER (WHERE e.status = 'pending_model')
		FROM catalogs c LEFT JOIN catalog_entries e ON e.catalog_id = c.id
		GROUP BY c.id ORDER BY c.imported_at DESC, c.id DESC`)
	if err != nil {
		return nil, fmt.Errorf("list catalogs: %w", err)
	}
	defer rows.Close()
	out := []*careerpath.Catalog{}
	for rows.Next() {
		var c careerpath.Catalog
		var at string
		if err := rows.Scan(&c.ID, &c.Name, &c.SourceFile, &at, &c.ImportedBy, &c.Entries, &c.WithCIP, &c.WithoutCIP,
			&c.Classified, &c.HeldForReview, &c.PendingModel); err != nil {
			return nil, fmt.Errorf("list catalogs: %w", err)
		}
		c.ImportedAt, _ = time.Parse(time.RFC3339, at)
		out = append(out, &c)
	}
	return out, rows.Err()
}

const catalogProgramSQL = `SELECT e.id, c.name, e.institution, e.program, e.degree, e.award, e.format, e.city, e.region, e.country,
	e.duration_years, e.tuition, e.currency, e.url, e.cip, coalesce(cc.title, ''), coalesce(e.cip_source, ''), coalesce(e.confidence, 0),
	coalesce(e.concentration_cip, '')
	FROM catalog_entries e JOIN catalogs c ON c.id = e.catalog_id LEFT JOIN cip_codes cc ON cc.code = e.cip
	WHERE e.status = 'active'`

// EachCatalogProgram calls fn with every active catalog entry as a
// program, in id order: ID is CatalogProgramIDBase plus the entry's id,
// Source the catalog's name, and Institution carries the entry's
// institution name, city, region (as State) and country, with UnitID 0;
// CIPSource and CIPConfidence say where the CIP code came from.
// Entries waiting for the classifier or an editor are left out.
func (db *DB) EachCatalogProgram(ctx context.Context, fn func(*careerpath.Program) error) error {
	rows, err := db.read.QueryContext(ctx, catalogProgramSQL+" ORDER BY e.id")
	if err != nil {
		return fmt.Errorf("read catalog programs: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		p, err := scanCatalogProgram(rows)
		if err != nil {
			return err
		}
		if err := fn(p); err != nil {
			return err
		}
	}
	return rows.Err()
}

// CatalogPrograms returns every active catalog entry as a program; see
// EachCatalogProgram.
func (db *DB) CatalogPrograms(ctx context.Context) ([]*careerpath.Program, error) {
	var out []*careerpath.Program
	err := db.EachCatalogProgram(ctx, func(p *careerpath.Program) error {
		out = append(out, p)
		return nil
	})
	return out, err
}

// CatalogProgram returns the active catalog entry with the program id
// (CatalogProgramIDBase plus the entry id), or an ENOTFOUND error.
func (db *DB) CatalogProgram(ctx context.Context, id int64) (*careerpath.Program, error) {
	rows, err := db.read.QueryContext(ctx, catalogProgramSQL+" AND e.id = ?", id-CatalogProgramIDBase)
	if err != nil {
		return nil, fmt.Errorf("read catalog program: %w", err)
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("read catalog program: %w", err)
		}
		return nil, careerpath.Errorf(careerpath.ENOTFOUND, "No program %d.", id)
	}
	return scanCatalogProgram(rows)
}

func scanCatalogProgram(rows *sql.Rows) (*careerpath.Program, error) {
	var p careerpath.Program
	var degree, cipTitle string
	var award int
	var cip sql.NullString
	in := &p.Institution
	if err := rows.Scan(&p.ID, &p.Source, &in.Name, &p.Name, &degree, &award, &p.Format, &in.City, &in.State, &in.Country,
		&p.DurationYears, &p.Tuition, &p.TuitionCurrency, &p.URL, &cip, &cipTitle, &p.CIPSource, &p.CIPConfidence, &p.ConcentrationCIP); err != nil {
		return nil, fmt.Errorf("read catalog program: %w", err)
	}
	p.ID += CatalogProgramIDBase
	p.CIP = cip.String
	p.CIPTitle = strings.TrimSuffix(cipTitle, ".")
	var ok bool
	if p.Award, ok = careerpath.FindAwardLevel(award); !ok {
		p.Award = careerpath.AwardLevel{Name: degree}
	}
	return &p, nil
}

// CopyCatalogs copies the provider catalogs of the database being replaced
// into the new one, ids and all, so that rebuilding the open data keeps
// what operators imported and program ids stay stable. It returns the
// number of entries copied; a database from before catalogs copies none.
func (b *Builder) CopyCatalogs(ctx context.Context) (int, error) {
	if _, err := os.Stat(b.target); errors.Is(err, os.ErrNotExist) {
		return 0, nil
	}
	if err := b.holdOld(ctx); err != nil { // no catalog imported from now on is missed
		return 0, err
	}
	old, err := sql.Open("sqlite", "file:"+b.target+"?mode=ro&_pragma=busy_timeout(10000)")
	if err != nil {
		return 0, err
	}
	defer old.Close()
	var n int
	if err := old.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_schema WHERE name = 'catalog_entries'").Scan(&n); err != nil {
		return 0, fmt.Errorf("copy catalogs: %w", err)
	} else if n == 0 {
		return 0, nil
	}
	entryCols := "id, catalog_id, line, institution, program, degree, award, format, city, region, country, duration_years, tuition, currency, url, description, cip, cip_source, confidence, status"
	// A database from before concentrations (migration 014) has none.
	if err := old.QueryRowContext(ctx, "SELECT count(*) FROM pragma_table_info('catalog_entries') WHERE name = 'concentration_cip'").Scan(&n); err != nil {
		return 0, fmt.Errorf("copy catalogs: %w", err)
	} else if n == 1 {
		entryCols += ", concentration_cip"
	}
	tables := []struct{ name, cols string }{
		{"catalogs", "id, name, source_file, imported_at, imported_by, entries, with_cip, without_cip"},
		{"catalog_entries", entryCols},
	}
	copied := 0
	for _, t := range tables {
		k, err := b.copyTable(ctx, old, t.name, t.cols)
		if err != nil {
			return 0, fmt.Errorf("copy %s: %w", t.name, err)
		}
		if t.name == "catalog_entries" {
			copied = k
		}
	}
	return copied, nil
}

// copyTable copies the columns cols of table from db into the build.
func (b *Builder) copyTable(ctx context.Context, db *sql.DB, table, cols string) (int, error) {
	rows, err := db.QueryContext(ctx, "SELECT "+cols+" FROM "+table+" ORDER BY id")
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	names, err := rows.Columns()
	if err != nil {
		return 0, err
	}
	stmt, err := b.tx.PrepareContext(ctx, insertSQL(table, names, 1))
	if err != nil {
		return 0, err
	}
	defer stmt.Close()
	vals := make([]any, len(names))
	ptrs := make([]any, len(names))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	n := 0
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return 0, err
		}
		if _, err := stmt.ExecContext(ctx, vals...); err != nil {
			return 0, err
		}
		n++
	}
	return n, rows.Err()
}

// CatalogStamp returns a cheap summary of the catalogs and their active
// entries that changes whenever an import, a replacement, a deletion, a
// classification, a concentration read or an editor's decision changes
// what the program finder holds. A server polls it to take in catalogs
// imported by another process (careerpath catalog import).
//
// A database file moved over the path by `careerpath import` is reopened
// here, and the number of reopens is part of the stamp: the open data may
// have changed, so the index is rebuilt.
func (db *DB) CatalogStamp(ctx context.Context) (string, error) {
	if err := db.follow(ctx); err != nil {
		return "", err
	}
	var s string
	err := db.read.QueryRowContext(ctx, `SELECT
		(SELECT count(*) || ':' || coalesce(max(id), 0) FROM catalogs) || ':' ||
		(SELECT count(*) || ':' || coalesce(max(id), 0) || ':' || count(nullif(concentration_cip, '')) FROM catalog_entries WHERE status = 'active') || ':' ||
		`+editorCIPStamp).Scan(&s)
	if err != nil {
		return "", fmt.Errorf("catalog stamp: %w", err)
	}
	return fmt.Sprintf("%s:r%d", s, db.gen.Load()), nil
}
