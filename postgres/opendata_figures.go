package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/figures"
)

// The records the figures are computed from (figures.Source), and the
// rows the finder's index is built from (search.Source but its catalog
// programs), of one release.

// SalaryRecords returns the salary survey's answers with the given job
// titles, exactly as written; every answer if titles is empty.
func (od *OpenData) SalaryRecords(ctx context.Context, titles []string) ([]figures.Salary, error) {
	where, args := anyOf("title", titles)
	return readAll(ctx, od, "salaries", `
		SELECT year, experience, employment, title, company_location, salary_usd
		FROM {data}.salaries WHERE `+where, args,
		func(r pgx.Rows) (s figures.Salary, err error) {
			err = r.Scan(&s.Year, &s.Experience, &s.Employment, &s.Title, &s.CompanyLocation, &s.USD)
			return s, err
		})
}

// OEWS returns the national OEWS annual wage estimates of the SOC codes
// (every group level they appear at); every code if socs is empty.
func (od *OpenData) OEWS(ctx context.Context, socs []string) ([]figures.OEWS, error) {
	where, args := anyOf("soc", socs)
	return readAll(ctx, od, "OEWS wages", `
		SELECT soc, o_group, title,
		       a_pct10, a_pct10_top, a_pct25, a_pct25_top, a_median, a_median_top,
		       a_pct75, a_pct75_top, a_pct90, a_pct90_top
		FROM {data}.oews_wages WHERE `+where+` ORDER BY soc, o_group`, args,
		func(r pgx.Rows) (o figures.OEWS, err error) {
			var v [5]*float64
			var top [5]bool
			err = r.Scan(&o.SOC, &o.Group, &o.Title, &v[0], &top[0], &v[1], &top[1], &v[2], &top[2], &v[3], &top[3], &v[4], &top[4])
			for i := range v {
				o.Annual[i] = figures.Wage{Known: v[i] != nil, TopCoded: top[i]}
				if v[i] != nil {
					o.Annual[i].Value = *v[i]
				}
			}
			return o, err
		})
}

// Projections returns the BLS 2024–34 projections of the SOC codes; every
// code if socs is empty.
func (od *OpenData) Projections(ctx context.Context, socs []string) ([]figures.Projection, error) {
	where, args := anyOf("soc", socs)
	return readAll(ctx, od, "projections", `
		SELECT soc, title, type, employment_2024, employment_2034, change_pct, openings, education
		FROM {data}.bls_projections WHERE `+where+` ORDER BY soc, type`, args,
		func(r pgx.Rows) (p figures.Projection, err error) {
			err = r.Scan(&p.SOC, &p.Title, &p.Type, &p.Emp2024, &p.Emp2034, &p.ChangePct, &p.Openings, &p.Education)
			return p, err
		})
}

// TechnologySkills returns the O*NET technology skills of the O*NET
// occupations under the SOC codes; every one if socs is empty.
func (od *OpenData) TechnologySkills(ctx context.Context, socs []string) ([]figures.TechnologySkill, error) {
	where, args := anyOf("soc", socs)
	return readAll(ctx, od, "technology skills", `
		SELECT code, soc, example, commodity_title, hot, in_demand
		FROM {data}.onet_technology_skills WHERE `+where+` ORDER BY code, example`, args,
		func(r pgx.Rows) (s figures.TechnologySkill, err error) {
			err = r.Scan(&s.Code, &s.SOC, &s.Example, &s.Category, &s.Hot, &s.InDemand)
			return s, err
		})
}

// Tasks returns the O*NET task statements of the O*NET occupations under
// the SOC codes, with the occupations' titles; every one if socs is empty.
func (od *OpenData) Tasks(ctx context.Context, socs []string) ([]figures.Task, error) {
	where, args := anyOf("t.soc", socs)
	return readAll(ctx, od, "tasks", `
		SELECT t.code, t.soc, o.title, t.task_id, t.task, t.type
		FROM {data}.onet_tasks t JOIN {data}.onet_occupations o ON o.code = t.code
		WHERE `+where+` ORDER BY t.code, t.task_id`, args,
		func(r pgx.Rows) (t figures.Task, err error) {
			err = r.Scan(&t.Code, &t.SOC, &t.Title, &t.ID, &t.Text, &t.Type)
			return t, err
		})
}

// JobZones returns the O*NET job zones of the O*NET occupations under the
// SOC codes, with the occupations' titles and the zones' names; every one
// if socs is empty.
func (od *OpenData) JobZones(ctx context.Context, socs []string) ([]figures.JobZone, error) {
	where, args := anyOf("z.soc", socs)
	return readAll(ctx, od, "job zones", `
		SELECT z.code, z.soc, o.title, z.zone, l.name
		FROM {data}.onet_job_zones z
		JOIN {data}.onet_occupations o ON o.code = z.code
		JOIN {data}.onet_job_zone_levels l ON l.zone = z.zone
		WHERE `+where+` ORDER BY z.code`, args,
		func(r pgx.Rows) (z figures.JobZone, err error) {
			err = r.Scan(&z.Code, &z.SOC, &z.Title, &z.Zone, &z.Name)
			return z, err
		})
}

