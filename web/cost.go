package web

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	careerpath "github.com/careerpath/careerpath"
)

// withCosts sets the cost of every program of a page for the student of
// the search, the filter's resident.
func withCosts(items []careerpath.ProgramMatch, resident string) {
	for i := range items {
		withCost(&items[i], resident)
	}
}

// withCost sets the cost and payback of one program for the student.
func withCost(m *careerpath.ProgramMatch, resident string) {
	m.Cost = m.Program.CostFor(resident)
	m.Payback = m.Program.PaybackFor(m.Cost, m.Baseline)
}

// miles formats a distance in miles: "79 miles", "1 mile", "under 1 mile".
func miles(d float64) string {
	n := int(math.Round(d))
	switch {
	case d < 0.5:
		return "under 1 mile"
	case n == 1:
		return "1 mile"
	}
	return thousands(n) + " miles"
}

// residentOptions are the choices of "your state", the selected one
// checked.
func residentOptions(selected string) []option {
	out := []option{{Value: "", Label: "Not chosen (out-of-state figures)", Count: -1, Checked: selected == ""}}
	for _, s := range careerpath.USStates() {
		out = append(out, option{Value: s.Code, Label: s.Name, Count: -1, Checked: s.Code == selected})
	}
	return out
}

// costView fills what a finder page says about cost and place: the
// student's state, and the radius in use when the URL gives a place
// without one.
func (v *finderView) costView(f careerpath.ProgramFilter, q url.Values) {
	v.Resident = f.Resident
	v.States = residentOptions(f.Resident)
	if (f.ZIP != "" || f.Near != nil) && q.Get("radius") == "" {
		v.RadiusNote = fmt.Sprintf("Within %d miles, the default: set a distance to change it.", careerpath.DefaultRadiusMiles)
	}
	v.Distance = f.ZIP != "" || f.Near != nil
}

// residentParam returns the ?resident= state of a page, checked.
func residentParam(r *http.Request) (string, error) {
	code, err := careerpath.ValidResident(r.URL.Query().Get("resident"))
	if err != nil {
		return "", careerpath.Errorf(careerpath.EINVALID, "Parameter %s", careerpath.ErrorMessage(err))
	}
	return code, nil
}

// ProgramHref returns the link of a card to its program page: with the
// career, the student's state, and the finder page to come back to.
func (v *finderView) ProgramHref(id int64) string {
	q := url.Values{}
	if v.CareerSlug != "" {
		q.Set("career", v.CareerSlug)
	}
	if v.Resident != "" {
		q.Set("resident", v.Resident)
	}
	back := v.Action
	if len(v.query) > 0 {
		back += "?" + v.query.Encode()
	}
	q.Set("back", back+"#programs")
	return "/programs/" + strconv.FormatInt(id, 10) + "?" + q.Encode()
}

// backLink returns the finder page a program page was opened from, if
// ?back= names one of this site's finder pages, else "".
func backLink(r *http.Request) string {
	b := r.URL.Query().Get("back")
	u, err := url.Parse(b)
	if err != nil || u.Scheme != "" || u.Host != "" || strings.HasPrefix(b, "//") ||
		!(u.Path == "/programs" || strings.HasPrefix(u.Path, "/careers/")) {
		return ""
	}
	return b
}

// tuitionLevels says both residencies of the level a program's tuition is
// of: "in-state $14,064 · out-of-state $29,140".
func tuitionLevels(p *careerpath.Program) string {
	if p.Institution.UnitID == 0 {
		return ""
	}
	in, out := p.Institution.TuitionInState, p.Institution.TuitionOutOfState
	if careerpath.IsGraduate(p.Award.Code) {
		in, out = p.Institution.GradTuitionInState, p.Institution.GradTuitionOutOfState
	}
	money := func(v *float64) string {
		if v == nil {
			return "not reported"
		}
		return usd(*v)
	}
	return "in-state " + money(in) + " · out-of-state " + money(out)
}

// exportHeader names the columns of a CSV export. Tuition columns are of
// the level the program's tuition is of (graduate for graduate awards);
// tuition and total_cost_estimate are for the export's resident.
var exportHeader = []string{"id", "program", "cip", "cip_title", "award", "graduate", "institution", "city", "state", "control", "online_share",
	"typical_years", "tuition_level", "tuition_in_state", "tuition_out_of_state", "tuition_year", "tuition", "tuition_residency", "resident",
	"total_cost_estimate", "distance_miles", "completers", "earnings_1yr", "earnings_premium", "payback_years", "debt_to_earnings",
	"relevance", "score", "reasons"}

