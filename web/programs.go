package web

import (
	"fmt"
	"net/http"
	"strconv"

	careerpath "github.com/careerpath/careerpath"
)

// programsPage is the finder across all programs.
func (s *Server) programsPage(w http.ResponseWriter, r *http.Request) error {
	a, vid, inExp := s.assignRanking(r)
	if inExp {
		varyByVisitor(w)
	}
	fv, err := s.finder(r, nil, "/programs", a.Arm)
	if err != nil {
		return err
	}
	if inExp && fv.Error == "" {
		s.svc.Experiments.Expose(a, vid)
	}
	if fv.Flag != nil {
		w.Header().Set("Cache-Control", "no-store")
	}
	return s.render(w, r, "programs.html", map[string]any{"Title": "Find a program", "Finder": fv,
		"Description": "Find a degree or certificate program in the US: filter by award, delivery, place, cost for your state, payback and outcomes, with every figure sourced."})
}

// programPage shows one program, with its relevance to a career when the
// URL names one (?career=slug).
func (s *Server) programPage(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id < 1 {
		return careerpath.Errorf(careerpath.ENOTFOUND, "No program %q.", r.PathValue("id"))
	}
	career, err := s.careerParam(r)
	if err != nil {
		return err
	}
	resident, err := residentParam(r)
	if err != nil {
		return err
	}
	p, err := s.svc.Programs.FindProgram(r.Context(), id, career)
	if err != nil {
		return err
	}
	if fromFinder(r) {
		s.logEvent(r, careerpath.EventClick, id)
	}
	withCost(p, resident)
	data, err := s.programData(r, p, career)
	if err != nil {
		return err
	}
	data["Back"], data["Levels"] = backLink(r), tuitionLevels(p.Program)
	data["Description"] = p.Award.Name + " in " + p.Name + " at " + p.Institution.Name + ": tuition for your state, estimated total cost, payback and outcomes, with sources."
	return s.render(w, r, "program.html", s.editorData(w, r, data))
}

// programData is what a program's page shows; for a signed-in editor,
// the careers the flag form offers when the page names none.
func (s *Server) programData(r *http.Request, p *careerpath.ProgramMatch, career string) (map[string]any, error) {
	data := map[string]any{"Title": p.Name + " at " + p.Institution.Name, "P": p, "Career": career,
		"Flag": flagInput{Career: career}}
	if _, sess := s.session(r); sess != nil && career == "" {
		guides, err := s.svc.Guides.FindGuides(r.Context(), "")
		if err != nil {
			return nil, err
		}
		data["Careers"] = guides
	}
	return data, nil
}

// maxCompare is how many programs a comparison shows side by side.
const maxCompare = 4

// comparePage shows up to four programs side by side, rows where they
// differ highlighted.
func (s *Server) comparePage(w http.ResponseWriter, r *http.Request) error {
	ids := r.URL.Query()["id"]
	if len(ids) == 0 {
		return careerpath.Errorf(careerpath.EINVALID, "Choose two to four programs to compare.")
	}
	note := ""
	if len(ids) > maxCompare {
		note = fmt.Sprintf("You chose %d programs; a comparison shows %d at a time, so these are the first %d.", len(ids), maxCompare, maxCompare)
		ids = ids[:maxCompare]
	}
	career, err := s.careerParam(r)
	if err != nil {
		return err
	}
	resident, err := residentParam(r)
	if err != nil {
		return err
	}
	var ps []*careerpath.ProgramMatch
	for _, v := range ids {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return careerpath.Errorf(careerpath.EINVALID, "Parameter id: want a program number, got %q.", v)
		}
		p, err := s.svc.Programs.FindProgram(r.Context(), id, career)
		if err != nil {
			return err
		}
		withCost(p, resident)
		ps = append(ps, p)
	}
	if err := s.compareDistances(r, ps); err != nil {
		return err
	}
	for _, p := range ps {
		s.logEvent(r, careerpath.EventCompare, p.ID)
	}
	return s.render(w, r, "compare.html", map[string]any{"Title": "Compare programs", "Rows": compareRows(ps, career != ""), "Programs": ps, "Career": career,
		"Description": "Programs side by side: tuition for your state, estimated total cost, payback, earnings, debt and why each matches.",
		"Note":        note, "Resident": resident})
}

// careerParam returns the ?career= slug after checking it exists.
func (s *Server) careerParam(r *http.Request) (string, error) {
	slug := r.URL.Query().Get("career")
	if slug == "" {
		return "", nil
	}
	if _, err := s.svc.Guides.FindGuide(r.Context(), slug); err != nil {
		return "", careerpath.Errorf(careerpath.EINVALID, "Parameter career: no career %q.", slug)
	}
	return slug, nil
}

// compareRow is one attribute across the compared programs.
type compareRow struct {
	Label   string
	Values  []string
	Differs bool
}

func compareRows(ps []*careerpath.ProgramMatch, career bool) []compareRow {
	row := func(label string, f func(p *careerpath.ProgramMatch) string) compareRow {
		r := compareRow{Label: label}
		for _, p := range ps {
			v := f(p)
			if len(r.Values) > 0 && v != r.Values[0] {
				r.Differs = true
			}
			r.Values = append(r.Values, v)
		}
		return r
	}
	money := func(v *float64) string {
		if v == nil {
			return "not reported"
		}
		return usd(*v)
	}
	rows := []compareRow{
		row("Institution", func(p *careerpath.ProgramMatch) string { return p.Institution.Name }),
		row("Place", func(p *careerpath.ProgramMatch) string { return p.Institution.City + ", " + p.Institution.State }),
		row("Award", func(p *careerpath.ProgramMatch) string { return p.Award.Name }),
		row("Field of study (CIP)", func(p *careerpath.ProgramMatch) string { return p.CIPTitle + " (" + p.CIP + ")" }),
		row("Typical length", func(p *careerpath.ProgramMatch) string {
			return strconv.FormatFloat(p.Award.TypicalYears, 'f', -1, 64) + " years (typical)"
		}),
		row("Tuition a year, for you", func(p *careerpath.ProgramMatch) string {
			return money(p.Cost.Tuition.Amount) + " (" + p.Cost.Tuition.Brief() + ")"
		}),
		row("Tuition in-state · out-of-state", func(p *careerpath.ProgramMatch) string { return tuitionLevels(p.Program) }),
		row("Total cost, estimated", func(p *careerpath.ProgramMatch) string {
			return money(p.Cost.Total.Amount) + " (" + p.Cost.Total.Brief() + ")"
		}),
		row("Control", func(p *careerpath.ProgramMatch) string { return p.Institution.Control.String() }),
		row("Students fully online (institution)", func(p *careerpath.ProgramMatch) string {
			if p.Institution.OnlineShare == nil {
				return "not reported"
			}
			return share(*p.Institution.OnlineShare)
		}),
		row("Completers 2024", func(p *careerpath.ProgramMatch) string { return thousands(p.Completers) }),
		row("Median earnings 1 year after", func(p *careerpath.ProgramMatch) string { return money(p.Earnings1Yr) }),
		row("Median earnings 4 years after", func(p *careerpath.ProgramMatch) string { return money(p.Earnings4Yr) }),
		row("Average debt", func(p *careerpath.ProgramMatch) string { return money(p.MeanDebt) }),
	}
	rows = append(rows, paybackRows(row)...)
	if career {
		rows = append([]compareRow{row("Match", func(p *careerpath.ProgramMatch) string { return p.Level })}, rows...)
	}
	return rows
}
