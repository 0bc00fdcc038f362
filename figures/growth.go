package figures

import (
	"fmt"
	"math"
	"sort"
	"strings"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/opendata"
)

// oewsPercentiles are the percentiles of OEWS.Annual.
var oewsPercentiles = [5]int{10, 25, 50, 75, 90}

// BlendWages blends the OEWS annual wage percentiles of several
// occupations: each percentile is the average of the occupations'
// percentiles weighted by the career's weights, over the occupations that
// have an estimate for it (weights re-scaled to sum to 1 over those). A
// top-coded value enters at the BLS ceiling, a lower bound, so the blended
// percentile is marked AtLeast: the true blend is that or more. It returns
// nil if some percentile has no estimate in any of the occupations, rather
// than show a range with a hole in it.
//
// This is a weighted average of percentiles, not a percentile of the
// pooled workers, which OEWS does not publish; the Method says so.
func BlendWages(weights []float64, wages []*OEWS) *careerpath.Percentiles {
	var out [5]float64
	var atLeast []int
	for k := range oewsPercentiles {
		var sum, wsum float64
		top := false
		for i, w := range wages {
			if w == nil || !w.Annual[k].Known {
				continue
			}
			sum += weights[i] * w.Annual[k].Value
			wsum += weights[i]
			top = top || w.Annual[k].TopCoded
		}
		if wsum == 0 {
			return nil
		}
		out[k] = sum / wsum
		if top {
			atLeast = append(atLeast, oewsPercentiles[k])
		}
	}
	return &careerpath.Percentiles{P10: out[0], P25: out[1], Median: out[2], P75: out[3], P90: out[4], AtLeast: atLeast}
}

// blendNote describes the blend of a career for Method texts:
// "Data Scientists (15-2051) 40%, Software Developers (15-1252) 40%, …".
func blendNote(c *careerpath.Career, title func(soc string) string) string {
	if len(c.Occupations) == 1 {
		o := c.Occupations[0]
		return fmt.Sprintf("the occupation %s (%s)", title(o.SOC), o.SOC)
	}
	var parts []string
	for _, o := range c.Occupations {
		parts = append(parts, fmt.Sprintf("%s (%s) %s", title(o.SOC), o.SOC, weightPct(o.Weight)))
	}
	return "the career's blend of occupations: " + strings.Join(parts, ", ")
}

func weightPct(w float64) string {
	return strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%.1f", 100*w), "0"), ".") + "%"
}

func (d *data) socTitle(soc string) string {
	if p, ok := d.projections[soc]; ok {
		return p.Title
	}
	if o, ok := d.oews[soc]; ok {
		return o.Title
	}
	return soc
}

// missing lists the SOC codes of the career that have no record, for
// Method texts; "" if none.
func missing(c *careerpath.Career, has func(soc string) bool) string {
	var out []string
	for _, o := range c.Occupations {
		if !has(o.SOC) {
			out = append(out, o.SOC)
		}
	}
	if len(out) == 0 {
		return ""
	}
	return fmt.Sprintf(" BLS publishes no estimate for %s, so the other occupations' weights were scaled up to make up the whole.", strings.Join(out, ", "))
}

func (d *data) baseWages(c *careerpath.Career) *careerpath.Stat {
	weights := make([]float64, len(c.Occupations))
	wages := make([]*OEWS, len(c.Occupations))
	for i, o := range c.Occupations {
		weights[i] = o.Weight
		if w, ok := d.oews[o.SOC]; ok {
			wages[i] = &w
		}
	}
	p := BlendWages(weights, wages)
	if p == nil {
		return nil
	}
	method := fmt.Sprintf("Base wages (not bonus or equity) of all US employees in %s, from the BLS wage survey of employers.", blendNote(c, d.socTitle))
	if len(c.Occupations) > 1 {
		method += " Each percentile is the weighted average of the occupations' percentiles, not a percentile of the pooled workers, which BLS does not publish."
	}
	method += missing(c, func(soc string) bool { _, ok := d.oews[soc]; return ok })
	if len(p.AtLeast) > 0 {
		method += fmt.Sprintf(" BLS reports wages of %s or more only as \"%s or more\"; they enter at that amount, so a percentile marked \"at least\" may be higher.",
			dollars(opendata.OEWSAnnualCeiling), dollars(opendata.OEWSAnnualCeiling))
	}
	return &careerpath.Stat{
		Provenance:  d.provenance(opendata.DatasetOEWS, method),
		Value:       p.Median,
		Unit:        careerpath.UnitUSD,
		Percentiles: p,
		AtLeast:     p.IsAtLeast(50),
	}
}

