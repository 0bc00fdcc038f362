// Package figures computes the figures of the career pages (pay, wages,
// growth, demand, skills, tasks) from open-data records, and says for each
// how it was computed and from which dataset.
//
// The package is pure computation: it reads records through a Source,
// which the database implements (package sqlite), and returns
// careerpath.Stat values. Every formula and threshold is a named constant
// or function here, and the Method text of each figure states it for
// readers. Figures are computed once, at startup, and cached by the caller.
package figures

import (
	"context"
	"fmt"
	"slices"
	"strings"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/figures/jobtitle"
	"github.com/careerpath/careerpath/opendata"
)

// Salary is one answer of the salary survey: base salary in US dollars.
type Salary struct {
	Year            int
	Experience      string // EN, MI, SE, EX
	Employment      string // FT, PT, CT, FL
	Title           string // as the survey writes it
	CompanyLocation string // ISO 3166 alpha-2
	USD             float64
}

// Wage is one OEWS annual wage estimate. Known is false where BLS publishes
// none; TopCoded is true where BLS publishes only that the wage is at or
// above its ceiling, which is then Value: a lower bound.
type Wage struct {
	Value    float64
	Known    bool
	TopCoded bool
}

// OEWS is the national OEWS estimate for one SOC code.
type OEWS struct {
	SOC    string // "15-2051"; "00-0000" for all occupations
	Group  string // total, major, minor, broad or detailed
	Title  string
	Annual [5]Wage // 10th, 25th, 50th, 75th, 90th percentile of annual wages
}

// Projection is the BLS 2024–34 projection for one SOC code. Employment
// and openings are in thousands, as BLS publishes them.
type Projection struct {
	SOC              string
	Title            string
	Type             string // "Line item" or "Summary"
	Emp2024, Emp2034 float64
	ChangePct        float64 // published percent change 2024–34
	Openings         float64 // annual average openings 2024–34, thousands
	Education        string  // typical education needed for entry; "" if none
}

// TechnologySkill is one technology example listed for an O*NET
// occupation.
type TechnologySkill struct {
	Code     string // O*NET-SOC, "15-2051.00"
	SOC      string // "15-2051"
	Example  string // "Python"
	Category string // commodity title
	Hot      bool
	InDemand bool
}

// Task is one task statement of an O*NET occupation.
type Task struct {
	Code  string // "15-2051.00"
	SOC   string
	Title string // the O*NET occupation's title
	ID    int
	Text  string
	Type  string // "Core", "Supplemental", or "" where O*NET has not rated it
}

// JobZone is the job zone of an O*NET occupation, with the zone's name.
type JobZone struct {
	Code  string
	SOC   string
	Title string // the O*NET occupation's title
	Zone  int    // 1 to 5
	Name  string // "Job Zone Four: Considerable Preparation Needed"
}

// Source provides the records the figures are computed from. A nil or
// empty socs or titles argument means every record.
type Source interface {
	FindDatasets(ctx context.Context) ([]*careerpath.Dataset, error)
	SalaryRecords(ctx context.Context, titles []string) ([]Salary, error)
	OEWS(ctx context.Context, socs []string) ([]OEWS, error)
	Projections(ctx context.Context, socs []string) ([]Projection, error)
	TechnologySkills(ctx context.Context, socs []string) ([]TechnologySkill, error)
	Tasks(ctx context.Context, socs []string) ([]Task, error)
	JobZones(ctx context.Context, socs []string) ([]JobZone, error)
	Descriptions(ctx context.Context) ([]Description, error)
	// TechnologyPrevalence is NewPrevalence over every technology row.
	TechnologyPrevalence(ctx context.Context) (Prevalence, error)
}

// Description is the title and description of one O*NET occupation.
type Description struct {
	Code  string // "15-2051.00"
	SOC   string
	Title string
	Text  string
}

// AllOccupations is the SOC code of the all-occupations totals in OEWS and
// the projections.
const AllOccupations = "00-0000"

// data is every record the figures of a set of careers need.
type data struct {
	meta        map[string]*careerpath.Dataset
	salaries    []Salary
	oews        map[string]OEWS       // by SOC, detailed rows preferred
	projections map[string]Projection // by SOC, line items preferred
	prevalence  Prevalence
	// By SOC code, so that a career's figures cost what its occupations
	// hold, not what all of them do.
	techBySOC  map[string][]TechnologySkill
	tasksBySOC map[string][]Task
	zonesBySOC map[string][]JobZone
	about      map[string]Description // by O*NET code
}

