package sqlite

import (
	"context"
	"math"
	"path/filepath"
	"slices"
	"testing"

	"github.com/careerpath/careerpath/figures"
	"github.com/careerpath/careerpath/opendata"
)

// figuresDB builds a small database with the records the figures read,
// through the same loaders an import uses.
func figuresDB(t *testing.T) *DB {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "cp.db")
	b, err := NewBuilder(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	emp := 233440
	f := 1.0
	steps := []error{
		b.LoadSalaries(ctx, []opendata.Salary{
			{Year: 2024, Experience: "SE", Employment: "FT", Title: "Machine Learning Engineer", USD: 194000, Currency: "USD", Residence: "US", CompanyLocation: "US", CompanySize: "L"},
			{Year: 2025, Experience: "EN", Employment: "PT", Title: "Data Scientist", USD: 90000, Currency: "USD", Residence: "DE", CompanyLocation: "DE", CompanySize: "S"},
		}),
		b.LoadOEWS(ctx, []opendata.OEWSOccupation{
			{SOC: "15-2051", Group: "detailed", Title: "Data Scientists", Employment: &emp, Annual: [5]opendata.Wage{
				{Value: 63650, Known: true}, {}, {Value: 112590, Known: true}, {Value: 155810, Known: true}, {Value: 239200, Known: true, TopCoded: true}}},
			{SOC: "15-1252", Group: "detailed", Title: "Software Developers"},
		}),
		b.LoadProjections(ctx, []opendata.Projection{
			{SOC: "15-2051", Title: "Data scientists", Type: "Line item", Emp2024: 245.9, Emp2034: 328.3, ChangePct: 33.5, Openings: 23.4, Education: "Bachelor's degree"},
			{SOC: "00-0000", Title: "Total, all occupations", Type: "Summary", Emp2024: 169956.1, Emp2034: 175167.9, ChangePct: 3.1, Openings: 18863.3},
		}),
		b.LoadONET(ctx, opendata.ONET{
			Occupations: []opendata.ONETOccupation{
				{Code: "15-2051.00", SOC: "15-2051", Title: "Data Scientists"},
				{Code: "15-2051.01", SOC: "15-2051", Title: "Business Intelligence Analysts"},
				{Code: "15-1252.00", SOC: "15-1252", Title: "Software Developers"},
			},
			JobZones:      []opendata.JobZone{{Code: "15-2051.00", SOC: "15-2051", Zone: 4}, {Code: "15-1252.00", SOC: "15-1252", Zone: 4}},
			JobZoneLevels: []opendata.JobZoneLevel{{Zone: 4, Name: "Job Zone Four: Considerable Preparation Needed"}},
			Tasks: []opendata.Task{
				{Code: "15-2051.00", SOC: "15-2051", ID: 21824, Text: "Apply feature selection algorithms."},
				{Code: "15-2051.01", SOC: "15-2051", ID: 16139, Text: "Maintain business intelligence tools.", Type: "Core", Incumbents: &f},
				{Code: "15-1252.00", SOC: "15-1252", ID: 21661, Text: "Analyze user needs."},
			},
			Technology: []opendata.TechnologySkill{
				{Code: "15-2051.00", SOC: "15-2051", Example: "Python", CommodityTitle: "Object or component oriented development software", Hot: true, InDemand: true},
				{Code: "15-1252.00", SOC: "15-1252", Example: "Git", CommodityTitle: "Configuration management software", Hot: true},
			},
		}),
	}
	for _, err := range steps {
		if err != nil {
			b.Abort()
			t.Fatal(err)
		}
	}
	if err := b.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestSalaryRecords(t *testing.T) {
	db := figuresDB(t)
	ctx := context.Background()
	all, err := db.SalaryRecords(ctx, nil)
	if err != nil || len(all) != 2 {
		t.Fatalf("SalaryRecords(nil) = %v, %v; want both answers", all, err)
	}
	got, err := db.SalaryRecords(ctx, []string{"Machine Learning Engineer", "Nobody"})
	want := []figures.Salary{{Year: 2024, Experience: "SE", Employment: "FT", Title: "Machine Learning Engineer", CompanyLocation: "US", USD: 194000}}
	if err != nil || !slices.Equal(got, want) {
		t.Errorf("SalaryRecords(Machine Learning Engineer) = %+v, %v; want %+v", got, err, want)
	}
	// Titles match exactly; normalisation is the caller's.
	if got, err := db.SalaryRecords(ctx, []string{"machine learning engineer"}); err != nil || len(got) != 0 {
		t.Errorf("SalaryRecords(lower case) = %+v, %v; want none", got, err)
	}
}

func TestOEWSWages(t *testing.T) {
	db := figuresDB(t)
	got, err := db.OEWS(context.Background(), []string{"15-2051", "15-1252"})
	if err != nil {
		t.Fatal(err)
	}
	want := []figures.OEWS{
		{SOC: "15-1252", Group: "detailed", Title: "Software Developers"},
		{SOC: "15-2051", Group: "detailed", Title: "Data Scientists", Annual: [5]figures.Wage{
			{Value: 63650, Known: true}, {}, {Value: 112590, Known: true}, {Value: 155810, Known: true}, {Value: 239200, Known: true, TopCoded: true}}},
	}
	if !slices.Equal(got, want) {
		t.Errorf("OEWS =\n%+v\nwant\n%+v", got, want)
	}
}

func TestProjectionsRecords(t *testing.T) {
	db := figuresDB(t)
	got, err := db.Projections(context.Background(), []string{"15-2051", "00-0000"})
	if err != nil {
		t.Fatal(err)
	}
	want := []figures.Projection{
		{SOC: "00-0000", Title: "Total, all occupations", Type: "Summary", Emp2024: 169956.1, Emp2034: 175167.9, ChangePct: 3.1, Openings: 18863.3},
		{SOC: "15-2051", Title: "Data scientists", Type: "Line item", Emp2024: 245.9, Emp2034: 328.3, ChangePct: 33.5, Openings: 23.4, Education: "Bachelor's degree"},
	}
	if !slices.Equal(got, want) {
		t.Errorf("Projections =\n%+v\nwant\n%+v", got, want)
	}
}

// TestTechnologyPrevalence checks the prevalence the import derives in
// SQL against figures.NewPrevalence over the same rows.
func TestTechnologyPrevalence(t *testing.T) {
	db := figuresDB(t)
	ctx := context.Background()
	rows, err := db.TechnologySkills(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := figures.NewPrevalence(rows)
	got, err := db.TechnologyPrevalence(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got.Occupations != want.Occupations || len(got.Share) != len(want.Share) || len(want.Share) == 0 {
		t.Fatalf("TechnologyPrevalence = %+v, want %+v", got, want)
	}
	for k, w := range want.Share {
		if g := got.Share[k]; math.Abs(g-w) > 1e-9 {
			t.Errorf("TechnologyPrevalence.Share[%q] = %v, want %v", k, g, w)
		}
	}
}

func TestONETRecords(t *testing.T) {
	db := figuresDB(t)
	ctx := context.Background()
	tech, err := db.TechnologySkills(ctx, []string{"15-2051"})
	wantTech := []figures.TechnologySkill{{Code: "15-2051.00", SOC: "15-2051", Example: "Python", Category: "Object or component oriented development software", Hot: true, InDemand: true}}
	if err != nil || !slices.Equal(tech, wantTech) {
		t.Errorf("TechnologySkills(15-2051) = %+v, %v; want %+v", tech, err, wantTech)
	}
	tasks, err := db.Tasks(ctx, []string{"15-2051"})
	wantTasks := []figures.Task{
		{Code: "15-2051.00", SOC: "15-2051", Title: "Data Scientists", ID: 21824, Text: "Apply feature selection algorithms."},
		{Code: "15-2051.01", SOC: "15-2051", Title: "Business Intelligence Analysts", ID: 16139, Text: "Maintain business intelligence tools.", Type: "Core"},
	}
	if err != nil || !slices.Equal(tasks, wantTasks) {
		t.Errorf("Tasks(15-2051) = %+v, %v; want %+v", tasks, err, wantTasks)
	}
	zones, err := db.JobZones(ctx, nil)
	wantZones := []figures.JobZone{
		{Code: "15-1252.00", SOC: "15-1252", Title: "Software Developers", Zone: 4, Name: "Job Zone Four: Considerable Preparation Needed"},
		{Code: "15-2051.00", SOC: "15-2051", Title: "Data Scientists", Zone: 4, Name: "Job Zone Four: Considerable Preparation Needed"},
	}
	if err != nil || !slices.Equal(zones, wantZones) {
		t.Errorf("JobZones(any) = %+v, %v; want %+v", zones, err, wantZones)
	}
}