// BlendGrowth returns the employment-weighted growth of a blend, in
// percent: g = Σ wᵢ·E2034ᵢ / Σ wᵢ·E2024ᵢ − 1, the projected growth of a
// workforce made of the share wᵢ of each occupation's jobs. Large
// occupations therefore count for more than their weight alone. It also
// returns the blend's annual openings, Σ wᵢ·openingsᵢ (in the projections'
// unit), for the same workforce. Occupations without a projection (nil)
// are left out and the others' weights re-scaled to sum to 1. ok is false
// if no occupation has one.
func BlendGrowth(weights []float64, ps []*Projection) (growth, openings float64, ok bool) {
	var e24, e34, open, wsum float64
	for i, p := range ps {
		if p == nil {
			continue
		}
		e24 += weights[i] * p.Emp2024
		e34 += weights[i] * p.Emp2034
		open += weights[i] * p.Openings
		wsum += weights[i]
	}
	if wsum == 0 || e24 == 0 {
		return 0, 0, false
	}
	return 100 * (e34/e24 - 1), open / wsum, true
}

// FiveYear derives a 5-year growth rate from a 10-year one (both in
// percent), assuming the same rate of growth every year: (1+g₁₀)^½ − 1.
func FiveYear(g10 float64) float64 {
	return 100 * (math.Sqrt(1+g10/100) - 1)
}

func (d *data) growth(c *careerpath.Career) (growth, growth5y, openings *careerpath.Stat) {
	weights := make([]float64, len(c.Occupations))
	ps := make([]*Projection, len(c.Occupations))
	for i, o := range c.Occupations {
		weights[i] = o.Weight
		if p, ok := d.projections[o.SOC]; ok {
			ps[i] = &p
		}
	}
	g, open, ok := BlendGrowth(weights, ps)
	if !ok {
		return nil, nil, nil
	}
	gap := missing(c, func(soc string) bool { _, ok := d.projections[soc]; return ok })
	blend := blendNote(c, d.socTitle)
	var gm, om string
	if len(c.Occupations) == 1 {
		gm = fmt.Sprintf("Projected change in the number of jobs in %s from 2024 to 2034.", blend)
		om = fmt.Sprintf("Projected openings a year in %s, on average over 2024–34: new jobs plus jobs left by people retiring or changing occupation.", blend)
	} else {
		gm = fmt.Sprintf("Projected change in the number of jobs from 2024 to 2034 for %s. "+
			"The blend's growth is its projected 2034 jobs over its 2024 jobs, each occupation counted with its weight times its jobs, so large occupations count for more.", blend)
		om = fmt.Sprintf("Projected openings a year on average over 2024–34 (new jobs plus jobs left by people retiring or changing occupation) for %s: "+
			"each occupation's openings times its weight, summed.", blend)
	}
	prov := func(m string) careerpath.Provenance { return d.provenance(opendata.DatasetProjections, m+gap) }
	growth = &careerpath.Stat{Provenance: prov(gm), Value: g, Unit: careerpath.UnitPercent}
	growth5y = &careerpath.Stat{
		Provenance: prov(fmt.Sprintf("Derived, not published by BLS: the 5-year change that, repeated, gives the 10-year projection of %s, that is √(1 + %s) − 1, assuming the same growth every year.", percent(g), percent(g))),
		Value:      FiveYear(g), Unit: careerpath.UnitPercent, Derived: true,
	}
	openings = &careerpath.Stat{Provenance: prov(om), Value: math.Round(open * 1000), Unit: careerpath.UnitJobs}
	return growth, growth5y, openings
}

// Demand is what the demand rank of a career is computed from.
type Demand struct {
	Slug     string
	Openings float64 // annual openings
	Growth   float64 // percent change 2024–34
}

// Ranked is the demand rank of a career and the positions it comes from.
type Ranked struct {
	Slug                 string
	Rank                 int // 1 the highest demand
	ByOpenings, ByGrowth int // position by openings and by growth, 1 the highest
	Score                float64
}

