// Package tables says how every store keeps the open data: for each
// table, its name, its columns and the values of each parsed record, in
// the order of the columns. The stores' builders (sqlite.Builder,
// postgres.Builder) write these rows with their own statements (INSERT,
// COPY); an Encoding gives the few values they keep differently.
package tables

import (
	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/opendata"
)

// Rows are the rows of one table: N rows, Row(i) the values of row i in
// the order of Cols.
type Rows struct {
	Table string
	Cols  []string
	N     int
	Row   func(i int) []any
}

// Encoding is how a store keeps the values that not every store keeps
// alike.
type Encoding struct {
	// JSON returns the value of a JSON document (a list of strings, a
	// dataset's rejections, a program's trend).
	JSON func(v any) any
	// Names returns the value of a list of names (an institution's
	// aliases); nil for none.
	Names func(names []string) any
}

func rows[T any](table string, cols []string, rs []T, row func(r *T) []any) Rows {
	return Rows{Table: table, Cols: cols, N: len(rs), Row: func(i int) []any { return row(&rs[i]) }}
}

// ONET returns the rows of the O*NET tables, in the order they are loaded
// (the ratings of skills, then of knowledge, share onet_ratings).
func ONET(o opendata.ONET) []Rows {
	return []Rows{
		rows("onet_occupations", []string{"code", "soc", "title", "description"}, o.Occupations, func(r *opendata.ONETOccupation) []any {
			return []any{r.Code, r.SOC, r.Title, r.Description}
		}),
		rows("onet_job_zones", []string{"code", "soc", "zone"}, o.JobZones, func(r *opendata.JobZone) []any {
			return []any{r.Code, r.SOC, r.Zone}
		}),
		rows("onet_job_zone_levels", []string{"zone", "name", "experience", "education", "training", "examples"}, o.JobZoneLevels, func(r *opendata.JobZoneLevel) []any {
			return []any{r.Zone, r.Name, r.Experience, r.Education, r.Training, r.Examples}
		}),
		rows("onet_tasks", []string{"code", "soc", "task_id", "task", "type", "incumbents"}, o.Tasks, func(r *opendata.Task) []any {
			return []any{r.Code, r.SOC, r.ID, r.Text, r.Type, r.Incumbents}
		}),
		rows("onet_technology_skills", []string{"code", "soc", "example", "commodity_code", "commodity_title", "hot", "in_demand"}, o.Technology, func(r *opendata.TechnologySkill) []any {
			return []any{r.Code, r.SOC, r.Example, r.CommodityCode, r.CommodityTitle, r.Hot, r.InDemand}
		}),
		ratings("skill", o.Skills),
		ratings("knowledge", o.Knowledge),
	}
}

func ratings(kind string, rs []opendata.Rating) Rows {
	cols := []string{"kind", "code", "soc", "element_id", "element_name", "importance", "level", "not_relevant", "suppress"}
	return rows("onet_ratings", cols, rs, func(r *opendata.Rating) []any {
		return []any{kind, r.Code, r.SOC, r.ElementID, r.ElementName, r.Importance, r.Level, r.NotRelevant, r.Suppress}
	})
}

// PrevalenceQuery computes the rows (name, listed) of
// onet_technology_prevalence from onet_technology_skills, in SQL both
// stores run: each SOC code is represented by its ".00" code where it
// lists technology, and otherwise by every code under it in equal parts
// (as figures.NewPrevalence).
const PrevalenceQuery = `
	WITH codes AS (
		SELECT DISTINCT soc, code FROM onet_technology_skills),
	mains AS (
		SELECT soc FROM codes WHERE code = soc || '.00'),
	reps AS (
		SELECT soc, code, 1.0 / COUNT(*) OVER (PARTITION BY soc) AS w FROM codes
		WHERE code = soc || '.00' OR soc NOT IN (SELECT soc FROM mains)),
	listed AS (
		SELECT DISTINCT code, lower(example) AS name FROM onet_technology_skills)
	SELECT l.name, SUM(r.w) FROM listed l JOIN reps r ON r.code = l.code GROUP BY l.name`

// DerivePrevalence fills onet_technology_prevalence once
// onet_technology_skills is loaded.
const DerivePrevalence = "INSERT INTO onet_technology_prevalence (name, listed) " + PrevalenceQuery

