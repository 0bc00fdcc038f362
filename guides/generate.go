package guides

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"unicode"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/figures"
)

// Generated counts the careers generated from the occupations, and those
// skipped, by reason.
type Generated struct {
	Occupations int            // detailed occupations with OEWS wages or a BLS projection
	Careers     int            // careers generated for them
	Skipped     map[string]int // by reason
}

// Skip reasons of Generated.
const (
	SkipEdited = "an edited guide stands for the occupation alone"
)

// generate returns a career for every detailed occupation that has OEWS
// wages or a BLS projection, except those an edited career stands for
// alone (its blend is that one code): a data-only page, with the
// occupation as its whole blend, no survey titles and no editorial text.
// The slug comes from the BLS title ("registered-nurses"); a title whose
// slug is taken gets the SOC code appended.
func generate(ctx context.Context, src figures.Source, edited []*careerpath.Career) ([]*careerpath.Career, Generated, error) {
	g := Generated{Skipped: map[string]int{}}
	oews, err := src.OEWS(ctx, nil)
	if err != nil {
		return nil, g, err
	}
	projections, err := src.Projections(ctx, nil)
	if err != nil {
		return nil, g, err
	}
	about, err := src.Descriptions(ctx)
	if err != nil {
		return nil, g, err
	}
	title := map[string]string{}
	for _, p := range projections {
		if p.Type == "Line item" && p.SOC != figures.AllOccupations {
			title[p.SOC] = p.Title
		}
	}
	for _, o := range oews { // OEWS titles win: they are in title case
		if o.Group == "detailed" && o.SOC != figures.AllOccupations {
			title[o.SOC] = o.Title
		}
	}
	summary := map[string]string{}
	for _, a := range about {
		if a.Code == a.SOC+".00" {
			summary[a.SOC] = a.Text
		}
	}
	alone := map[string]bool{}
	taken := map[string]bool{}
	for _, c := range edited {
		taken[c.Slug] = true
		if len(c.Occupations) == 1 {
			alone[c.Occupations[0].SOC] = true
		}
	}
	socs := make([]string, 0, len(title))
	for soc := range title {
		socs = append(socs, soc)
	}
	sort.Strings(socs)
	g.Occupations = len(socs)
	var out []*careerpath.Career
	for _, soc := range socs {
		if alone[soc] {
			g.Skipped[SkipEdited]++
			continue
		}
		slug := Slug(title[soc])
		if taken[slug] {
			slug += "-" + soc
		}
		taken[slug] = true
		out = append(out, &careerpath.Career{
			Slug: slug, Title: title[soc], Summary: summary[soc], Generated: true,
			Occupations: []careerpath.OccupationWeight{{SOC: soc, Weight: 1, Note: "The occupation itself."}},
		})
	}
	g.Careers = len(out)
	return out, g, nil
}

// Slug returns the URL slug of a title: "Registered Nurses" →
// "registered-nurses"; letters and digits kept, everything else a single
// hyphen.
func Slug(title string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(title) {
		if unicode.IsLetter(r) && r < unicode.MaxASCII || unicode.IsDigit(r) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		} else {
			dash = true
		}
	}
	return b.String()
}

// String is the summary line of the import: "826 occupations: 825 careers
// generated, 1 skipped (an edited guide stands for the occupation alone)".
func (g Generated) String() string {
	var skipped []string
	n := 0
	for reason, k := range g.Skipped {
		n += k
		skipped = append(skipped, fmt.Sprintf("%d %s", k, reason))
	}
	sort.Strings(skipped)
	s := fmt.Sprintf("%d occupations with OEWS wages or a BLS projection: %d career pages generated, %d skipped", g.Occupations, g.Careers, n)
	if n > 0 {
		s += " (" + strings.Join(skipped, "; ") + ")"
	}
	return s
}

// Count returns what Generate would generate over src for the edited
// careers, without computing figures: for the import summary.
func Count(ctx context.Context, src figures.Source, edited []*careerpath.Career) (Generated, error) {
	_, g, err := generate(ctx, src, edited)
	return g, err
}
