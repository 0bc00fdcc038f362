package postgres

// The readers of the open data: OpenData reads one release, the one that
// served when it was opened, so that a server builds its guides and its
// finder from one release even while an import commits the next.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/guides"
	"github.com/careerpath/careerpath/similar"
)

// DataRelease is the stamp of an imported release of the open data:
// a server compares the ID it built from with DataRelease's, or listens
// on DataChannel, to notice a new import.
type DataRelease struct {
	ID          int64     // increases with every import
	Schema      string    // where its tables are
	InstalledAt time.Time // when the import committed
}

// DataRelease returns the stamp of the release that serves now; ENOTFOUND
// before the first import.
func (db *DB) DataRelease(ctx context.Context) (DataRelease, error) {
	var r DataRelease
	err := db.pool.QueryRow(ctx, `SELECT release, schema_name, installed_at FROM data_release`).Scan(&r.ID, &r.Schema, &r.InstalledAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return r, careerpath.Errorf(careerpath.ENOTFOUND,
			"Database %s holds no open data: run \"careerpath import --db <the same URL>\" first.", db.url)
	}
	return r, storageError(err)
}

// OpenData reads one release of the open data. It implements
// guides.Source (and so figures.Source), careerpath.DatasetService, the
// crosswalk and CIP titles of the relevance rule, and the open-data part
// of search.Source (every method but EachCatalogProgram: catalogs are
// operator state). If an import replaces the release while it is read,
// reads fail with ECONFLICT: open the new release and read it again.
type OpenData struct {
	db      *DB
	release DataRelease
	prefix  string // the quoted schema and a dot
}

var (
	_ guides.Source             = (*OpenData)(nil)
	_ careerpath.DatasetService = (*OpenData)(nil)
	_ careerpath.DatasetService = (*DB)(nil)
)

// OpenData returns the reader of the release that serves now; ENOTFOUND
// before the first import.
func (db *DB) OpenData(ctx context.Context) (*OpenData, error) {
	r, err := db.DataRelease(ctx)
	if err != nil {
		return nil, err
	}
	return &OpenData{db: db, release: r, prefix: pgx.Identifier{r.Schema}.Sanitize() + "."}, nil
}

// Release returns the stamp of the release od reads.
func (od *OpenData) Release() DataRelease { return od.release }

// FindDatasets returns every dataset of the release that serves now, with
// the figures of its import: a page that lists the sources shows the
// latest import without waiting for its server to rebuild.
func (db *DB) FindDatasets(ctx context.Context) ([]*careerpath.Dataset, error) {
	od, err := db.OpenData(ctx)
	if err != nil {
		return nil, err
	}
	ds, err := od.FindDatasets(ctx)
	if careerpath.ErrorCode(err) == careerpath.ECONFLICT {
		// Replaced between the two reads: once more, from the new one.
		if od, err = db.OpenData(ctx); err != nil {
			return nil, err
		}
		ds, err = od.FindDatasets(ctx)
	}
	return ds, err
}

// sql returns q with "{data}." replaced by the release's schema.
func (od *OpenData) sql(q string) string { return strings.ReplaceAll(q, "{data}.", od.prefix) }

// readError translates an error of a read of the release: a table that
// no longer exists means an import replaced it.
func (od *OpenData) readError(what string, err error) error {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && (pgErr.Code == "42P01" || pgErr.Code == "3F000") { // undefined_table, invalid_schema_name
		return &careerpath.Error{Code: careerpath.ECONFLICT, Err: err,
			Message: fmt.Sprintf("Open data release %d was replaced by a newer import while it was read: read the current one.", od.release.ID)}
	}
	return storageError(fmt.Errorf("read %s: %w", what, err))
}

