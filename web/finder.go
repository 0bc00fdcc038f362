package web

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	careerpath "github.com/careerpath/careerpath"
)

// finderView is the program finder as a page shows it: the filters with
// their facet counts, the page of results and the links that keep every
// state in the URL.
type finderView struct {
	Heading    string
	Action     string // the page the form submits to
	Career     *careerpath.Guide
	CareerSlug string
	Error      string
	query      url.Values
	// form is the query as the form shows it (formValues).
	form       url.Values
	Page       *careerpath.ProgramPage
	Groups     []facetGroup
	Ranges     []rangeInput
	Sorts      []option
	First      int // number of the first result on the page
	LastPage   int
	Prev, Next string
	ExportCSV  template.URL
	ExportJSON template.URL
	// ExportLimit is the most programs an export returns.
	ExportLimit int
	// Chips are the filters words of the query stood for, each with the
	// link that removes it; Ways out are the links of an empty page.
	Chips          []chip
	WaysOut        []chip
	DidYouMean     string // the link
	DidYouMeanText string
	SortNote       string
	// Resident is the student's state, States the choices of it;
	// RadiusNote says which radius is in use when the URL gives none;
	// Distance is true when a place is given (sort by distance applies).
	// FieldErrors are the parameters the page could not use, each said
	// next to its field; the other filters stay applied.
	FieldErrors []fieldError
	Resident    string
	States      []option
	RadiusNote  string
	Distance    bool
	// Flag forms on the cards, for a signed-in editor (admin_flag.go).
	Flag *cardFlags
}

// chip is a removable filter, or a way out of an empty page.
type chip struct {
	Label string
	Href  string
}

// Value returns the current value of a query parameter, for form fields.
func (v *finderView) Value(param string) string { return v.form.Get(param) }

// formValues returns the query as the finder's form shows it: a filter
// that words of the search stood for ticked as if chosen, and those words
// out of the search box, so that the form's state is what the page
// answers and unticking the box removes the filter.
func formValues(q url.Values, rd *careerpath.QueryReading) url.Values {
	if rd == nil || len(rd.Filters) == 0 {
		return q
	}
	text := q.Get("q")
	for _, qf := range rd.Filters {
		q = withParamValues(q, qf.Param, append(slices.Clone(q[qf.Param]), strings.Split(qf.Value, ",")...))
		text = careerpath.WithoutWords(text, qf.Words)
	}
	return withParamValues(q, "q", []string{text})
}

type facetGroup struct {
	Label, Param, Kind, Note string // Kind: checkbox, radio or select
	Multiple                 bool
	Options                  []option
}

type option struct {
	Value, Label string
	Count        int // -1 where no count applies
	Checked      bool
}

type rangeInput struct {
	Label, Min, Max    string
	MinValue, MaxValue string
}

