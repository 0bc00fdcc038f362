// Package guides holds the career guides in memory: the editorial content
// of package content, checked against the database, joined with the
// figures of package figures. Content and data change only with a new
// build or import, so everything is computed at once: a Service at start,
// another over each new release of the open data (Live).
package guides

import (
	"context"
	"fmt"
	"io/fs"
	"slices"
	"sort"
	"strings"
	"sync/atomic"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/content"
	"github.com/careerpath/careerpath/figures"
	"github.com/careerpath/careerpath/similar"
)

// Codes says which codes the database knows, to check career files.
type Codes interface {
	SOCCodes(ctx context.Context) (map[string]bool, error)
	CIPCodes(ctx context.Context) (map[string]bool, error)
	SurveyTitles(ctx context.Context) (map[string]bool, error)
	// Technologies returns, by SOC code, the names of the technologies
	// O*NET lists for its occupations, for the SOC codes socs.
	Technologies(ctx context.Context, socs []string) (map[string][]string, error)
	// Crosswalk returns the CIP–SOC crosswalk.
	Crosswalk(ctx context.Context) ([]careerpath.CrosswalkLink, error)
	// Ratings returns O*NET's skill and knowledge importance ratings.
	Ratings(ctx context.Context) ([]similar.Rating, error)
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
	guides []*careerpath.Guide // the edited ones, by demand rank
	bySlug map[string]*careerpath.Guide
	site   *careerpath.SiteFigures

	// The generated careers, computed by Generate: nil until ready.
	src     Source
	edited  []*careerpath.Career
	gen     atomic.Pointer[directory]
	genDone chan struct{}
	genErr  error // set before genDone closes
}

// directory is every career, edited and generated.
type directory struct {
	all       []*careerpath.Guide // by title
	bySlug    map[string]*careerpath.Guide
	bySOC     map[string][]*careerpath.Guide
	fields    map[string][]careerpath.CrosswalkLink // by SOC code
	sim       *similar.Index
	generated Generated
}

var (
	_ careerpath.GuideService = (*Service)(nil)
	_ careerpath.CareerSearch = (*Service)(nil)
)

// Load reads the careers and specializations of fsys (laid out as
// content.Embedded()), checks them against the database and computes
// their figures. A bad file stops it with an error naming file and field.
// The careers generated for every occupation come with Generate.
func Load(ctx context.Context, fsys fs.FS, src Source) (*Service, error) {
	careers, specs, err := Check(ctx, fsys, src)
	if err != nil {
		return nil, err
	}
	site, err := figures.Compute(ctx, src, careers)
	if err != nil {
		return nil, fmt.Errorf("compute figures: %w", err)
	}
	s := &Service{specs: specs, site: site, bySlug: map[string]*careerpath.Guide{}, src: src, edited: careers, genDone: make(chan struct{})}
	for _, c := range careers {
		g := &careerpath.Guide{Career: c, Figures: site.Careers[c.Slug]}
		s.guides = append(s.guides, g)
		s.bySlug[c.Slug] = g
	}
	sort.SliceStable(s.guides, func(i, j int) bool { return rank(s.guides[i]) < rank(s.guides[j]) })
	sort.Slice(s.specs, func(i, j int) bool { return s.specs[i].Title < s.specs[j].Title })
	return s, nil
}

// Generate computes the careers generated for every occupation, with the
// edited careers' figures (the demand rank is among all of them; the
// edited ones come out as at Load), and publishes them: until it returns,
// their slugs are EUNAVAILABLE. A server runs it in the background once
// it listens, which takes a second or two; it must be called once.
func (s *Service) Generate(ctx context.Context) error {
	defer close(s.genDone)
	s.genErr = s.generateAll(ctx, s.src, s.edited)
	return s.genErr
}

func (s *Service) generateAll(ctx context.Context, src Source, careers []*careerpath.Career) error {
	gen, counts, err := generate(ctx, src, careers)
	if err != nil {
		return fmt.Errorf("generate careers: %w", err)
	}
	site, err := figures.Compute(ctx, src, append(slices.Clip(careers), gen...))
	if err != nil {
		return fmt.Errorf("compute figures of generated careers: %w", err)
	}
	crosswalk, err := src.Crosswalk(ctx)
	if err != nil {
		return err
	}
	d := &directory{bySlug: map[string]*careerpath.Guide{}, bySOC: map[string][]*careerpath.Guide{}, fields: map[string][]careerpath.CrosswalkLink{}, generated: counts}
	for _, l := range crosswalk {
		if l.CIP != "" { // a "no match" row links no field
			d.fields[l.SOC] = append(d.fields[l.SOC], l)
		}
	}
	ratings, err := src.Ratings(ctx)
	if err != nil {
		return err
	}
	tech, err := src.Technologies(ctx, nil)
	if err != nil {
		return err
	}
	d.sim = similar.New(ratings, tech)
	add := func(g *careerpath.Guide) {
		d.all = append(d.all, g)
		d.bySlug[g.Slug] = g
		for _, o := range g.Occupations {
			d.bySOC[o.SOC] = append(d.bySOC[o.SOC], g)
		}
	}
	for _, g := range s.guides {
		add(g)
	}
	for _, c := range gen {
		add(&careerpath.Guide{Career: c, Figures: site.Careers[c.Slug]})
	}
	sort.SliceStable(d.all, func(i, j int) bool { return d.all[i].Title < d.all[j].Title })
	s.gen.Store(d)
	return nil
}

