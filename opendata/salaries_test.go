package opendata

import (
	"slices"
	"strings"
	"testing"
)

const salariesHeader = "work_year,experience_level,employment_type,job_title,salary,salary_currency,salary_in_usd,employee_residence,remote_ratio,company_location,company_size\n"

const salaryRow = "2025,MI,FT,Prompt Engineer,65000,EUR,68421,AT,0,AT,M\n"

func TestParseSalaries(t *testing.T) {
	in := salariesHeader + salaryRow + salaryRow + // repeated answers are kept
		"2024,SE,CT,Machine Learning Engineer,194000.50,USD,194000.50,US,100,US,L\n"
	got, err := ParseSalaries(Source{"salaries", "t.csv"}, strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	want := []Salary{
		{Year: 2025, Experience: "MI", Employment: "FT", Title: "Prompt Engineer", Amount: 65000, Currency: "EUR", USD: 68421, Residence: "AT", RemoteRatio: 0, CompanyLocation: "AT", CompanySize: "M"},
		{Year: 2025, Experience: "MI", Employment: "FT", Title: "Prompt Engineer", Amount: 65000, Currency: "EUR", USD: 68421, Residence: "AT", RemoteRatio: 0, CompanyLocation: "AT", CompanySize: "M"},
		{Year: 2024, Experience: "SE", Employment: "CT", Title: "Machine Learning Engineer", Amount: 194000.5, Currency: "USD", USD: 194000.5, Residence: "US", RemoteRatio: 100, CompanyLocation: "US", CompanySize: "L"},
	}
	if !slices.Equal(got, want) {
		t.Errorf("ParseSalaries = %+v, want %+v", got, want)
	}
}

func TestParseSalariesErrors(t *testing.T) {
	row := salaryRow
	h := salariesHeader
	expectParseErrors(t, "ParseSalaries", ParseSalaries, Source{"salaries", "t.csv"}, []badInput{
		{"empty", "", "t.csv:1: empty file"},
		{"missing column", strings.Replace(h, "salary_in_usd", "usd", 1) + row, "t.csv:1: field salary_in_usd: missing column"},
		{"field count", h + "2025,MI,FT,Prompt Engineer,65000,EUR,68421,AT,0,AT\n", "t.csv:2: record has 10 fields, want 11"},
		{"not a number", h + strings.Replace(row, "68421", "68k", 1), "t.csv:2:7: field salary_in_usd: want a number"},
		{"experience", h + strings.Replace(row, ",MI,", ",JR,", 1), `t.csv:2:2: field experience_level: want one of ["EN" "MI" "SE" "EX"], got "JR"`},
		{"employment", h + strings.Replace(row, ",FT,", ",ft,", 1), "t.csv:2:3: field employment_type: want one of"},
		{"company size", h + strings.Replace(row, ",M\n", ",XL\n", 1), "t.csv:2:11: field company_size: want one of"},
		{"remote ratio", h + strings.Replace(row, "AT,0,AT", "AT,150,AT", 1), "t.csv:2:9: field remote_ratio: want a percentage"},
		{"country", h + strings.Replace(row, "AT,0,AT", "AUT,0,AT", 1), "t.csv:2:8: field employee_residence: want a code of 2 capital letters"},
		{"currency", h + strings.Replace(row, "EUR", "eur", 1), "t.csv:2:6: field salary_currency: want a code of 3 capital letters"},
		{"negative", h + strings.Replace(row, "65000", "-65000", 1), "t.csv:2:5: field salary: want an amount of 0 or more"},
		{"year", h + strings.Replace(row, "2025", "25", 1), "t.csv:2:1: field work_year: want a year"},
		{"blank title", h + strings.Replace(row, "Prompt Engineer", "", 1), "t.csv:2:4: field job_title: want a value"},
		{"invalid utf8", h + strings.Replace(row, "Prompt", "Pr\xf0mpt", 1), "t.csv:2:4: field job_title: invalid UTF-8"},
		{"truncated gzip", cutGzip(t, h+row), "truncated"},
	})
}

// TestSalariesBundled checks golden facts on the real bundled file,
// including a median computed here, not copied.
func TestSalariesBundled(t *testing.T) {
	got, err := ParseSalaries(Source{"salaries", "salaries_2025-01-19.csv.gz"}, openBundled(t, "aijobs-salaries/salaries_2025-01-19.csv.gz"))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 74301 {
		t.Errorf("rows = %d, want 74301", len(got))
	}
	titles := map[string]bool{}
	var usd []float64
	for _, s := range got {
		titles[s.Title] = true
		if s.Year == 2024 && s.Title == "Machine Learning Engineer" && s.CompanyLocation == "US" && s.Employment == "FT" {
			usd = append(usd, s.USD)
		}
	}
	if len(titles) != 290 {
		t.Errorf("distinct titles = %d, want 290", len(titles))
	}
	if len(usd) != 4220 {
		t.Errorf("2024 US full-time Machine Learning Engineer answers = %d, want 4220", len(usd))
	}
	if m := salaryMedian(usd); m != 194000 {
		t.Errorf("their median salary_in_usd = %v, want 194000", m)
	}
}

func salaryMedian(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

func FuzzParseSalaries(f *testing.F) {
	f.Add([]byte(salariesHeader + salaryRow + "2024,SE,CT,Machine Learning Engineer,194000.50,USD,194000.50,US,100,US,L\n"))
	f.Fuzz(func(t *testing.T, in []byte) {
		rows, err := ParseSalaries(Source{"salaries", "fuzz.csv"}, strings.NewReader(string(in)))
		checkFuzzResult(t, rows, err)
	})
}
