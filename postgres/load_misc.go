package postgres

import (
	"context"
	"time"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/opendata"
)

// LoadOEWS stores OEWS national wage estimates.
func (b *Builder) LoadOEWS(ctx context.Context, rows []opendata.OEWSOccupation) error {
	cols := []string{"soc", "o_group", "title", "employment", "annual_mean",
		"a_pct10", "a_pct10_top", "a_pct25", "a_pct25_top", "a_median", "a_median_top",
		"a_pct75", "a_pct75_top", "a_pct90", "a_pct90_top"}
	return b.load(ctx, "oews_wages", cols, len(rows), func(i int) []any {
		o := rows[i]
		v := []any{o.SOC, o.Group, o.Title, o.Employment, wageValue(o.AnnualMean)}
		for _, w := range o.Annual {
			v = append(v, wageValue(w), w.TopCoded)
		}
		return v
	})
}

// wageValue is the stored value of a wage: NULL where unknown.
func wageValue(w opendata.Wage) any {
	if !w.Known {
		return nil
	}
	return w.Value
}

// LoadProjections stores the BLS employment projections.
func (b *Builder) LoadProjections(ctx context.Context, rows []opendata.Projection) error {
	cols := []string{"soc", "title", "type", "employment_2024", "employment_2034", "change", "change_pct",
		"self_employed_pct", "openings", "median_wage", "median_wage_top", "education", "experience", "training"}
	return b.load(ctx, "bls_projections", cols, len(rows), func(i int) []any {
		p := rows[i]
		return []any{p.SOC, p.Title, p.Type, p.Emp2024, p.Emp2034, p.Change, p.ChangePct,
			p.SelfEmployedPct, p.Openings, wageValue(p.MedianWage), p.MedianWage.TopCoded, p.Education, p.Experience, p.Training}
	})
}

// LoadCIP stores the CIP 2020 taxonomy.
func (b *Builder) LoadCIP(ctx context.Context, rows []opendata.CIPCode) error {
	cols := []string{"code", "family", "action", "title", "definition", "cross_references", "examples"}
	return b.load(ctx, "cip_codes", cols, len(rows), func(i int) []any {
		c := rows[i]
		return []any{c.Code, c.Family, c.Action, c.Title, c.Definition, c.CrossReferences, jsonOf(nonNil(c.Examples))}
	})
}

// LoadCrosswalk stores the CIP–SOC pairs, the no-match rows with their
// missing side blank (as sqlite.Builder.LoadCrosswalk).
func (b *Builder) LoadCrosswalk(ctx context.Context, rows []opendata.CrosswalkPair) error {
	return b.load(ctx, "cip_soc", []string{"cip", "cip_title", "soc", "soc_title"}, len(rows), func(i int) []any {
		p := rows[i]
		return []any{p.CIP, p.CIPTitle, p.SOC, p.SOCTitle}
	})
}

// LoadSalaries stores the salary survey records (US dollars only).
func (b *Builder) LoadSalaries(ctx context.Context, rows []opendata.Salary) error {
	cols := []string{"year", "experience", "employment", "title", "salary_usd", "residence", "remote_ratio", "company_location", "company_size"}
	return b.load(ctx, "salaries", cols, len(rows), func(i int) []any {
		s := rows[i]
		return []any{s.Year, s.Experience, s.Employment, s.Title, s.USD, s.Residence, s.RemoteRatio, s.CompanyLocation, s.CompanySize}
	})
}

// LoadWorldUniversities stores the world universities list.
func (b *Builder) LoadWorldUniversities(ctx context.Context, rows []opendata.WorldUniversity) error {
	cols := []string{"name", "country", "country_code", "state_province", "domains", "web_pages"}
	return b.load(ctx, "world_universities", cols, len(rows), func(i int) []any {
		u := rows[i]
		return []any{u.Name, u.Country, u.CountryCode, u.StateProvince, jsonOf(nonNil(u.Domains)), jsonOf(nonNil(u.WebPages))}
	})
}

// LoadZIPCentroids stores the ZIP gazetteer.
func (b *Builder) LoadZIPCentroids(ctx context.Context, rows []opendata.ZIPCentroid) error {
	return b.load(ctx, "zip_centroids", []string{"zip", "city", "state", "lat", "lon"}, len(rows), func(i int) []any {
		z := rows[i]
		return []any{z.ZIP, z.City, z.State, z.Lat, z.Lon}
	})
}

// StoreDatasets records the datasets of the import with their figures.
func (b *Builder) StoreDatasets(ctx context.Context, ds []careerpath.Dataset) error {
	at := time.Now().UTC()
	cols := []string{"id", "title", "publisher", "as_of", "license", "attribution", "url", "files", "rows_read", "rows_stored", "rows_rejected", "rejections", "imported_at"}
	return b.load(ctx, "datasets", cols, len(ds), func(i int) []any {
		d := ds[i]
		return []any{d.ID, d.Title, d.Publisher, d.AsOf, d.License, d.Attribution, d.URL, jsonOf(nonNil(d.Files)),
			d.RowsRead, d.RowsStored, d.RowsRejected, jsonOf(nonNil(d.Rejections)), at}
	})
}