// Compute computes the figures of every career, and the site-level
// figures, from the records of source.
func Compute(ctx context.Context, source Source, careers []*careerpath.Career) (*careerpath.SiteFigures, error) {
	d, err := load(ctx, source, careers)
	if err != nil {
		return nil, err
	}
	survey, err := newSurvey(d, careers)
	if err != nil {
		return nil, err
	}
	site := &careerpath.SiteFigures{Careers: map[string]*careerpath.CareerFigures{}}
	for _, c := range careers {
		f := &careerpath.CareerFigures{Slug: c.Slug}
		f.Pay, f.PayByLevel = survey.pay(c)
		f.BaseWages = d.baseWages(c)
		f.Growth, f.Growth5y, f.Openings = d.growth(c)
		f.Skills = d.skills(c)
		f.TopTasks = d.topTasks(c)
		f.EntryEducation = d.entryEducation(c)
		f.JobZone = d.jobZone(c)
		f.Description = d.description(c)
		site.Careers[c.Slug] = f
	}
	d.rank(careers, site.Careers)
	ref := NewReference(d.occupations())
	for _, c := range careers {
		f := site.Careers[c.Slug]
		f.Hot = HotBadge(ref, f.Growth, f.BaseWages)
	}
	site.SurveyCoverage = survey.coverage()
	return site, nil
}

func load(ctx context.Context, source Source, careers []*careerpath.Career) (*data, error) {
	socs := []string{AllOccupations}
	for _, c := range careers {
		if len(c.Occupations) == 0 {
			return nil, careerpath.Errorf(careerpath.EINVALID, "career %s has no occupations", c.Slug)
		}
		for _, o := range c.Occupations {
			if !slices.Contains(socs, o.SOC) {
				socs = append(socs, o.SOC)
			}
		}
	}
	ds, err := source.FindDatasets(ctx)
	if err != nil {
		return nil, err
	}
	d := &data{meta: map[string]*careerpath.Dataset{}, oews: map[string]OEWS{}, projections: map[string]Projection{}}
	for _, m := range ds {
		d.meta[m.ID] = m
	}
	for _, id := range []string{opendata.DatasetSalaries, opendata.DatasetOEWS, opendata.DatasetProjections, opendata.DatasetONET} {
		if d.meta[id] == nil {
			return nil, fmt.Errorf("figures: dataset %s is not in the database", id)
		}
	}
	if d.salaries, err = source.SalaryRecords(ctx, nil); err != nil {
		return nil, err
	}
	// Every occupation's wages and projections: the Hot badge compares
	// careers with all of them.
	oews, err := source.OEWS(ctx, nil)
	if err != nil {
		return nil, err
	}
	for _, o := range oews {
		// A code published only at the broad level appears as both
		// "broad" and "detailed", with the same figures.
		if prev, ok := d.oews[o.SOC]; !ok || prev.Group != "detailed" {
			d.oews[o.SOC] = o
		}
	}
	projections, err := source.Projections(ctx, nil)
	if err != nil {
		return nil, err
	}
	for _, p := range projections {
		if prev, ok := d.projections[p.SOC]; !ok || prev.Type != "Line item" {
			d.projections[p.SOC] = p
		}
	}
	tech, err := source.TechnologySkills(ctx, socs[1:])
	if err != nil {
		return nil, err
	}
	if d.prevalence, err = source.TechnologyPrevalence(ctx); err != nil {
		return nil, err
	}
	tasks, err := source.Tasks(ctx, socs[1:])
	if err != nil {
		return nil, err
	}
	zones, err := source.JobZones(ctx, socs[1:])
	if err != nil {
		return nil, err
	}
	about, err := source.Descriptions(ctx)
	if err != nil {
		return nil, err
	}
	d.techBySOC, d.tasksBySOC, d.zonesBySOC = bySOC(tech, func(r TechnologySkill) string { return r.SOC }),
		bySOC(tasks, func(t Task) string { return t.SOC }), bySOC(zones, func(z JobZone) string { return z.SOC })
	d.about = map[string]Description{}
	for _, a := range about {
		d.about[a.Code] = a
	}
	return d, nil
}

func bySOC[T any](rows []T, soc func(T) string) map[string][]T {
	out := map[string][]T{}
	for _, r := range rows {
		out[soc(r)] = append(out[soc(r)], r)
	}
	return out
}

// provenance returns the provenance of a figure computed from dataset id.
func (d *data) provenance(id, method string) careerpath.Provenance {
	m := d.meta[id]
	return careerpath.Provenance{Source: id, SourceTitle: m.Title, AsOf: m.AsOf, Method: method}
}

// highestWeight returns the occupations of the career's blend that have
// its highest weight, in the career's order.
func highestWeight(c *careerpath.Career) []careerpath.OccupationWeight {
	var top []careerpath.OccupationWeight
	for _, o := range c.Occupations {
		switch {
		case len(top) == 0 || o.Weight > top[0].Weight:
			top = []careerpath.OccupationWeight{o}
		case o.Weight == top[0].Weight:
			top = append(top, o)
		}
	}
	return top
}

// titleKey is the comparison form of a survey title.
func titleKey(s string) string { return jobtitle.Normalize(s) }

// dollars formats an annual amount: "$194,000".
func dollars(v float64) string {
	n := int64(v + 0.5)
	s := fmt.Sprint(n)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return "$" + b.String()
}

// count formats a whole number with thousands separators: "4,220".
func count(n int) string { return strings.TrimPrefix(dollars(float64(n)), "$") }

// percent formats a percentage with one decimal: "33.5%".
func percent(v float64) string { return fmt.Sprintf("%.1f%%", v) }

func intPtr(n int) *int { return &n }
