package web

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/opendata"
)

// occupationHTML returns the data-only guide of a generated career: the
// occupation's figures, rendered on first visit and kept (they change
// only with a new import, which needs a restart). careerPage serves it as
// it serves an edited guide, followed by the switch block and the
// program finder.
func (s *Server) occupationHTML(r *http.Request, g *careerpath.Guide) (template.HTML, error) {
	if html, ok := s.occupations.Load(g.Slug); ok {
		return html.(template.HTML), nil
	}
	var fields []careerpath.CrosswalkLink
	if s.svc.Careers != nil {
		var err error
		if fields, err = s.svc.Careers.Fields(r.Context(), g.Slug); err != nil {
			return "", err
		}
	}
	v := &guideView{Guide: g, Skills: skillTiers(g.Figures.Skills)}
	v.PayRows = payRows(g.Figures)
	v.PayChart = payChart("OEWS base wages of "+g.Title, v.PayRows)
	h, err := s.fragment("career.html", "occupation", map[string]any{"G": v, "Fields": fields})
	if err != nil {
		return "", err
	}
	html, _ := s.occupations.LoadOrStore(g.Slug, h)
	return html.(template.HTML), nil
}

// careersPerPage is how many careers a page of /careers lists.
const careersPerPage = 50

// careerList is one page of careers found by the search box.
type careerList struct {
	Query, SOC     string
	Careers        []*careerpath.Guide
	Total          int
	Page, LastPage int
	Prev, Next     string // URLs of the neighbouring pages, "" at an end
}

// findCareers runs the query of a /careers or /api/v1/careers request:
// q (title words), soc (a SOC code) and page, with careersPerPage per page.
func (s *Server) findCareers(r *http.Request) (*careerList, error) {
	q := r.URL.Query()
	l := &careerList{Query: strings.TrimSpace(q.Get("q")), SOC: strings.TrimSpace(q.Get("soc")), Page: 1}
	if v := q.Get("page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return nil, careerpath.Errorf(careerpath.EINVALID, "page: want a page number from 1, got %q.", v)
		}
		l.Page = n
	}
	if l.SOC != "" && !opendata.IsSOC(l.SOC) {
		return nil, careerpath.Errorf(careerpath.EINVALID, "soc: want a SOC 2018 code such as 29-1141, got %q.", l.SOC)
	}
	var all []*careerpath.Guide
	if s.svc.Careers != nil {
		var err error
		if all, err = s.svc.Careers.SearchCareers(r.Context(), l.Query, l.SOC); err != nil {
			return nil, err
		}
	} else {
		gs, err := s.svc.Guides.FindGuides(r.Context(), "")
		if err != nil {
			return nil, err
		}
		all = gs
	}
	l.Total = len(all)
	l.LastPage = max(1, (l.Total+careersPerPage-1)/careersPerPage)
	from := min((l.Page-1)*careersPerPage, l.Total)
	l.Careers = all[from:min(from+careersPerPage, l.Total)]
	link := func(page int) string {
		v := url.Values{}
		if l.Query != "" {
			v.Set("q", l.Query)
		}
		if l.SOC != "" {
			v.Set("soc", l.SOC)
		}
		if page > 1 {
			v.Set("page", strconv.Itoa(page))
		}
		if len(v) == 0 {
			return r.URL.Path
		}
		return r.URL.Path + "?" + v.Encode()
	}
	if l.Page > 1 {
		l.Prev = link(l.Page - 1)
	}
	if l.Page < l.LastPage {
		l.Next = link(l.Page + 1)
	}
	return l, nil
}

// careersPage serves /careers: every career, edited and generated, with a
// search box.
func (s *Server) careersPage(w http.ResponseWriter, r *http.Request) error {
	l, err := s.findCareers(r)
	if err != nil {
		return err
	}
	title := "All careers"
	if l.Query != "" {
		title = "Careers matching “" + l.Query + "”"
	}
	return s.render(w, r, "careers.html", map[string]any{"Title": title, "List": l})
}