// OEWS returns the rows of the OEWS national wage estimates. Wages are
// NULL where unknown; *_top is true where BLS top-codes the estimate.
func OEWS(rs []opendata.OEWSOccupation) Rows {
	cols := []string{"soc", "o_group", "title", "employment", "annual_mean",
		"a_pct10", "a_pct10_top", "a_pct25", "a_pct25_top", "a_median", "a_median_top",
		"a_pct75", "a_pct75_top", "a_pct90", "a_pct90_top"}
	return rows("oews_wages", cols, rs, func(o *opendata.OEWSOccupation) []any {
		v := []any{o.SOC, o.Group, o.Title, o.Employment, wage(o.AnnualMean)}
		for _, w := range o.Annual {
			v = append(v, wage(w), w.TopCoded)
		}
		return v
	})
}

// wage is the stored value of a wage: NULL where unknown.
func wage(w opendata.Wage) any {
	if !w.Known {
		return nil
	}
	return w.Value
}

// Projections returns the rows of the BLS employment projections.
func Projections(rs []opendata.Projection) Rows {
	cols := []string{"soc", "title", "type", "employment_2024", "employment_2034", "change", "change_pct",
		"self_employed_pct", "openings", "median_wage", "median_wage_top", "education", "experience", "training"}
	return rows("bls_projections", cols, rs, func(p *opendata.Projection) []any {
		return []any{p.SOC, p.Title, p.Type, p.Emp2024, p.Emp2034, p.Change, p.ChangePct,
			p.SelfEmployedPct, p.Openings, wage(p.MedianWage), p.MedianWage.TopCoded, p.Education, p.Experience, p.Training}
	})
}

// CIPCodes returns the rows of the CIP 2020 taxonomy.
func CIPCodes(rs []opendata.CIPCode, e Encoding) Rows {
	cols := []string{"code", "family", "action", "title", "definition", "cross_references", "examples"}
	return rows("cip_codes", cols, rs, func(c *opendata.CIPCode) []any {
		return []any{c.Code, c.Family, c.Action, c.Title, c.Definition, c.CrossReferences, e.JSON(nonNil(c.Examples))}
	})
}

// Crosswalk returns the rows of the CIP–SOC pairs. The crosswalk's
// no-match rows are kept with their missing side blank, so that "prepares
// for no listed occupation" stays a fact rather than an absence.
func Crosswalk(rs []opendata.CrosswalkPair) Rows {
	return rows("cip_soc", []string{"cip", "cip_title", "soc", "soc_title"}, rs, func(p *opendata.CrosswalkPair) []any {
		return []any{p.CIP, p.CIPTitle, p.SOC, p.SOCTitle}
	})
}

// Salaries returns the rows of the salary survey (US dollars only: the
// survey converts every salary, and the original currency is not used).
func Salaries(rs []opendata.Salary) Rows {
	cols := []string{"year", "experience", "employment", "title", "salary_usd", "residence", "remote_ratio", "company_location", "company_size"}
	return rows("salaries", cols, rs, func(s *opendata.Salary) []any {
		return []any{s.Year, s.Experience, s.Employment, s.Title, s.USD, s.Residence, s.RemoteRatio, s.CompanyLocation, s.CompanySize}
	})
}

// WorldUniversities returns the rows of the world universities list.
func WorldUniversities(rs []opendata.WorldUniversity, e Encoding) Rows {
	cols := []string{"name", "country", "country_code", "state_province", "domains", "web_pages"}
	return rows("world_universities", cols, rs, func(u *opendata.WorldUniversity) []any {
		return []any{u.Name, u.Country, u.CountryCode, u.StateProvince, e.JSON(nonNil(u.Domains)), e.JSON(nonNil(u.WebPages))}
	})
}

// ZIPCentroids returns the rows of the ZIP gazetteer.
func ZIPCentroids(rs []opendata.ZIPCentroid) Rows {
	return rows("zip_centroids", []string{"zip", "city", "state", "lat", "lon"}, rs, func(z *opendata.ZIPCentroid) []any {
		return []any{z.ZIP, z.City, z.State, z.Lat, z.Lon}
	})
}

