package web

import (
	"context"
	"fmt"
	"html/template"
	"net/http"
	"sync"
	"time"

	careerpath "github.com/careerpath/careerpath"
)

// guideView is a guide prepared for its page: Markdown rendered and the pay
// chart drawn.
type guideView struct {
	*careerpath.Guide
	Spec     *careerpath.Specialization
	Sections map[string]renderedSection
	PayRows  []payRow
	PayChart template.HTML
	Skills   map[string]skillTier // by tier ID
}

// skillTier is the part of a tier the page lists: every editorial skill and
// the most widely listed O*NET ones; More counts the rest, which the API
// returns in full.
type skillTier struct {
	Skills []careerpath.Skill
	More   int
}

// skillsShown is how many O*NET skills a tier lists on the page, besides
// the editors' picks. The skip tier lists only the editors' picks: O*NET's
// long tail is not advice.
var skillsShown = map[string]int{
	careerpath.TierMustHave:   12,
	careerpath.TierImportant:  10,
	careerpath.TierNiceToHave: 8,
	careerpath.TierSkip:       0,
}

func skillTiers(l *careerpath.SkillList) map[string]skillTier {
	out := map[string]skillTier{}
	if l == nil {
		return out
	}
	for _, tier := range careerpath.SkillTiers() {
		var t skillTier
		shown := 0
		for _, sk := range l.Tier(tier) {
			switch {
			case sk.Editorial:
				t.Skills = append(t.Skills, sk)
			case shown < skillsShown[tier]:
				t.Skills = append(t.Skills, sk)
				shown++
			default:
				t.More++
			}
		}
		out[tier] = t
	}
	return out
}

type renderedSection struct {
	ID, Heading string
	HTML        template.HTML
	Parts       []renderedSection
}

func (s *Server) prepareGuides(ctx context.Context) error {
	specs, err := s.svc.Guides.FindSpecializations(ctx)
	if err != nil {
		return err
	}
	guides, err := s.svc.Guides.FindGuides(ctx, "")
	if err != nil {
		return err
	}
	s.guideHTML = map[string]template.HTML{}
	for _, g := range guides {
		v := &guideView{Guide: g, Sections: map[string]renderedSection{}}
		for _, sp := range specs {
			if sp.Slug == g.Specialization {
				v.Spec = sp
			}
		}
		for _, sec := range g.Sections {
			r, err := renderSection(sec)
			if err != nil {
				return fmt.Errorf("career %s, section %s: %w", g.Slug, sec.ID, err)
			}
			v.Sections[sec.ID] = r
		}
		v.PayRows = payRows(g.Figures)
		v.Skills = skillTiers(g.Figures.Skills)
		v.PayChart = payChart("Base pay of "+g.Title+" by experience level (salary survey) and OEWS base wages of the occupation blend", v.PayRows)
		html, err := s.fragment("career.html", "guide", map[string]any{"G": v})
		if err != nil {
			return err
		}
		s.guideHTML[g.Slug] = html
	}
	data, err := s.homeData(ctx)
	if err != nil {
		return err
	}
	s.homePage, err = s.renderCached("home.html", "/", data)
	return err
}

func renderSection(sec careerpath.Section) (renderedSection, error) {
	h, err := markdown(sec.Markdown)
	if err != nil {
		return renderedSection{}, err
	}
	r := renderedSection{ID: sec.ID, Heading: sec.Heading, HTML: h}
	for _, p := range sec.Parts {
		rp, err := renderSection(p)
		if err != nil {
			return renderedSection{}, err
		}
		r.Parts = append(r.Parts, rp)
	}
	return r, nil
}

// payRows are the rows of the pay chart: survey pay overall and by level,
// then the OEWS base wages of the blend.
func payRows(f *careerpath.CareerFigures) []payRow {
	if f == nil {
		return nil
	}
	var rows []payRow
	if f.Pay != nil && f.Pay.Percentiles != nil {
		rows = append(rows, payRow{Label: "All levels", P: f.Pay.Percentiles, N: f.Pay.N})
	}
	for _, l := range f.PayByLevel {
		if l.Pay.Percentiles != nil {
			rows = append(rows, payRow{Label: levelName(l.Level), P: l.Pay.Percentiles, N: l.Pay.N})
		}
	}
	if f.BaseWages != nil && f.BaseWages.Percentiles != nil {
		rows = append(rows, payRow{Label: "OEWS base wages", P: f.BaseWages.Percentiles})
	}
	return rows
}

func (s *Server) home(w http.ResponseWriter, r *http.Request) error {
	s.homePage.serve(w, r)
	return nil
}

// homeData is the data of the home page.
func (s *Server) homeData(ctx context.Context) (map[string]any, error) {
	specs, err := s.svc.Guides.FindSpecializations(ctx)
	if err != nil {
		return nil, err
	}
	type group struct {
		Spec   *careerpath.Specialization
		Guides []*careerpath.Guide
	}
	var groups []group
	for _, sp := range specs {
		gs, err := s.svc.Guides.FindGuides(ctx, sp.Slug)
		if err != nil {
			return nil, err
		}
		groups = append(groups, group{sp, gs})
	}
	site, err := s.svc.Guides.SiteFigures(ctx)
	if err != nil {
		return nil, err
	}
	return map[string]any{"Title": "Careers in AI and data, with open-data figures", "Groups": groups, "Coverage": site.SurveyCoverage}, nil
}

