// Package guides holds the career guides in memory: the editorial content
// of package content, checked against the database, joined with the
// figures of package figures. Content and data change only with a new
// build or import, so everything is computed once, at start.
package guides

import (
	"context"
	"fmt"
	"io/fs"
	"sort"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/content"
	"github.com/careerpath/careerpath/figures"
)

// Codes says which codes the database knows, to check career files.
type Codes interface {
	SOCCodes(ctx context.Context) (map[string]bool, error)
	CIPCodes(ctx context.Context) (map[string]bool, error)
	SurveyTitles(ctx context.Context) (map[string]bool, error)
	// Technologies returns, by SOC code, the names of the technologies
	// O*NET lists for its occupations.
	Technologies(ctx context.Context) (map[string][]string, error)
}

// Source is what the guides are built from: the codes to check the files
// against and the records to compute figures from.
type Source interface {
	Codes
	figures.Source
}

// Service implements careerpath.GuideService over guides held in memory.
type Service struct {
	specs  []*careerpath.Specialization
	guides []*careerpath.Guide // by demand rank
	bySlug map[string]*careerpath.Guide
	site   *careerpath.SiteFigures
}

var _ careerpath.GuideService = (*Service)(nil)

// Load reads the careers and specializations of fsys (laid out as
// content.Embedded()), checks them against the database and computes
// their figures. A bad file stops it with an error naming file and field.
func Load(ctx context.Context, fsys fs.FS, src Source) (*Service, error) {
	careers, specs, err := Check(ctx, fsys, src)
	if err != nil {
		return nil, err
	}
	site, err := figures.Compute(ctx, src, careers)
	if err != nil {
		return nil, fmt.Errorf("compute figures: %w", err)
	}
	s := &Service{specs: specs, site: site, bySlug: map[string]*careerpath.Guide{}}
	for _, c := range careers {
		g := &careerpath.Guide{Career: c, Figures: site.Careers[c.Slug]}
		s.guides = append(s.guides, g)
		s.bySlug[c.Slug] = g
	}
	sort.SliceStable(s.guides, func(i, j int) bool { return rank(s.guides[i]) < rank(s.guides[j]) })
	sort.Slice(s.specs, func(i, j int) bool { return s.specs[i].Title < s.specs[j].Title })
	return s, nil
}

// Check loads and validates the content of fsys against the codes of the
// database, returning every problem at once.
func Check(ctx context.Context, fsys fs.FS, codes Codes) ([]*careerpath.Career, []*careerpath.Specialization, error) {
	careers, err := content.Load(fsys)
	if err != nil {
		return nil, nil, err
	}
	specs, err := content.LoadSpecializations(fsys)
	if err != nil {
		return nil, nil, err
	}
	soc, err := codes.SOCCodes(ctx)
	if err != nil {
		return nil, nil, err
	}
	cip, err := codes.CIPCodes(ctx)
	if err != nil {
		return nil, nil, err
	}
	titles, err := codes.SurveyTitles(ctx)
	if err != nil {
		return nil, nil, err
	}
	techs, err := codes.Technologies(ctx)
	if err != nil {
		return nil, nil, err
	}
	tech := map[[2]string]bool{}
	for soc, names := range techs {
		for _, n := range names {
			tech[[2]string{soc, figures.SkillKey(n)}] = true
		}
	}
	specSlugs := map[string]bool{}
	for _, sp := range specs {
		specSlugs[sp.Slug] = true
	}
	known := content.Known{
		SOC:            func(c string) bool { return soc[c] },
		CIP:            func(c string) bool { return cip[c] },
		SurveyTitle:    func(t string) bool { return titles[t] },
		Specialization: func(s string) bool { return specSlugs[s] },
		Technology:     func(soc, name string) bool { return tech[[2]string{soc, figures.SkillKey(name)}] },
	}
	if err := content.Validate(careers, known); err != nil {
		return nil, nil, err
	}
	return careers, specs, nil
}

func rank(g *careerpath.Guide) float64 {
	if g.Figures == nil || g.Figures.DemandRank == nil {
		return 1e9
	}
	return g.Figures.DemandRank.Value
}

// FindSpecializations returns every specialization, in title order.
func (s *Service) FindSpecializations(ctx context.Context) ([]*careerpath.Specialization, error) {
	return s.specs, nil
}

// FindGuides returns the guides of a specialization ("" for all), ordered
// by demand rank.
func (s *Service) FindGuides(ctx context.Context, specialization string) ([]*careerpath.Guide, error) {
	if specialization == "" {
		return s.guides, nil
	}
	var out []*careerpath.Guide
	for _, g := range s.guides {
		if g.Specialization == specialization {
			out = append(out, g)
		}
	}
	return out, nil
}

// FindGuide returns the guide with the slug.
func (s *Service) FindGuide(ctx context.Context, slug string) (*careerpath.Guide, error) {
	if g, ok := s.bySlug[slug]; ok {
		return g, nil
	}
	return nil, careerpath.Errorf(careerpath.ENOTFOUND, "No career guide %q.", slug)
}

// SiteFigures returns the site-level figures.
func (s *Service) SiteFigures(ctx context.Context) (*careerpath.SiteFigures, error) {
	return s.site, nil
}
