package sqlite

import (
	"context"
	"fmt"
)

// SOCCodes returns the SOC codes that have OEWS wages or BLS projections.
func (db *DB) SOCCodes(ctx context.Context) (map[string]bool, error) {
	return db.set(ctx, "SELECT soc FROM oews_wages UNION SELECT soc FROM bls_projections")
}

// CIPCodes returns every CIP 2020 code: families, series and programs.
func (db *DB) CIPCodes(ctx context.Context) (map[string]bool, error) {
	return db.set(ctx, "SELECT code FROM cip_codes")
}

// SurveyTitles returns the job titles of the salary survey, as written.
func (db *DB) SurveyTitles(ctx context.Context) (map[string]bool, error) {
	return db.set(ctx, "SELECT DISTINCT title FROM salaries")
}

// Technologies returns, by SOC code, the names of the technologies O*NET
// lists for the O*NET occupations under it, for the SOC codes socs (every
// one if empty).
func (db *DB) Technologies(ctx context.Context, socs []string) (map[string][]string, error) {
	where, args := inList("soc", socs)
	rows, err := db.read.QueryContext(ctx, "SELECT DISTINCT soc, example FROM onet_technology_skills WHERE "+where, args...)
	if err != nil {
		return nil, fmt.Errorf("query technologies: %w", err)
	}
	defer rows.Close()
	out := map[string][]string{}
	for rows.Next() {
		var soc, name string
		if err := rows.Scan(&soc, &name); err != nil {
			return nil, err
		}
		out[soc] = append(out[soc], name)
	}
	return out, rows.Err()
}

// set returns the strings of query's single column as a set.
func (db *DB) set(ctx context.Context, query string) (map[string]bool, error) {
	rows, err := db.read.QueryContext(ctx, query)
	if err != nil {
		return nil, fmt.Errorf("query codes: %w", err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out[s] = true
	}
	return out, rows.Err()
}