// WaitGenerated waits until the generated careers are in place, or ctx
// ends, and returns the error that stopped them, if any.
func (s *Service) WaitGenerated(ctx context.Context) error {
	select {
	case <-s.genDone:
		return s.genErr
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Generated returns the count of careers generated from the occupations,
// and of those skipped; zero until they are in place.
func (s *Service) Generated() Generated {
	if d := s.gen.Load(); d != nil {
		return d.generated
	}
	return Generated{}
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
	var blend []string
	for _, c := range careers {
		for _, o := range c.Occupations {
			blend = append(blend, o.SOC)
		}
	}
	techs, err := codes.Technologies(ctx, blend)
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

// FindGuides returns the edited guides of a specialization ("" for all),
// ordered by demand rank; SearchCareers finds the generated ones too.
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

// FindGuide returns the guide with the slug, edited or generated. While
// the generated ones are being computed, a slug that is not an edited
// guide's is EUNAVAILABLE.
func (s *Service) FindGuide(ctx context.Context, slug string) (*careerpath.Guide, error) {
	if g, ok := s.bySlug[slug]; ok {
		return g, nil
	}
	d := s.gen.Load()
	if d == nil {
		return nil, careerpath.Errorf(careerpath.EUNAVAILABLE, "The career pages for every occupation are still being prepared; try again in a few seconds.")
	}
	if g, ok := d.bySlug[slug]; ok {
		return g, nil
	}
	return nil, careerpath.Errorf(careerpath.ENOTFOUND, "No career guide %q.", slug)
}

// SiteFigures returns the site-level figures.
func (s *Service) SiteFigures(ctx context.Context) (*careerpath.SiteFigures, error) {
	return s.site, nil
}

// SearchCareers returns the careers, edited and generated, whose title
// has every word of q as the start of one of its words ("nurse" finds
// Registered Nurses), or whose blend holds the SOC code soc; any when
// both are empty. Edited guides come first, then those with more words
// of q whole, then, for a query, by openings a year (largest first),
// then by title.
func (s *Service) SearchCareers(ctx context.Context, q, soc string) ([]*careerpath.Guide, error) {
	words := strings.Fields(strings.ToLower(q))
	var out []*careerpath.Guide
	d := s.gen.Load()
	if d == nil { // the edited guides only, until the others are ready
		d = &directory{all: s.guides, bySOC: map[string][]*careerpath.Guide{}}
		for _, g := range s.guides {
			for _, o := range g.Occupations {
				d.bySOC[o.SOC] = append(d.bySOC[o.SOC], g)
			}
		}
	}
	candidates := d.all
	if soc != "" {
		candidates = d.bySOC[soc]
	}
	exact := map[*careerpath.Guide]int{}
	for _, g := range candidates {
		if n, ok := matches(g.Title, words); ok {
			out = append(out, g)
			exact[g] = n
		}
	}
	openings := func(g *careerpath.Guide) float64 {
		if g.Figures == nil || g.Figures.Openings == nil {
			return -1
		}
		return g.Figures.Openings.Value
	}
	sort.SliceStable(out, func(i, j int) bool { // candidates are in title order
		a, b := out[i], out[j]
		switch {
		case a.Generated != b.Generated:
			return !a.Generated
		case exact[a] != exact[b]:
			return exact[a] > exact[b]
		}
		return (len(words) > 0 || soc != "") && openings(a) > openings(b)
	})
	return out, nil
}

// matches reports whether every word starts a word of title, and how
// many are a whole word of it, or its plural ("nurse" in "Registered
// Nurses", not in "Nursery").
func matches(title string, words []string) (exact int, ok bool) {
	tw := strings.FieldsFunc(strings.ToLower(title), func(r rune) bool { return !('a' <= r && r <= 'z' || '0' <= r && r <= '9') })
	for _, w := range words {
		if !slices.ContainsFunc(tw, func(t string) bool { return strings.HasPrefix(t, w) }) {
			return 0, false
		}
		if slices.ContainsFunc(tw, func(t string) bool { return t == w || t == w+"s" || t == w+"es" }) {
			exact++
		}
	}
	return exact, true
}

// Fields returns the fields of study the CIP–SOC crosswalk links to the
// occupations of the career's blend, in CIP order; none until Generate
// is done.
func (s *Service) Fields(ctx context.Context, slug string) ([]careerpath.CrosswalkLink, error) {
	g, err := s.FindGuide(ctx, slug)
	if err != nil {
		return nil, err
	}
	d := s.gen.Load()
	if d == nil {
		return nil, nil
	}
	var out []careerpath.CrosswalkLink
	for _, o := range g.Occupations {
		out = append(out, d.fields[o.SOC]...)
	}
	slices.SortFunc(out, func(a, b careerpath.CrosswalkLink) int { return strings.Compare(a.CIP, b.CIP) })
	return slices.CompactFunc(out, func(a, b careerpath.CrosswalkLink) bool { return a.CIP == b.CIP }), nil
}
