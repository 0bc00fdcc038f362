package web

import (
	"net/http"

	careerpath "github.com/careerpath/careerpath"
)

// similarShown is how many similar careers a career page lists; the API
// returns up to similarMax.
const (
	similarShown = 5
	similarMax   = 20
	// distinctiveShown is how many O*NET skills and knowledge areas the
	// block lists.
	distinctiveShown = 8
)

// switchView is the "Coming from another job?" block of a career page.
type switchView struct {
	Slug, Title string
	Similar     []careerpath.SimilarCareer
	Distinctive []careerpath.RatedSkill
}

// switchBlock returns the block for a career, without similar careers
// while they are being computed.
func (s *Server) switchBlock(r *http.Request, g *careerpath.Guide) *switchView {
	v := &switchView{Slug: g.Slug, Title: g.Title}
	if s.svc.Careers != nil {
		v.Similar, _ = s.svc.Careers.Similar(r.Context(), g.Slug, similarShown)
		v.Distinctive, _ = s.svc.Careers.Distinctive(r.Context(), g.Slug, distinctiveShown)
	}
	return v
}

func (s *Server) careers() (careerpath.CareerSearch, error) {
	if s.svc.Careers == nil {
		return nil, careerpath.Errorf(careerpath.EUNAVAILABLE, "Career comparisons are not available on this server.")
	}
	return s.svc.Careers, nil
}

// similarJSON serves GET /api/v1/careers/{slug}/similar.
func (s *Server) similarJSON(w http.ResponseWriter, r *http.Request) error {
	cs, err := s.careers()
	if err != nil {
		return err
	}
	sim, err := cs.Similar(r.Context(), r.PathValue("slug"), similarMax)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"career": r.PathValue("slug"), "similar": sim, "method": careerpath.SimilarityMethod})
}

// fromJSON serves GET /api/v1/careers/{slug}/from/{other}.
func (s *Server) fromJSON(w http.ResponseWriter, r *http.Request) error {
	cs, err := s.careers()
	if err != nil {
		return err
	}
	sw, err := cs.From(r.Context(), r.PathValue("slug"), r.PathValue("other"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, sw)
}

// fromPage serves /careers/{slug}/from?q=… (or ?from=slug): the current
// job found by the search box, and what moving to the career takes.
func (s *Server) fromPage(w http.ResponseWriter, r *http.Request) error {
	cs, err := s.careers()
	if err != nil {
		return err
	}
	g, err := s.svc.Guides.FindGuide(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	q := r.URL.Query()
	other := q.Get("from")
	var matches []*careerpath.Guide
	if other == "" && q.Get("q") != "" {
		if matches, err = cs.SearchCareers(r.Context(), q.Get("q"), ""); err != nil {
			return err
		}
		for _, m := range matches {
			if m.Slug != g.Slug {
				other = m.Slug
				break
			}
		}
	}
	data := map[string]any{"Title": "From another job to " + g.Title, "G": g, "Query": q.Get("q"), "Matches": matches[:min(len(matches), 8)]}
	if other != "" {
		sw, err := cs.From(r.Context(), g.Slug, other)
		if err != nil {
			return err
		}
		data["Switch"] = sw
	}
	return s.render(w, r, "switch.html", data)
}

// signedUSD formats a pay difference: "+$12,300", "−$4,000".
func signedUSD(v float64) string {
	if v < 0 {
		return "−" + usd(-v)
	}
	return "+" + usd(v)
}
