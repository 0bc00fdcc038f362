package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/careerpath/careerpath/figures"
	"github.com/careerpath/careerpath/opendata/tables"
	"github.com/careerpath/careerpath/similar"
)

// Ensure DB provides the records the figures are computed from.
var _ figures.Source = (*DB)(nil)

// inList returns "col IN (?, ?, …)" for values, and the arguments, or a clause
// that is always true when values is empty ("any").
func inList(col string, values []string) (string, []any) {
	if len(values) == 0 {
		return "1", nil
	}
	args := make([]any, len(values))
	for i, v := range values {
		args[i] = v
	}
	return col + " IN (" + strings.TrimSuffix(strings.Repeat("?, ", len(values)), ", ") + ")", args
}

// readAll runs a read query and scans each row with scan.
func readAll[T any](ctx context.Context, db *DB, what, q string, args []any, scan func(*sql.Rows) (T, error)) ([]T, error) {
	rows, err := db.read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", what, err)
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", what, err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", what, err)
	}
	return out, nil
}

// SalaryRecords returns the salary survey's answers with the given job
// titles, exactly as written; every answer if titles is empty.
func (db *DB) SalaryRecords(ctx context.Context, titles []string) ([]figures.Salary, error) {
	where, args := inList("title", titles)
	return readAll(ctx, db, "salaries", `
		SELECT year, experience, employment, title, company_location, salary_usd
		FROM salaries WHERE `+where, args,
		func(r *sql.Rows) (s figures.Salary, err error) {
			err = r.Scan(&s.Year, &s.Experience, &s.Employment, &s.Title, &s.CompanyLocation, &s.USD)
			return s, err
		})
}

// OEWS returns the national OEWS annual wage estimates of the SOC codes
// (every group level they appear at); every code if socs is empty.
func (db *DB) OEWS(ctx context.Context, socs []string) ([]figures.OEWS, error) {
	where, args := inList("soc", socs)
	return readAll(ctx, db, "OEWS wages", `
		SELECT soc, o_group, title,
		       a_pct10, a_pct10_top, a_pct25, a_pct25_top, a_median, a_median_top,
		       a_pct75, a_pct75_top, a_pct90, a_pct90_top
		FROM oews_wages WHERE `+where+` ORDER BY soc, o_group`, args,
		func(r *sql.Rows) (o figures.OEWS, err error) {
			var v [5]sql.NullFloat64
			var top [5]bool
			err = r.Scan(&o.SOC, &o.Group, &o.Title, &v[0], &top[0], &v[1], &top[1], &v[2], &top[2], &v[3], &top[3], &v[4], &top[4])
			for i := range v {
				o.Annual[i] = figures.Wage{Value: v[i].Float64, Known: v[i].Valid, TopCoded: top[i]}
			}
			return o, err
		})
}

// Projections returns the BLS 2024–34 projections of the SOC codes; every
// code if socs is empty.
func (db *DB) Projections(ctx context.Context, socs []string) ([]figures.Projection, error) {
	where, args := inList("soc", socs)
	return readAll(ctx, db, "projections", `
		SELECT soc, title, type, employment_2024, employment_2034, change_pct, openings, education
		FROM bls_projections WHERE `+where+` ORDER BY soc, type`, args,
		func(r *sql.Rows) (p figures.Projection, err error) {
			err = r.Scan(&p.SOC, &p.Title, &p.Type, &p.Emp2024, &p.Emp2034, &p.ChangePct, &p.Openings, &p.Education)
			return p, err
		})
}

// TechnologySkills returns the O*NET technology skills of the O*NET
// occupations under the SOC codes; every one if socs is empty.
func (db *DB) TechnologySkills(ctx context.Context, socs []string) ([]figures.TechnologySkill, error) {
	where, args := inList("soc", socs)
	return readAll(ctx, db, "technology skills", `
		SELECT code, soc, example, commodity_title, hot, in_demand
		FROM onet_technology_skills WHERE `+where+` ORDER BY code, example`, args,
		func(r *sql.Rows) (s figures.TechnologySkill, err error) {
			err = r.Scan(&s.Code, &s.SOC, &s.Example, &s.Category, &s.Hot, &s.InDemand)
			return s, err
		})
}