// finder runs the search of a finder page. A bad parameter is shown on the
// page above an unfiltered result, rather than replacing the page.
// ranking, if not "", replaces the default sort (an experiment's arm); the
// page still shows relevance as the sort.
func (s *Server) finder(r *http.Request, g *careerpath.Guide, action, ranking string) (*finderView, error) {
	q := r.URL.Query()
	v := &finderView{Action: action, Career: g, query: q, ExportLimit: careerpath.MaxExportRows}
	parse := func() (careerpath.ProgramFilter, error) {
		f, err := parseProgramQuery(q)
		if err == nil && g != nil {
			f.Career = g.Slug
		}
		if err == nil {
			err = f.Normalize()
		}
		return f, err
	}
	f, err := parse()
	for tries := 0; err != nil && careerpath.ErrorCode(err) == careerpath.EINVALID && tries < len(plainWords); tries++ {
		// Leave out the bad value, say so next to its field, keep the rest.
		var fe fieldError
		var ok bool
		if q, fe, ok = dropBadParam(q, err); !ok {
			break
		}
		v.FieldErrors, v.query = append(v.FieldErrors, fe), q
		f, err = parse()
	}
	if err != nil && careerpath.ErrorCode(err) == careerpath.EINVALID {
		v.Error = careerpath.ErrorMessage(err)
		q = url.Values{}
		v.query = q
		f = careerpath.ProgramFilter{}
		if g != nil {
			f.Career = g.Slug
		}
		f.Normalize()
	} else if err != nil {
		return nil, err
	}
	find := func(f careerpath.ProgramFilter) (*careerpath.ProgramPage, error) {
		if ranking != "" && !q.Has("sort") && !q.Has("order") {
			f.Sort, f.Order = ranking, careerpath.DefaultOrder(ranking)
		}
		return s.svc.Programs.FindPrograms(r.Context(), f)
	}
	page, err := find(f)
	if careerpath.ErrorCode(err) == careerpath.EUNAVAILABLE { // the index is still building
		v.Error, v.Page, v.LastPage, v.form = careerpath.ErrorMessage(err), &careerpath.ProgramPage{Page: 1, PerPage: 1}, 1, v.query
		return v, nil
	}
	if careerpath.ErrorCode(err) == careerpath.EINVALID { // an unknown ZIP code, say
		if nq, fe, ok := dropBadParam(q, err); ok {
			v.FieldErrors, q, v.query = append(v.FieldErrors, fe), nq, nq
		} else {
			v.Error = careerpath.ErrorMessage(err)
		}
		f.ZIP, f.RadiusMiles = "", 0
		if f.Sort == careerpath.SortDistance {
			f.Sort, f.Order = careerpath.SortRelevance, careerpath.DefaultOrder(careerpath.SortRelevance)
		}
		page, err = find(f)
	}
	if err != nil {
		return nil, err
	}
	withCosts(page.Items, f.Resident)
	v.costView(f, q)
	v.Page = page
	if g != nil {
		v.Heading, v.CareerSlug = g.Title+" programs", g.Slug
	} else {
		v.Heading = "All programs"
	}
	v.form = formValues(q, page.Reading)
	v.Groups = facetGroups(page, v.form, g != nil)
	v.Ranges = []rangeInput{
		{"Typical length, years", "duration_min", "duration_max", q.Get("duration_min"), q.Get("duration_max")},
		{"Tuition, $ a year", "tuition_min", "tuition_max", q.Get("tuition_min"), q.Get("tuition_max")},
		{"Earnings after 1 year, $", "earnings_min", "earnings_max", q.Get("earnings_min"), q.Get("earnings_max")},
		{"Completers 2024, at least", "completers_min", "", q.Get("completers_min"), ""},
	}
	if f.Sort == careerpath.SortBest {
		v.SortNote = careerpath.BestMatchSentence
	}
	if rd := page.Reading; rd != nil {
		for _, qf := range rd.Filters {
			v.Chips = append(v.Chips, chip{Label: qf.Label + " (from “" + qf.Words + "”)",
				Href: action + "?" + withParam(q, "q", careerpath.WithoutWords(q.Get("q"), qf.Words)) + "#programs"})
		}
		for _, w := range rd.Without {
			label, href := "remove "+w.Label+": "+thousands(w.Total)+" programs", ""
			switch w.Param {
			case "q":
				href = action + "?" + withParam(q, "q", "")
				for _, qf := range rd.Filters {
					if qf.Label == w.Label {
						href = action + "?" + withParam(q, "q", careerpath.WithoutWords(q.Get("q"), qf.Words))
					}
				}
			case "radius":
				href = action + "?" + withParamValues(withParamValues(withParamValues(withParamValues(q, "radius", nil), "zip", nil), "lat", nil), "lon", nil).Encode()
			case "duration_min", "tuition_min", "earnings_min":
				href = action + "?" + withParamValues(withParamValues(q, w.Param, nil), w.Param[:len(w.Param)-4]+"_max", nil).Encode()
			default:
				href = action + "?" + withParamValues(q, w.Param, nil).Encode()
			}
			v.WaysOut = append(v.WaysOut, chip{Label: label, Href: href + "#programs"})
		}
		if rd.DidYouMean != "" {
			v.DidYouMean, v.DidYouMeanText = action+"?"+withParam(q, "q", rd.DidYouMean)+"#programs", rd.DidYouMean
		}
	}
	for _, s := range []struct{ v, l string }{
		{careerpath.SortBest, "Best match"}, {careerpath.SortTuition, "Tuition"}, {careerpath.SortEarnings, "Earnings"},
		{careerpath.SortDuration, "Typical length"}, {careerpath.SortCompleters, "Completers"}, {careerpath.SortName, "Name"},
		{careerpath.SortDistance, "Distance (with a ZIP code)"}, {careerpath.SortPayback, "Payback (quickest first)"},
	} {
		if s.v == careerpath.SortDistance && !v.Distance {
			continue
		}
		v.Sorts = append(v.Sorts, option{Value: s.v, Label: s.l, Count: -1, Checked: f.Sort == s.v})
	}
	v.First = (page.Page-1)*page.PerPage + 1
	v.LastPage = max(1, (page.Total+page.PerPage-1)/page.PerPage)
	if page.Page > 1 {
		v.Prev = action + "?" + withParam(q, "page", strconv.Itoa(page.Page-1)) + "#programs"
	}
	if page.Page < v.LastPage {
		v.Next = action + "?" + withParam(q, "page", strconv.Itoa(page.Page+1)) + "#programs"
	}
	api := "/api/v1/programs"
	if g != nil {
		api = "/api/v1/careers/" + url.PathEscape(g.Slug) + "/programs"
	}
	exp := withParamValues(withParamValues(q, "page", nil), "per_page", nil)
	v.ExportCSV = template.URL(api + "?" + withParam(exp, "format", "csv"))
	v.ExportJSON = template.URL(api + "?" + withParam(exp, "format", "json"))
	if v.Flag, err = s.cardFlags(r); err != nil {
		return nil, err
	}
	return v, nil
}