// exportRow is one program of a CSV export, a match whose Cost is set.
func exportRow(m *careerpath.ProgramMatch) []string {
	p := m.Program
	num := func(v *float64, prec int) string {
		if v == nil {
			return ""
		}
		return strconv.FormatFloat(*v, 'f', prec, 64)
	}
	score := ""
	if m.Level != "" {
		score = strconv.FormatFloat(m.Score, 'f', 3, 64)
	}
	in, out := p.Institution.TuitionInState, p.Institution.TuitionOutOfState
	if careerpath.IsGraduate(p.Award.Code) {
		in, out = p.Institution.GradTuitionInState, p.Institution.GradTuitionOutOfState
	}
	c := m.Cost
	if c == nil {
		c = p.CostFor("")
	}
	pb := paybackOf{m.Payback}
	return []string{strconv.FormatInt(p.ID, 10), p.Name, p.CIP, p.CIPTitle, p.Award.Name, strconv.FormatBool(careerpath.IsGraduate(p.Award.Code)),
		p.Institution.Name, p.Institution.City, p.Institution.State, p.Institution.Control.String(), num(p.Institution.OnlineShare, 3),
		strconv.FormatFloat(p.Award.TypicalYears, 'f', -1, 64), c.Tuition.Level, num(in, 0), num(out, 0), c.Tuition.Year,
		num(c.Tuition.Amount, 0), c.Tuition.Residency, c.Tuition.Resident, num(c.Total.Amount, 0), num(m.DistanceMiles, 1),
		strconv.Itoa(p.Completers), num(p.Earnings1Yr, 0), statNum(pb.premium(), 0), statNum(pb.years(), 2), statNum(pb.debt(), 3),
		m.Level, score, strings.Join(m.Reasons, " ")}
}

// yearsText formats a number of years: "1.0 year", "2.7 years".
func yearsText(v float64) string {
	s := strconv.FormatFloat(v, 'f', 1, 64)
	if s == "1.0" {
		return s + " year"
	}
	return s + " years"
}

// paybackOf reads a payback's figures, nil where there is no payback.
type paybackOf struct{ p *careerpath.Payback }

func (o paybackOf) premium() *careerpath.Stat {
	if o.p == nil {
		return nil
	}
	return o.p.Premium
}

func (o paybackOf) years() *careerpath.Stat {
	if o.p == nil {
		return nil
	}
	return o.p.Years
}

func (o paybackOf) debt() *careerpath.Stat {
	if o.p == nil {
		return nil
	}
	return o.p.DebtToEarning
}

// statNum formats a figure for an export, "" where there is none.
func statNum(s *careerpath.Stat, prec int) string {
	if s == nil {
		return ""
	}
	return strconv.FormatFloat(s.Value, 'f', prec, 64)
}

// paybackRows are the comparison's rows about what the programs pay back
// and why each matches.
func paybackRows(row func(string, func(*careerpath.ProgramMatch) string) compareRow) []compareRow {
	return []compareRow{
		row("Distance", func(p *careerpath.ProgramMatch) string {
			if p.DistanceMiles == nil {
				return "add a ZIP code in the finder"
			}
			return miles(*p.DistanceMiles)
		}),
		row("Payback of the total cost", func(p *careerpath.ProgramMatch) string {
			if y := (paybackOf{p.Payback}).years(); y != nil {
				return yearsText(y.Value) + " of earnings premium"
			}
			if p.Payback != nil {
				return p.Payback.Short
			}
			return "not known"
		}),
		row("Earnings premium over the baseline", func(p *careerpath.ProgramMatch) string {
			if s := (paybackOf{p.Payback}).premium(); s != nil {
				return usd(s.Value) + " a year"
			}
			return "not reported"
		}),
		row("Debt to earnings", func(p *careerpath.ProgramMatch) string {
			if s := (paybackOf{p.Payback}).debt(); s != nil {
				return strconv.FormatFloat(s.Value, 'f', 2, 64)
			}
			return "not reported"
		}),
		row("Why it matches", func(p *careerpath.ProgramMatch) string {
			if len(p.Reasons) == 0 {
				return "—"
			}
			return strings.Join(p.Reasons, " ")
		}),
	}
}

// zipResolver is a program service that places ZIP codes, as the finder
// does for zip=.
type zipResolver interface {
	ResolveZIP(ctx context.Context, zip string) (careerpath.GeoPoint, error)
}

// compareDistances sets each compared program's distance from ?zip=,
// when the URL gives one and the service can place it.
func (s *Server) compareDistances(r *http.Request, ps []*careerpath.ProgramMatch) error {
	zip := strings.TrimSpace(r.URL.Query().Get("zip"))
	zr, ok := s.svc.Programs.(zipResolver)
	if zip == "" || !ok {
		return nil
	}
	pt, err := zr.ResolveZIP(r.Context(), zip)
	if err != nil {
		return err
	}
	for _, p := range ps {
		if in := p.Institution; in.Latitude != nil && in.Longitude != nil {
			d := careerpath.DistanceMiles(pt, careerpath.GeoPoint{Lat: *in.Latitude, Lon: *in.Longitude})
			p.DistanceMiles = &d
		}
	}
	return nil
}