// Tasks returns the O*NET task statements of the O*NET occupations under
// the SOC codes, with the occupations' titles; every one if socs is empty.
func (db *DB) Tasks(ctx context.Context, socs []string) ([]figures.Task, error) {
	where, args := inList("t.soc", socs)
	return readAll(ctx, db, "tasks", `
		SELECT t.code, t.soc, o.title, t.task_id, t.task, t.type
		FROM onet_tasks t JOIN onet_occupations o ON o.code = t.code
		WHERE `+where+` ORDER BY t.code, t.task_id`, args,
		func(r *sql.Rows) (t figures.Task, err error) {
			err = r.Scan(&t.Code, &t.SOC, &t.Title, &t.ID, &t.Text, &t.Type)
			return t, err
		})
}

// JobZones returns the O*NET job zones of the O*NET occupations under the
// SOC codes, with the occupations' titles and the zones' names; every one
// if socs is empty.
func (db *DB) JobZones(ctx context.Context, socs []string) ([]figures.JobZone, error) {
	where, args := inList("z.soc", socs)
	return readAll(ctx, db, "job zones", `
		SELECT z.code, z.soc, o.title, z.zone, l.name
		FROM onet_job_zones z
		JOIN onet_occupations o ON o.code = z.code
		JOIN onet_job_zone_levels l ON l.zone = z.zone
		WHERE `+where+` ORDER BY z.code`, args,
		func(r *sql.Rows) (z figures.JobZone, err error) {
			err = r.Scan(&z.Code, &z.SOC, &z.Title, &z.Zone, &z.Name)
			return z, err
		})
}

// Descriptions returns the title and description of every O*NET
// occupation.
func (db *DB) Descriptions(ctx context.Context) ([]figures.Description, error) {
	return readAll(ctx, db, "occupation descriptions", `SELECT code, soc, title, description FROM onet_occupations ORDER BY code`, nil,
		func(r *sql.Rows) (d figures.Description, err error) {
			err = r.Scan(&d.Code, &d.SOC, &d.Title, &d.Text)
			return d, err
		})
}

// TechnologyPrevalence returns how widely O*NET lists each technology
// across all occupations, as figures.NewPrevalence computes it from every
// technology row: from onet_technology_prevalence, which the import
// fills, or computed on the spot in a database imported before it.
func (db *DB) TechnologyPrevalence(ctx context.Context) (figures.Prevalence, error) {
	p := figures.Prevalence{Share: map[string]float64{}}
	if err := db.read.QueryRowContext(ctx, "SELECT COUNT(DISTINCT soc) FROM onet_technology_skills").Scan(&p.Occupations); err != nil {
		return p, fmt.Errorf("count technology occupations: %w", err)
	}
	type listed struct {
		name string
		n    float64
	}
	scan := func(r *sql.Rows) (l listed, err error) {
		err = r.Scan(&l.name, &l.n)
		return l, err
	}
	rows, err := readAll(ctx, db, "technology prevalence", "SELECT name, listed FROM onet_technology_prevalence", nil, scan)
	if err == nil && len(rows) == 0 && p.Occupations > 0 {
		rows, err = readAll(ctx, db, "technology prevalence", tables.PrevalenceQuery, nil, scan)
	}
	if err != nil {
		return p, err
	}
	for _, l := range rows {
		p.Share[figures.SkillKey(l.name)] += l.n / float64(p.Occupations)
	}
	return p, nil
}

// Ratings returns O*NET's importance ratings of skills and knowledge, of
// every O*NET occupation.
func (db *DB) Ratings(ctx context.Context) ([]similar.Rating, error) {
	return readAll(ctx, db, "ratings", `
		SELECT kind, code, soc, element_id, element_name, importance
		FROM onet_ratings WHERE importance IS NOT NULL ORDER BY kind, code, element_id`, nil,
		func(r *sql.Rows) (g similar.Rating, err error) {
			err = r.Scan(&g.Kind, &g.Code, &g.SOC, &g.Element, &g.Name, &g.Importance)
			return g, err
		})
}