// facetGroups are the filters shown with counts: each facet's values with
// the number of programs each would give, the other filters applied.
func facetGroups(page *careerpath.ProgramPage, q url.Values, career bool) []facetGroup {
	opts := func(facet, param string) []option {
		var out []option
		for _, fc := range page.Facets[facet] {
			if fc.Value == careerpath.BucketUnknown {
				continue
			}
			out = append(out, option{Value: fc.Value, Label: fc.Label, Count: fc.Count, Checked: slices.Contains(q[param], fc.Value)})
		}
		return out
	}
	var groups []facetGroup
	if career {
		groups = append(groups, facetGroup{Label: "Match", Param: "relevance", Kind: "radio", Options: []option{
			{Value: "related", Label: "Strong and related", Count: -1, Checked: q.Get("relevance") != careerpath.RelevanceStrong},
			{Value: "strong", Label: "Strong matches only", Count: -1, Checked: q.Get("relevance") == careerpath.RelevanceStrong},
		}})
	}
	groups = append(groups,
		facetGroup{Label: "Award", Param: "award", Kind: "checkbox", Options: opts(careerpath.FacetAward, "award")},
		facetGroup{Label: "Delivery", Param: "delivery", Kind: "radio",
			Options: append([]option{{Value: "", Label: "Any", Count: -1, Checked: q.Get("delivery") == ""}}, opts(careerpath.FacetDelivery, "delivery")...),
			Note:    fmt.Sprintf("Online means at least %.0f%% of the institution's students study fully online (IPEDS): a signal about the institution, not the program.", 100*careerpath.OnlineShareThreshold)},
		facetGroup{Label: "Institution", Param: "control", Kind: "checkbox", Options: controlOptions(page, q)},
		// Provider catalogs bring programs outside the US.
		facetGroup{Label: "Country", Param: "country", Kind: "select", Options: opts(careerpath.FacetCountry, "country")},
		facetGroup{Label: "State or region", Param: "state", Kind: "select", Multiple: true, Options: opts(careerpath.FacetState, "state")},
	)
	return groups
}

// controlOptions maps the control facet's codes to the words the URL uses.
func controlOptions(page *careerpath.ProgramPage, q url.Values) []option {
	words := map[string]string{"1": "public", "2": "nonprofit", "3": "forprofit"}
	var out []option
	for _, fc := range page.Facets[careerpath.FacetControl] {
		w, ok := words[fc.Value]
		if !ok {
			continue
		}
		out = append(out, option{Value: w, Label: fc.Label, Count: fc.Count, Checked: slices.Contains(q["control"], w)})
	}
	return out
}

func withParam(q url.Values, key, value string) string {
	var vals []string
	if value != "" {
		vals = []string{value}
	}
	return withParamValues(q, key, vals).Encode()
}

func withParamValues(q url.Values, key string, vals []string) url.Values {
	c := url.Values{}
	for k, v := range q {
		c[k] = v
	}
	if vals == nil {
		delete(c, key)
	} else {
		c[key] = vals
	}
	return c
}
