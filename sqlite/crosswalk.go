package sqlite

import (
	"context"
	"database/sql"

	careerpath "github.com/careerpath/careerpath"
)

// Crosswalk returns every row of the NCES/BLS CIP–SOC crosswalk.
func (db *DB) Crosswalk(ctx context.Context) ([]careerpath.CrosswalkLink, error) {
	return readAll(ctx, db, "crosswalk", `SELECT cip, cip_title, soc, soc_title FROM cip_soc ORDER BY cip, soc`, nil,
		func(r *sql.Rows) (l careerpath.CrosswalkLink, err error) {
			err = r.Scan(&l.CIP, &l.CIPTitle, &l.SOC, &l.SOCTitle)
			return l, err
		})
}

// CIPTitles returns the title of every CIP 2020 code: families, series and
// programs.
func (db *DB) CIPTitles(ctx context.Context) (map[string]string, error) {
	type pair struct{ code, title string }
	rows, err := readAll(ctx, db, "CIP titles", `SELECT code, title FROM cip_codes`, nil,
		func(r *sql.Rows) (p pair, err error) {
			err = r.Scan(&p.code, &p.title)
			return p, err
		})
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, len(rows))
	for _, p := range rows {
		out[p.code] = p.title
	}
	return out, nil
}
