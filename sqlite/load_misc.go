package sqlite

import (
	"context"
	"encoding/json"

	"github.com/careerpath/careerpath/opendata"
)

// LoadSalaries stores the salary survey records (US dollars only: the
// survey converts every salary, and the original currency is not used).
func (b *Builder) LoadSalaries(ctx context.Context, rows []opendata.Salary) error {
	cols := []string{"year", "experience", "employment", "title", "salary_usd", "residence", "remote_ratio", "company_location", "company_size"}
	return b.insert(ctx, "salaries", cols, len(rows), func(i int) []any {
		s := rows[i]
		return []any{s.Year, s.Experience, s.Employment, s.Title, s.USD, s.Residence, s.RemoteRatio, s.CompanyLocation, s.CompanySize}
	})
}

// LoadWorldUniversities stores the world universities list.
func (b *Builder) LoadWorldUniversities(ctx context.Context, rows []opendata.WorldUniversity) error {
	cols := []string{"name", "country", "country_code", "state_province", "domains", "web_pages"}
	return b.insert(ctx, "world_universities", cols, len(rows), func(i int) []any {
		u := rows[i]
		d, _ := json.Marshal(nonNil(u.Domains))
		w, _ := json.Marshal(nonNil(u.WebPages))
		return []any{u.Name, u.Country, u.CountryCode, u.StateProvince, string(d), string(w)}
	})
}