// Descriptions returns the title and description of every O*NET
// occupation.
func (od *OpenData) Descriptions(ctx context.Context) ([]figures.Description, error) {
	return readAll(ctx, od, "occupation descriptions", `SELECT code, soc, title, description FROM {data}.onet_occupations ORDER BY code`, nil,
		func(r pgx.Rows) (d figures.Description, err error) {
			err = r.Scan(&d.Code, &d.SOC, &d.Title, &d.Text)
			return d, err
		})
}

// TechnologyPrevalence returns how widely O*NET lists each technology
// across all occupations, as figures.NewPrevalence computes it from every
// technology row, from the prevalence the import derived.
func (od *OpenData) TechnologyPrevalence(ctx context.Context) (figures.Prevalence, error) {
	p := figures.Prevalence{Share: map[string]float64{}}
	if err := od.db.pool.QueryRow(ctx, od.sql("SELECT COUNT(DISTINCT soc) FROM {data}.onet_technology_skills")).Scan(&p.Occupations); err != nil {
		return p, od.readError("technology occupations", err)
	}
	err := od.each(ctx, "technology prevalence", "SELECT name, listed FROM {data}.onet_technology_prevalence", nil, func(r pgx.Rows) error {
		var name string
		var n float64
		err := r.Scan(&name, &n)
		p.Share[figures.SkillKey(name)] += n / float64(p.Occupations)
		return err
	})
	return p, err
}

// PaybackBaseline returns the earnings payback compares with
// (figures.PaybackBaseline over the release's OEWS and projections).
func (od *OpenData) PaybackBaseline(ctx context.Context) (*careerpath.Stat, error) {
	return figures.PaybackBaseline(ctx, od)
}

// EachZIPCentroid calls fn with every ZIP code of the gazetteer, in ZIP
// order.
func (od *OpenData) EachZIPCentroid(ctx context.Context, fn func(zip string, pt careerpath.GeoPoint) error) error {
	return od.each(ctx, "zip centroids", `SELECT zip, lat, lon FROM {data}.zip_centroids ORDER BY zip`, nil, func(r pgx.Rows) error {
		var z string
		var pt careerpath.GeoPoint
		if err := r.Scan(&z, &pt.Lat, &pt.Lon); err != nil {
			return err
		}
		return fn(z, pt)
	})
}

// EachInstitution calls fn with every institution, in UNITID order.
func (od *OpenData) EachInstitution(ctx context.Context, fn func(careerpath.Institution) error) error {
	return od.each(ctx, "institutions", `SELECT unitid, name, city, state, zip, web, control, latitude, longitude,
		tuition_in_state, tuition_out_of_state, total_enrollment, distance_enrollment, online_share,
		grad_tuition_in_state, grad_tuition_out_of_state, aliases FROM {data}.institutions ORDER BY unitid`, nil, func(r pgx.Rows) error {
		var in careerpath.Institution
		var control int
		var aliases []string
		if err := r.Scan(&in.UnitID, &in.Name, &in.City, &in.State, &in.ZIP, &in.Web, &control, &in.Latitude, &in.Longitude,
			&in.TuitionInState, &in.TuitionOutOfState, &in.Enrollment, &in.DistanceEnrollment, &in.OnlineShare,
			&in.GradTuitionInState, &in.GradTuitionOutOfState, &aliases); err != nil {
			return err
		}
		in.Control = careerpath.Control(control)
		if len(aliases) > 0 {
			in.Aliases = aliases
		}
		in.Country = "US"
		if in.TuitionInState != nil || in.TuitionOutOfState != nil {
			in.TuitionYear = "2023-24"
		}
		return fn(in)
	})
}

// EachProgram calls fn with every program, in ID order; of Institution
// only UnitID is set, and CompletersTrend is left out.
func (od *OpenData) EachProgram(ctx context.Context, fn func(*careerpath.Program) error) error {
	var p careerpath.Program
	return od.each(ctx, "programs", `SELECT id, unitid, cip, award, name, completers, earnings_1yr, earnings_4yr, mean_debt, source
		FROM {data}.programs ORDER BY id`, nil, func(r pgx.Rows) error {
		p = careerpath.Program{}
		var award int
		if err := r.Scan(&p.ID, &p.Institution.UnitID, &p.CIP, &award, &p.Name, &p.Completers, &p.Earnings1Yr, &p.Earnings4Yr, &p.MeanDebt, &p.Source); err != nil {
			return err
		}
		p.Award, _ = careerpath.FindAwardLevel(award)
		return fn(&p)
	})
}
