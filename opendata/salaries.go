package opendata

import "io"

// Salary is one self-reported answer of the AI/ML/data salary survey
// (salaries_2025-01-19.csv): base salary, not total compensation.
type Salary struct {
	Year            int    // work_year, the year the salary was paid
	Experience      string // EN entry, MI mid, SE senior, EX executive
	Employment      string // FT full-time, PT part-time, CT contract, FL freelance
	Title           string // free text as the respondent chose it from the survey's list
	Amount          float64
	Currency        string  // ISO 4217 code of Amount, "USD"
	USD             float64 // Amount in US dollars, converted by the survey
	Residence       string  // employee_residence, ISO 3166 alpha-2 code
	RemoteRatio     int     // share of remote work in percent: 0, 50 or 100
	CompanyLocation string  // ISO 3166 alpha-2 code
	CompanySize     string  // S (fewer than 50), M (50 to 250), L (more than 250)
}

// ParseSalaries reads the salary survey. It has no unique key: identical
// answers are legitimately repeated (about half the rows equal another
// row), so repeats are kept; a count or a median needs every one. A code
// outside its list (experience, employment, company size), a remote ratio
// outside 0 to 100, a country or currency code of the wrong shape, or a
// negative amount fails the parse.
func ParseSalaries(src Source, r io.Reader) ([]Salary, error) {
	t, err := openTable(src, r, formatCSV, "work_year", "experience_level", "employment_type", "job_title", "salary",
		"salary_currency", "salary_in_usd", "employee_residence", "remote_ratio", "company_location", "company_size")
	if err != nil {
		return nil, err
	}
	var out []Salary
	for t.next() {
		s := Salary{
			Year:            t.int("work_year"),
			Experience:      t.oneOf("experience_level", "EN", "MI", "SE", "EX"),
			Employment:      t.oneOf("employment_type", "FT", "PT", "CT", "FL"),
			Title:           t.required("job_title"),
			Amount:          t.float("salary"),
			Currency:        upperCode(t, "salary_currency", 3),
			USD:             t.float("salary_in_usd"),
			Residence:       upperCode(t, "employee_residence", 2),
			RemoteRatio:     t.int("remote_ratio"),
			CompanyLocation: upperCode(t, "company_location", 2),
			CompanySize:     t.oneOf("company_size", "S", "M", "L"),
		}
		if t.Err() == nil {
			switch {
			case s.Year < 2000 || s.Year > 2100:
				t.fail("work_year", "want a year such as 2024, got %d", s.Year)
			case s.Amount < 0:
				t.fail("salary", "want an amount of 0 or more, got %v", s.Amount)
			case s.USD < 0:
				t.fail("salary_in_usd", "want an amount of 0 or more, got %v", s.USD)
			case s.RemoteRatio < 0 || s.RemoteRatio > 100:
				t.fail("remote_ratio", "want a percentage from 0 to 100, got %d", s.RemoteRatio)
			}
		}
		if t.Err() != nil {
			return nil, t.Err()
		}
		out = append(out, s)
	}
	if t.Err() != nil {
		return nil, t.Err()
	}
	return out, nil
}

// upperCode reads a code of n upper-case ASCII letters, such as a country
// ("US") or currency ("USD") code.
func upperCode(t *table, col string, n int) string {
	s := t.required(col)
	if s == "" {
		return ""
	}
	ok := len(s) == n
	for i := 0; ok && i < len(s); i++ {
		ok = s[i] >= 'A' && s[i] <= 'Z'
	}
	if !ok {
		t.fail(col, "want a code of %d capital letters, got %q", n, s)
	}
	return s
}
