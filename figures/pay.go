package figures

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/opendata"
)

// Survey scope: the answers that pay figures are computed from.
const (
	// SurveyCompanyLocation keeps answers from people employed by
	// companies in the US, since every other figure on the site is for
	// the US.
	SurveyCompanyLocation = "US"
	// SurveyEmployment keeps full-time answers: part-time, contract and
	// freelance pay are not comparable as annual salaries.
	SurveyEmployment = "FT"
)

// MinAnswers is the fewest survey answers a pay figure is shown for. With
// fewer than 30 answers the 10th and 90th percentiles rest on two or three
// answers each, and one unusual answer moves the median visibly; 30 is the
// usual rule of thumb for a sample large enough to summarise.
const MinAnswers = 30

// Percentile returns the p-th percentile (0 to 100) of sorted, an
// ascending slice, by linear interpolation between the two nearest ranks:
// with h = (n−1)·p/100, the value is x[⌊h⌋] + (h−⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]).
// This is numpy's default ("linear", Hyndman and Fan type 7). It returns
// NaN for an empty slice.
func Percentile(sorted []float64, p float64) float64 {
	n := len(sorted)
	if n == 0 {
		return math.NaN()
	}
	h := float64(n-1) * p / 100
	lo := int(math.Floor(h))
	if lo >= n-1 {
		return sorted[n-1]
	}
	if lo < 0 {
		return sorted[0]
	}
	return sorted[lo] + (h-float64(lo))*(sorted[lo+1]-sorted[lo])
}

// Distribution returns the 10th, 25th, 50th, 75th and 90th percentiles of
// values (in any order; values is sorted in place).
func Distribution(values []float64) careerpath.Percentiles {
	slices.Sort(values)
	return careerpath.Percentiles{
		P10:    Percentile(values, 10),
		P25:    Percentile(values, 25),
		Median: Percentile(values, 50),
		P75:    Percentile(values, 75),
		P90:    Percentile(values, 90),
	}
}

var isoDate = regexp.MustCompile(`\b(\d{4})-\d{2}-\d{2}\b`)

// LatestFullYear returns the latest calendar year the survey covers in
// full. The survey is a snapshot of a running collection, and answers for
// the year of the snapshot are still arriving, so the latest full year is
// the one before the snapshot's: for the 2025-01-19 snapshot, 2024. asOf is
// the dataset's as-of text, which must contain the snapshot date
// (YYYY-MM-DD). The year must have answers.
func LatestFullYear(asOf string, records []Salary) (int, error) {
	m := isoDate.FindStringSubmatch(asOf)
	if m == nil {
		return 0, fmt.Errorf("figures: salary survey as-of %q has no snapshot date", asOf)
	}
	snapshot, _ := strconv.Atoi(m[1])
	year := snapshot - 1
	for _, r := range records {
		if r.Year == year {
			return year, nil
		}
	}
	return 0, fmt.Errorf("figures: salary survey has no answers for %d, the year before its %s snapshot", year, m[0])
}

// survey holds the answers in scope, grouped by the career their title
// counts for.
type survey struct {
	d         *data
	year      int
	snapshot  string
	inScope   int                 // answers in scope
	byCareer  map[string][]Salary // in-scope answers, by career slug
	matched   int                 // in-scope answers whose title counts for a career
	unmatched map[string]int      // in-scope answers by title that counts for no career
}

func newSurvey(d *data, careers []*careerpath.Career) (*survey, error) {
	meta := d.meta[opendata.DatasetSalaries]
	year, err := LatestFullYear(meta.AsOf, d.salaries)
	if err != nil {
		return nil, err
	}
	owner := map[string]string{} // normalised title → career slug
	for _, c := range careers {
		for _, t := range c.SurveyTitles {
			k := titleKey(t)
			if prev, ok := owner[k]; ok && prev != c.Slug {
				return nil, careerpath.Errorf(careerpath.EINVALID, "survey title %q counts for both %s and %s", t, prev, c.Slug)
			}
			owner[k] = c.Slug
		}
	}
	s := &survey{d: d, year: year, snapshot: isoDate.FindString(meta.AsOf), byCareer: map[string][]Salary{}, unmatched: map[string]int{}}
	for _, r := range d.salaries {
		if !s.in(r) {
			continue
		}
		s.inScope++
		if slug, ok := owner[titleKey(r.Title)]; ok {
			s.byCareer[slug] = append(s.byCareer[slug], r)
			s.matched++
		} else {
			s.unmatched[r.Title]++
		}
	}
	return s, nil
}