// RankDemand ranks careers by demand: each career's position by annual
// openings and its position by growth (1 the highest; careers with equal
// values share the better position) are averaged, and the lowest average
// ranks first. Ties go to the career with more openings, then higher
// growth, then the slug. Positions rather than the figures themselves are
// averaged because openings span orders of magnitude between careers while
// growth spans tens of percent: positions weigh the two equally, need no
// scaling, and a reader can check them from the two figures.
func RankDemand(careers []Demand) []Ranked {
	position := func(i int, value func(Demand) float64) int {
		pos := 1
		for _, o := range careers {
			if value(o) > value(careers[i]) {
				pos++
			}
		}
		return pos
	}
	out := make([]Ranked, len(careers))
	for i, c := range careers {
		r := Ranked{Slug: c.Slug,
			ByOpenings: position(i, func(d Demand) float64 { return d.Openings }),
			ByGrowth:   position(i, func(d Demand) float64 { return d.Growth })}
		r.Score = float64(r.ByOpenings+r.ByGrowth) / 2
		out[i] = r
	}
	idx := make([]int, len(careers))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool {
		x, y := out[idx[a]], careers[idx[a]]
		u, v := out[idx[b]], careers[idx[b]]
		switch {
		case x.Score != u.Score:
			return x.Score < u.Score
		case y.Openings != v.Openings:
			return y.Openings > v.Openings
		case y.Growth != v.Growth:
			return y.Growth > v.Growth
		}
		return y.Slug < v.Slug
	})
	ranked := make([]Ranked, len(careers))
	for r, i := range idx {
		out[i].Rank = r + 1
		ranked[r] = out[i]
	}
	return ranked
}

// rank sets the DemandRank of every career with growth and openings,
// among every career and occupation on the site: the edited careers
// (careers not Generated) and every occupation with a BLS projection that
// no edited career stands for alone. A generated career has its
// occupation's place. The population does not depend on which generated
// careers are computed, so figures computed in two calls agree.
func (d *data) rank(careers []*careerpath.Career, figs map[string]*careerpath.CareerFigures) {
	var in []Demand
	alone := map[string]bool{}
	for _, c := range careers {
		if c.Generated {
			continue
		}
		if len(c.Occupations) == 1 {
			alone[c.Occupations[0].SOC] = true
		}
		f := figs[c.Slug]
		if f.Growth != nil && f.Openings != nil {
			in = append(in, Demand{Slug: c.Slug, Openings: f.Openings.Value, Growth: f.Growth.Value})
		}
	}
	for soc, p := range d.projections {
		if soc == AllOccupations || p.Type != "Line item" || alone[soc] || p.Emp2024 == 0 {
			continue
		}
		in = append(in, Demand{Slug: occupationKey(soc), Openings: math.Round(p.Openings * 1000), Growth: 100 * (p.Emp2034/p.Emp2024 - 1)})
	}
	sort.Slice(in, func(i, j int) bool { return in[i].Slug < in[j].Slug })
	ranked := map[string]Ranked{}
	for _, r := range RankDemand(in) {
		ranked[r.Slug] = r
	}
	for _, c := range careers {
		key := c.Slug
		if c.Generated {
			key = occupationKey(c.Occupations[0].SOC)
		}
		r, ok := ranked[key]
		f := figs[c.Slug]
		if !ok || f.Growth == nil || f.Openings == nil {
			continue
		}
		method := fmt.Sprintf("Rank by demand among the %s careers and occupations on this site. They are put in order twice, by projected openings a year and by projected growth 2024–34, "+
			"and the two positions are averaged; the lowest average ranks first, and a tie goes to more openings. "+
			"This career is %s by openings (%s a year) and %s by growth (%s): average %.1f.",
			count(len(in)), ordinal(r.ByOpenings), count(int(f.Openings.Value)), ordinal(r.ByGrowth), percent(f.Growth.Value), r.Score)
		f.DemandRank = &careerpath.Stat{
			Provenance: d.provenance(opendata.DatasetProjections, method),
			Value:      float64(r.Rank), Unit: careerpath.UnitRank, OutOf: len(in),
		}
	}
}

// occupationKey is the key of an occupation in the demand ranking.
func occupationKey(soc string) string { return "soc:" + soc }

func ordinal(n int) string {
	suffix := "th"
	if n%100 < 11 || n%100 > 13 {
		switch n % 10 {
		case 1:
			suffix = "st"
		case 2:
			suffix = "nd"
		case 3:
			suffix = "rd"
		}
	}
	return fmt.Sprint(n) + suffix
}

