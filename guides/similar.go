package guides

import (
	"context"
	"fmt"
	"net/url"
	"strconv"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/similar"
)

// GapsShown is how many skill and knowledge gaps From returns.
const GapsShown = 8

// ShortAwards are the awards a career switcher's finder link filters to:
// certificates and master's degrees.
var ShortAwards = []int{careerpath.AwardCertUnder12Weeks, careerpath.AwardCertUnder1Year, careerpath.AwardCert1To2Years,
	careerpath.AwardCert2To4Years, careerpath.AwardPostbacCert, careerpath.AwardMaster, careerpath.AwardPostMasterCert}

func blendOf(g *careerpath.Guide) []similar.Weighted {
	var out []similar.Weighted
	for _, o := range g.Occupations {
		out = append(out, similar.Weighted{SOC: o.SOC, Weight: o.Weight})
	}
	return out
}

// directoryReady returns the directory, or EUNAVAILABLE while Generate
// runs.
func (s *Service) directoryReady() (*directory, error) {
	d := s.gen.Load()
	if d == nil || d.sim == nil {
		return nil, careerpath.Errorf(careerpath.EUNAVAILABLE, "Career comparisons are still being prepared; try again in a few seconds.")
	}
	return d, nil
}

// guideAndDirectory returns the guide with the slug and the directory of
// every career, once Generate is done.
func (s *Service) guideAndDirectory(ctx context.Context, slug string) (*careerpath.Guide, *directory, error) {
	g, err := s.FindGuide(ctx, slug)
	if err != nil {
		return nil, nil, err
	}
	d, err := s.directoryReady()
	return g, d, err
}

// careerOf returns the career that stands for an occupation: the edited
// guide whose blend is that occupation alone, or its generated page.
func (d *directory) careerOf(soc string) *careerpath.Guide {
	var out *careerpath.Guide
	for _, g := range d.bySOC[soc] {
		if len(g.Occupations) == 1 && (out == nil || out.Generated) {
			out = g
		}
	}
	return out
}

// Similar returns the k careers nearest to the career slug, one per
// occupation, leaving out the career itself and, for a single-occupation
// career, its occupation.
func (s *Service) Similar(ctx context.Context, slug string, k int) ([]careerpath.SimilarCareer, error) {
	g, d, err := s.guideAndDirectory(ctx, slug)
	if err != nil {
		return nil, err
	}
	v := d.sim.Vector(blendOf(g))
	if v == nil {
		return []careerpath.SimilarCareer{}, nil
	}
	var exclude []string
	if len(g.Occupations) == 1 {
		exclude = []string{g.Occupations[0].SOC}
	}
	out := []careerpath.SimilarCareer{}
	for _, n := range d.sim.Nearest(v, k+len(exclude)+1, exclude...) {
		c := d.careerOf(n.SOC)
		if c == nil || c.Slug == g.Slug || len(out) == k {
			continue
		}
		out = append(out, compare(c, g, n.SOC, n.Similarity))
	}
	return out, nil
}

// compare describes c against base: c's pay and growth minus base's.
func compare(c, base *careerpath.Guide, soc string, sim float64) careerpath.SimilarCareer {
	out := careerpath.SimilarCareer{Slug: c.Slug, Title: c.Title, Generated: c.Generated, SOC: soc, Similarity: sim}
	if w := c.Figures.BaseWages; w != nil {
		m := w.Value
		out.MedianWage = &m
		if b := base.Figures.BaseWages; b != nil {
			d := m - b.Value
			out.PayChange = &d
		}
	}
	if gr, b := c.Figures.Growth, base.Figures.Growth; gr != nil && b != nil {
		d := gr.Value - b.Value
		out.GrowthChange = &d
	}
	return out
}

// From returns what moving from the career other to the career slug
// takes: the skill and knowledge areas more important in slug, largest
// gap first, the change in median pay and growth (slug minus other) and
// the finder of slug filtered to short awards.
func (s *Service) From(ctx context.Context, slug, other string) (*careerpath.Switch, error) {
	to, err := s.FindGuide(ctx, slug)
	if err != nil {
		return nil, err
	}
	from, err := s.FindGuide(ctx, other)
	if err != nil {
		return nil, err
	}
	d, err := s.directoryReady()
	if err != nil {
		return nil, err
	}
	vt, vf := d.sim.Vector(blendOf(to)), d.sim.Vector(blendOf(from))
	if vt == nil || vf == nil {
		return nil, careerpath.Errorf(careerpath.ENOTFOUND, "O*NET rates no skills for %s or %s, so they cannot be compared.", to.Title, from.Title)
	}
	sw := &careerpath.Switch{To: to.Slug, Gaps: []careerpath.SkillGap{}, Method: careerpath.SimilarityMethod}
	// From carries the target's figures minus the origin's.
	sw.From = compare(to, from, "", d.sim.Cosine(vt, vf))
	sw.From.Slug, sw.From.Title, sw.From.Generated = from.Slug, from.Title, from.Generated
	if w := from.Figures.BaseWages; w != nil {
		m := w.Value
		sw.From.MedianWage = &m
	} else {
		sw.From.MedianWage = nil
	}
	for _, gap := range d.sim.Gaps(vf, vt, GapsShown) {
		sw.Gaps = append(sw.Gaps, careerpath.SkillGap{Kind: gap.Kind, Name: gap.Name, From: gap.From, To: gap.To,
			FromAnchor: similar.Anchor(gap.From), ToAnchor: similar.Anchor(gap.To)})
	}
	q := url.Values{}
	for _, a := range ShortAwards {
		q.Add("award", strconv.Itoa(a))
	}
	sw.Programs = fmt.Sprintf("/careers/%s?%s#programs", to.Slug, q.Encode())
	return sw, nil
}

// Distinctive returns the k O*NET skills and knowledge areas rated at
// least important for the career that stand out most above their mean
// over all occupations (in standard deviations).
func (s *Service) Distinctive(ctx context.Context, slug string, k int) ([]careerpath.RatedSkill, error) {
	g, d, err := s.guideAndDirectory(ctx, slug)
	if err != nil {
		return nil, err
	}
	out := []careerpath.RatedSkill{}
	v := d.sim.Vector(blendOf(g))
	if v == nil {
		return out, nil
	}
	for _, e := range d.sim.Distinctive(v, k) {
		out = append(out, careerpath.RatedSkill{Kind: e.Kind, Name: e.Name, Importance: e.Importance, Anchor: similar.Anchor(e.Importance), Mean: e.Mean})
	}
	return out, nil
}