// in reports whether an answer is in the scope of the pay figures.
func (s *survey) in(r Salary) bool {
	return r.Year == s.year && r.CompanyLocation == SurveyCompanyLocation && r.Employment == SurveyEmployment
}

// scope describes the answers in scope, for Method texts.
func (s *survey) scope() string {
	return fmt.Sprintf("full-time employees of US companies in %d. %d is the latest full year in the survey: "+
		"the snapshot was taken on %s, so answers for %d cover only part of that year",
		s.year, s.year, s.snapshot, s.year+1)
}

// Pay returns the pay figure of a set of survey answers, nil if there are
// fewer than MinAnswers.
func Pay(records []Salary) (*careerpath.Percentiles, int) {
	if len(records) < MinAnswers {
		return nil, len(records)
	}
	v := make([]float64, len(records))
	for i, r := range records {
		v[i] = r.USD
	}
	p := Distribution(v)
	return &p, len(v)
}

// levels are the survey's experience levels, in order, with their labels.
var levels = []struct{ code, label string }{
	{careerpath.LevelEntry, "Entry level"},
	{careerpath.LevelMid, "Mid level"},
	{careerpath.LevelSenior, "Senior"},
	{careerpath.LevelExecutive, "Executive"},
}

func (s *survey) pay(c *careerpath.Career) (*careerpath.Stat, []careerpath.LevelPay) {
	records := s.byCareer[c.Slug]
	titles := map[string]bool{}
	for _, r := range records {
		titles[r.Title] = true
	}
	method := fmt.Sprintf("Base salary (not bonus or equity) reported to the salary survey under the %d job titles this career counts "+
		"(%d of them have answers; titles are compared ignoring case, spacing and the abbreviations ML and AI), by %s. "+
		"Percentiles interpolate linearly between the two nearest answers. Shown only with at least %d answers.",
		len(c.SurveyTitles), len(titles), s.scope(), MinAnswers)
	p, n := Pay(records)
	if p == nil {
		return nil, nil
	}
	all := s.stat(p, n, method)
	var byLevel []careerpath.LevelPay
	for _, l := range levels {
		var rs []Salary
		for _, r := range records {
			if r.Experience == l.code {
				rs = append(rs, r)
			}
		}
		p, n := Pay(rs)
		if p == nil {
			continue
		}
		m := fmt.Sprintf("%s This figure counts only the %s answers at %s (survey experience level %s).",
			method, count(n), strings.ToLower(l.label), l.code)
		byLevel = append(byLevel, careerpath.LevelPay{Level: l.code, Label: l.label, Pay: *s.stat(p, n, m)})
	}
	return all, byLevel
}

func (s *survey) stat(p *careerpath.Percentiles, n int, method string) *careerpath.Stat {
	return &careerpath.Stat{
		Provenance:  s.d.provenance(opendata.DatasetSalaries, method),
		Value:       p.Median,
		Unit:        careerpath.UnitUSD,
		Percentiles: p,
		N:           intPtr(n),
	}
}

// coverage is the share of in-scope answers whose title counts for some
// career.
func (s *survey) coverage() careerpath.Stat {
	share := 0.0
	if s.inScope > 0 {
		share = 100 * float64(s.matched) / float64(s.inScope)
	}
	method := fmt.Sprintf("Share of the salary survey's answers whose job title counts for one of the careers on this site: %s of the %s answers by %s. "+
		"The other answers are under titles no career lists, often generic ones such as \"Engineer\" or \"Manager\".",
		count(s.matched), count(s.inScope), s.scope())
	return careerpath.Stat{
		Provenance: s.d.provenance(opendata.DatasetSalaries, method),
		Value:      share,
		Unit:       careerpath.UnitPercent,
		N:          intPtr(s.inScope),
	}
}