// Reference holds the figures of all occupations that the Hot badge
// compares a career with.
type Reference struct {
	// Occupations is how many detailed occupations have both a BLS
	// projection and an OEWS median wage: the population of the rule.
	Occupations int
	// GrowthCut is the lowest projected growth 2024–34 (percent) in the
	// top tenth of those occupations, WageCut the lowest OEWS median
	// annual wage in their top quarter.
	GrowthCut, WageCut float64
	// Both is how many of those occupations meet both cuts.
	Both int
}

// Shares of the occupations whose growth and wage the Hot badge asks a
// career to match: the top tenth by growth and the top quarter by wage.
const (
	HotGrowthTop = 0.10
	HotWageTop   = 0.25
)

// Occupation is one detailed occupation's projected growth and OEWS
// median wage, for NewReference.
type Occupation struct {
	SOC    string
	Growth float64 // percent change 2024–34
	Median float64 // OEWS median annual wage; the ceiling where top-coded
}

// NewReference computes the cuts of the Hot badge over occupations: the
// growth of the ⌈n·HotGrowthTop⌉-th fastest-growing occupation and the
// median wage of the ⌈n·HotWageTop⌉-th best-paid, so that the top tenth
// and the top quarter are at or above their cut.
func NewReference(occs []Occupation) Reference {
	n := len(occs)
	if n == 0 {
		return Reference{}
	}
	cut := func(top float64, v func(Occupation) float64) float64 {
		vs := make([]float64, n)
		for i, o := range occs {
			vs[i] = v(o)
		}
		sort.Sort(sort.Reverse(sort.Float64Slice(vs)))
		return vs[int(math.Ceil(float64(n)*top))-1]
	}
	r := Reference{Occupations: n,
		GrowthCut: cut(HotGrowthTop, func(o Occupation) float64 { return o.Growth }),
		WageCut:   cut(HotWageTop, func(o Occupation) float64 { return o.Median })}
	for _, o := range occs {
		if o.Growth >= r.GrowthCut && o.Median >= r.WageCut {
			r.Both++
		}
	}
	return r
}

// occupations returns every detailed occupation with a projection (a line
// item) and an OEWS median wage.
func (d *data) occupations() []Occupation {
	var out []Occupation
	for soc, p := range d.projections {
		o, ok := d.oews[soc]
		if soc == AllOccupations || p.Type != "Line item" || !ok || o.Group != "detailed" || !o.Annual[2].Known {
			continue
		}
		out = append(out, Occupation{SOC: soc, Growth: p.ChangePct, Median: o.Annual[2].Value})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].SOC < out[j].SOC })
	return out
}

// HotBadge applies the rule of the "Hot career path" badge: projected
// growth 2024–34 of the blend in the top tenth of all occupations with
// data, and OEWS median base wage of the blend in their top quarter. Both
// comparisons are within one source: the salary survey is self-selected
// and skewed to well-paid tech jobs, so comparing it with OEWS wages would
// flatter every career.
func HotBadge(ref Reference, growth, wages *careerpath.Stat) careerpath.Badge {
	b := careerpath.Badge{
		Label: "Hot career path",
		Rule: fmt.Sprintf("Projected job growth 2024–34 in the top tenth of the %s occupations with BLS projections and wages (at least %s), "+
			"and BLS median base wage in their top quarter (at least %s). %s of the %s occupations meet both.",
			count(ref.Occupations), percent(ref.GrowthCut), dollars(ref.WageCut), count(ref.Both), count(ref.Occupations)),
	}
	if growth == nil || wages == nil {
		b.Reason = "BLS publishes no projection or no wage estimate for this career's occupations, so the rule cannot be applied."
		return b
	}
	growthOK := growth.Value >= ref.GrowthCut
	wageOK := wages.Value >= ref.WageCut
	b.On = growthOK && wageOK
	b.Reason = fmt.Sprintf("Growth %s (%s), median base wage %s%s (%s).",
		percent(growth.Value), meets(growthOK), atLeast(wages.AtLeast), dollars(wages.Value), meets(wageOK))
	return b
}

func meets(ok bool) string {
	if ok {
		return "meets the rule"
	}
	return "below the rule"
}

func atLeast(b bool) string {
	if b {
		return "at least "
	}
	return ""
}