// Institutions returns the rows of institutions with their tuition and
// distance enrolment.
func Institutions(rs []careerpath.Institution, e Encoding) Rows {
	cols := []string{"unitid", "name", "city", "state", "zip", "web", "control", "latitude", "longitude",
		"tuition_in_state", "tuition_out_of_state", "total_enrollment", "distance_enrollment", "online_share",
		"grad_tuition_in_state", "grad_tuition_out_of_state", "aliases"}
	return rows("institutions", cols, rs, func(in *careerpath.Institution) []any {
		return []any{in.UnitID, in.Name, in.City, in.State, in.ZIP, in.Web, int(in.Control), in.Latitude, in.Longitude,
			in.TuitionInState, in.TuitionOutOfState, in.Enrollment, in.DistanceEnrollment, in.OnlineShare,
			in.GradTuitionInState, in.GradTuitionOutOfState, e.Names(in.Aliases)}
	})
}

// Programs returns the rows of programs; of each program's Institution
// only the UNITID is read.
func Programs(rs []careerpath.Program, e Encoding) Rows {
	cols := []string{"id", "unitid", "cip", "award", "name", "completers", "trend", "earnings_1yr", "earnings_4yr", "mean_debt", "source"}
	return rows("programs", cols, rs, func(p *careerpath.Program) []any {
		var trend any
		if p.CompletersTrend != nil {
			trend = e.JSON(p.CompletersTrend)
		}
		return []any{p.ID, p.Institution.UnitID, p.CIP, p.Award.Code, p.Name, p.Completers, trend, p.Earnings1Yr, p.Earnings4Yr, p.MeanDebt, p.Source}
	})
}

// CompletionTrends returns the rows of the 2020–2024 completions of the
// trend file.
func CompletionTrends(rs []opendata.CompletionYear) Rows {
	return rows("completions_trend", []string{"year", "unitid", "cip", "award", "total"}, rs, func(r *opendata.CompletionYear) []any {
		return []any{r.Year, r.UnitID, r.CIP, r.AwardLevel, r.Total}
	})
}

// ScorecardFields returns the rows of the Scorecard bachelor's file with
// each row's match (match[i] is rs[i]'s).
func ScorecardFields(rs []opendata.ScorecardField, match []opendata.ScorecardMatch) Rows {
	cols := []string{"institution", "major", "mean_debt", "monthly_payment", "earnings_1yr", "earnings_4yr", "unitid", "cip4"}
	return Rows{Table: "scorecard_fields", Cols: cols, N: len(rs), Row: func(i int) []any {
		r, m := &rs[i], match[i]
		var unit, cip4 any
		if m.UnitID != 0 {
			unit, cip4 = m.UnitID, m.CIP4
		}
		return []any{r.Institution, r.Major, r.MeanDebt, r.MonthlyPayment, r.Earnings1Yr, r.Earnings4Yr, unit, cip4}
	}}
}

// ScorecardPrograms returns the rows of the full Scorecard field-of-study
// schema.
func ScorecardPrograms(rs []opendata.ScorecardProgram) Rows {
	cols := []string{"unitid", "institution", "cip4", "cip_desc", "cred_level", "cred_desc", "debt_median", "earn_1yr", "distance"}
	return rows("scorecard_programs", cols, rs, func(r *opendata.ScorecardProgram) []any {
		return []any{r.UnitID, r.Institution, r.CIP, r.CIPDesc, r.CredLevel, r.CredDesc, r.DebtMedian, r.EarnMedian1Yr, r.Distance}
	})
}

// Datasets returns the rows of the datasets of an import with their
// figures, imported at at (in the store's form of a time).
func Datasets(ds []careerpath.Dataset, at any, e Encoding) Rows {
	cols := []string{"id", "title", "publisher", "as_of", "license", "attribution", "url", "files", "rows_read", "rows_stored", "rows_rejected", "rejections", "imported_at"}
	return rows("datasets", cols, ds, func(d *careerpath.Dataset) []any {
		return []any{d.ID, d.Title, d.Publisher, d.AsOf, d.License, d.Attribution, d.URL, e.JSON(nonNil(d.Files)),
			d.RowsRead, d.RowsStored, d.RowsRejected, e.JSON(nonNil(d.Rejections)), at}
	})
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