// careerPage serves a guide, edited (rendered at start) or generated
// (occupationHTML), followed by its program finder. Most visits carry no
// filter: that page is kept for defaultPageTTL, so that a catalog import
// shows within seconds while the finder runs once per interval rather
// than once per visit.
func (s *Server) careerPage(w http.ResponseWriter, r *http.Request) error {
	g, err := s.svc.Guides.FindGuide(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	guideHTML := s.guideHTML[g.Slug]
	if g.Generated {
		if guideHTML, err = s.occupationHTML(r, g); err != nil {
			return err
		}
	}
	// Visitors in an experiment's arm see its ranking: the cached page
	// is kept per arm.
	a, vid, inExp := s.assignRanking(r)
	if inExp {
		varyByVisitor(w)
	}
	cacheKey := g.Slug
	if a.Arm != "" {
		cacheKey += "\x00" + a.Arm
	}
	plain := r.URL.RawQuery == "" && !s.signedIn(r) // an editor's page has flag forms: never shared
	if plain {
		if p := s.defaultPages.get(cacheKey, s.finderGeneration()); p != nil {
			if inExp {
				s.svc.Experiments.Expose(a, vid)
			}
			p.serve(w, r)
			return nil
		}
	}
	gen := s.finderGeneration() // before the finder runs: a swap meanwhile makes the page stale
	fv, err := s.finder(r, g, "/careers/"+g.Slug, a.Arm)
	if err != nil {
		return err
	}
	if inExp && fv.Error == "" {
		s.svc.Experiments.Expose(a, vid)
	}
	data := map[string]any{"Title": g.Title, "Description": g.Summary, "GuideHTML": guideHTML, "Finder": fv, "Switch": s.switchBlock(r, g)}
	if fv.Flag != nil {
		w.Header().Set("Cache-Control", "no-store")
	}
	if !plain || fv.Error != "" || fv.Flag != nil { // filtered, the finder is starting, or an editor's flag forms
		return s.render(w, r, "career.html", data)
	}
	p, err := s.renderCached("career.html", r.URL.Path, data)
	if err != nil {
		return err
	}
	s.defaultPages.put(cacheKey, p, gen)
	p.serve(w, r)
	return nil
}

// defaultPageTTL is how long an unfiltered career page is reused.
const defaultPageTTL = 10 * time.Second

// pageCache keeps rendered pages for a short time.
type pageCache struct {
	mu    sync.Mutex
	pages map[string]timedPage
}

type timedPage struct {
	page *cachedPage
	at   time.Time
	gen  uint64 // of the finder's index it was rendered from
}

// get returns the page kept for key, unless it is older than
// defaultPageTTL or was rendered from another index than the finder's
// generation gen (an editor's decision, a catalog import).
func (c *pageCache) get(key string, gen uint64) *cachedPage {
	c.mu.Lock()
	defer c.mu.Unlock()
	if t, ok := c.pages[key]; ok && time.Since(t.at) < defaultPageTTL && t.gen == gen {
		return t.page
	}
	return nil
}

func (c *pageCache) put(key string, p *cachedPage, gen uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.pages == nil {
		c.pages = map[string]timedPage{}
	}
	// Expired pages go, so that the pages of every occupation visited
	// once do not pile up.
	for k, t := range c.pages {
		if time.Since(t.at) >= defaultPageTTL {
			delete(c.pages, k)
		}
	}
	c.pages[key] = timedPage{p, time.Now(), gen}
}

// careerSummary is a career in the API's list: enough to show a card.
type careerSummary struct {
	Slug           string           `json:"slug"`
	Title          string           `json:"title"`
	Specialization string           `json:"specialization"`
	Summary        string           `json:"summary"`
	Pay            *careerpath.Stat `json:"pay"`
	Growth         *careerpath.Stat `json:"growth"`
	DemandRank     *careerpath.Stat `json:"demand_rank"`
	Hot            careerpath.Badge `json:"hot"`
	URL            string           `json:"url"`
	// Generated is true for a data-only page no editor has written;
	// SOC lists the occupations of the blend.
	Generated bool     `json:"generated"`
	SOC       []string `json:"soc"`
}

func summaryOf(g *careerpath.Guide) careerSummary {
	c := careerSummary{
		Slug: g.Slug, Title: g.Title, Specialization: g.Specialization, Summary: g.Summary,
		Pay: g.Figures.Pay, Growth: g.Figures.Growth, DemandRank: g.Figures.DemandRank, Hot: g.Figures.Hot,
		URL: "/api/v1/careers/" + g.Slug, Generated: g.Generated, SOC: []string{},
	}
	for _, o := range g.Occupations {
		c.SOC = append(c.SOC, o.SOC)
	}
	return c
}

// careersJSON serves GET /api/v1/careers: the edited guides of a
// specialization, or a page of every career (edited first), found by
// title words (q) or SOC code (soc).
func (s *Server) careersJSON(w http.ResponseWriter, r *http.Request) error {
	site, err := s.svc.Guides.SiteFigures(r.Context())
	if err != nil {
		return err
	}
	out := []careerSummary{}
	if spec := r.URL.Query().Get("specialization"); spec != "" {
		guides, err := s.svc.Guides.FindGuides(r.Context(), spec)
		if err != nil {
			return err
		}
		for _, g := range guides {
			out = append(out, summaryOf(g))
		}
		return writeJSON(w, http.StatusOK, map[string]any{"careers": out, "survey_coverage": site.SurveyCoverage})
	}
	l, err := s.findCareers(r)
	if err != nil {
		return err
	}
	for _, g := range l.Careers {
		out = append(out, summaryOf(g))
	}
	return writeJSON(w, http.StatusOK, map[string]any{"careers": out, "total": l.Total, "page": l.Page, "per_page": careersPerPage,
		"survey_coverage": site.SurveyCoverage})
}

func (s *Server) careerJSON(w http.ResponseWriter, r *http.Request) error {
	g, err := s.svc.Guides.FindGuide(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, g)
}