// each runs a query of the release (its tables named "{data}.table") and
// calls fn with each row.
func (od *OpenData) each(ctx context.Context, what, q string, args []any, fn func(pgx.Rows) error) error {
	rows, err := od.db.pool.Query(ctx, od.sql(q), args...)
	if err != nil {
		return od.readError(what, err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			var pgErr *pgconn.PgError
			if errors.As(err, &pgErr) || careerpath.ErrorCode(err) == careerpath.EINTERNAL {
				return od.readError(what, err)
			}
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return od.readError(what, err)
	}
	return nil
}

// readAll runs a query of the release and scans each row with scan.
func readAll[T any](ctx context.Context, od *OpenData, what, q string, args []any, scan func(pgx.Rows) (T, error)) ([]T, error) {
	var out []T
	err := od.each(ctx, what, q, args, func(r pgx.Rows) error {
		v, err := scan(r)
		out = append(out, v)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// anyOf returns "col = ANY($1)" and its argument for values, or a clause
// that is always true when values is empty ("any").
func anyOf(col string, values []string) (string, []any) {
	if len(values) == 0 {
		return "true", nil
	}
	return col + " = ANY($1)", []any{values}
}

// set returns the strings of query's single column as a set.
func (od *OpenData) set(ctx context.Context, what, q string) (map[string]bool, error) {
	out := map[string]bool{}
	err := od.each(ctx, what, q, nil, func(r pgx.Rows) error {
		var s string
		err := r.Scan(&s)
		out[s] = true
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// SOCCodes returns the SOC codes that have OEWS wages or BLS projections.
func (od *OpenData) SOCCodes(ctx context.Context) (map[string]bool, error) {
	return od.set(ctx, "SOC codes", "SELECT soc FROM {data}.oews_wages UNION SELECT soc FROM {data}.bls_projections")
}

// CIPCodes returns every CIP 2020 code: families, series and programs.
func (od *OpenData) CIPCodes(ctx context.Context) (map[string]bool, error) {
	return od.set(ctx, "CIP codes", "SELECT code FROM {data}.cip_codes")
}

// SurveyTitles returns the job titles of the salary survey, as written.
func (od *OpenData) SurveyTitles(ctx context.Context) (map[string]bool, error) {
	return od.set(ctx, "survey titles", "SELECT DISTINCT title FROM {data}.salaries")
}

// Technologies returns, by SOC code, the names of the technologies O*NET
// lists for the O*NET occupations under it, for the SOC codes socs (every
// one if empty).
func (od *OpenData) Technologies(ctx context.Context, socs []string) (map[string][]string, error) {
	where, args := anyOf("soc", socs)
	out := map[string][]string{}
	err := od.each(ctx, "technologies", "SELECT DISTINCT soc, example FROM {data}.onet_technology_skills WHERE "+where, args, func(r pgx.Rows) error {
		var soc, name string
		err := r.Scan(&soc, &name)
		out[soc] = append(out[soc], name)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Crosswalk returns every row of the NCES/BLS CIP–SOC crosswalk.
func (od *OpenData) Crosswalk(ctx context.Context) ([]careerpath.CrosswalkLink, error) {
	return readAll(ctx, od, "crosswalk", `SELECT cip, cip_title, soc, soc_title FROM {data}.cip_soc ORDER BY cip, soc`, nil,
		func(r pgx.Rows) (l careerpath.CrosswalkLink, err error) {
			err = r.Scan(&l.CIP, &l.CIPTitle, &l.SOC, &l.SOCTitle)
			return l, err
		})
}

// CIPTitles returns the title of every CIP 2020 code: families, series and
// programs.
func (od *OpenData) CIPTitles(ctx context.Context) (map[string]string, error) {
	out := map[string]string{}
	err := od.each(ctx, "CIP titles", `SELECT code, title FROM {data}.cip_codes`, nil, func(r pgx.Rows) error {
		var code, title string
		err := r.Scan(&code, &title)
		out[code] = title
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Ratings returns O*NET's importance ratings of skills and knowledge, of
// every O*NET occupation.
func (od *OpenData) Ratings(ctx context.Context) ([]similar.Rating, error) {
	return readAll(ctx, od, "ratings", `
		SELECT kind, code, soc, element_id, element_name, importance
		FROM {data}.onet_ratings WHERE importance IS NOT NULL ORDER BY kind, code, element_id`, nil,
		func(r pgx.Rows) (g similar.Rating, err error) {
			err = r.Scan(&g.Kind, &g.Code, &g.SOC, &g.Element, &g.Name, &g.Importance)
			return g, err
		})
}

// FindDatasets returns every dataset of the release with the figures of
// its import.
func (od *OpenData) FindDatasets(ctx context.Context) ([]*careerpath.Dataset, error) {
	return readAll(ctx, od, "datasets", `
		SELECT id, title, publisher, as_of, license, attribution, url, files,
		       rows_read, rows_stored, rows_rejected, rejections
		FROM {data}.datasets ORDER BY id`, nil,
		func(r pgx.Rows) (*careerpath.Dataset, error) {
			var d careerpath.Dataset
			var files, rejections []byte
			if err := r.Scan(&d.ID, &d.Title, &d.Publisher, &d.AsOf, &d.License, &d.Attribution, &d.URL, &files,
				&d.RowsRead, &d.RowsStored, &d.RowsRejected, &rejections); err != nil {
				return nil, err
			}
			if err := json.Unmarshal(files, &d.Files); err != nil {
				return nil, fmt.Errorf("dataset %s files: %w", d.ID, err)
			}
			if err := json.Unmarshal(rejections, &d.Rejections); err != nil {
				return nil, fmt.Errorf("dataset %s rejections: %w", d.ID, err)
			}
			return &d, nil
		})
}
