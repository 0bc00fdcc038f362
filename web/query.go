package web

import (
	"net/url"
	"strconv"
	"strings"

	careerpath "github.com/careerpath/careerpath"
)

// parseProgramQuery turns URL parameters into a program filter. The HTML
// finder and the JSON API both use it, so a page's URL and an API URL with
// the same parameters select the same programs. It checks that each value
// has the right type; careerpath.ProgramFilter.Normalize checks the rest.
// Parameters:
//
//	relevance      strong | related (strong and related; the default with a career)
//	award          IPEDS award level code, repeatable (5 bachelor's, 7 master's, …)
//	delivery       online | campus
//	state          postal code or US state name ("New York"), repeatable
//	country        ISO 3166-1 alpha-2
//	control        public | nonprofit | forprofit, repeatable
//	zip            5-digit ZIP code, or lat and lon; with radius in miles (default careerpath.DefaultRadiusMiles)
//	duration_min, duration_max   typical years
//	tuition_min, tuition_max     dollars a year, of the tuition for resident (out-of-state without one)
//	completers_min               completers in the latest year
//	payback_max    years of earnings premium to repay the estimated total cost (for resident)
//	earnings_min, earnings_max   median earnings one year after completion
//	q              words in the program or institution name
//	resident       the student's state (postal code or name): in-state tuition at its public institutions
//	sort           relevance | tuition | earnings | duration | completers | name | distance (with zip or lat and lon) | payback
//	order          asc | desc (each sort has a natural default)
//	page, per_page 1-based page; 1–100 programs a page (default 20)
func parseProgramQuery(v url.Values) (careerpath.ProgramFilter, error) {
	return parseProgramParams(params{Values: v})
}

// params reads the parameters of a query, and notes the names it reads
// in seen when seen is not nil: the OpenAPI test checks with it that the
// document describes every parameter the parser reads.
type params struct {
	url.Values
	seen map[string]bool
}

// Get returns the first value of the parameter.
func (q params) Get(name string) string {
	q.all(name)
	return q.Values.Get(name)
}

// all returns every value of the parameter.
func (q params) all(name string) []string {
	if q.seen != nil {
		q.seen[name] = true
	}
	return q.Values[name]
}

func parseProgramParams(q params) (careerpath.ProgramFilter, error) {
	bad := func(param, want, got string) error {
		return careerpath.Errorf(careerpath.EINVALID, "Parameter %s: want %s, got %q.", param, want, got)
	}
	f := careerpath.ProgramFilter{
		MinRelevance: q.Get("relevance"),
		Delivery:     q.Get("delivery"),
		Country:      strings.ToUpper(q.Get("country")),
		ZIP:          strings.TrimSpace(q.Get("zip")),
		Query:        strings.TrimSpace(q.Get("q")),
		Sort:         q.Get("sort"),
		Order:        q.Get("order"),
	}
	if v := q.Get("resident"); v != "" {
		code, err := careerpath.ValidResident(v)
		if err != nil {
			return f, bad("resident", "a US state as a postal code such as TX or a name such as Texas", v)
		}
		f.Resident = code
	}
	for _, v := range q.all("award") {
		n, err := strconv.Atoi(v)
		if err != nil {
			return f, bad("award", "an IPEDS award level code such as 5 (bachelor's) or 7 (master's)", v)
		}
		f.Awards = append(f.Awards, n)
	}
	if f.Country != "" && !isCountry(f.Country) {
		return f, bad("country", "an ISO 3166-1 country code such as US or CA", q.Get("country"))
	}
	for _, v := range q.all("state") {
		code := strings.ToUpper(strings.TrimSpace(v))
		if code == "" {
			continue
		}
		if len(code) != 2 {
			// A region of a catalog outside the US keeps its own code;
			// names are those of the US.
			var ok bool
			if code, ok = careerpath.USStateCode(v); !ok {
				return f, bad("state", "a two-letter postal code such as NY or a US state name such as New York", v)
			}
		}
		if !isUSState(code) && (f.Country == "" || f.Country == "US") {
			return f, bad("state", "a US state as a postal code such as NY or a name such as New York (a region outside the US needs its country)", v)
		}
		f.States = append(f.States, code)
	}
	for _, v := range q.all("control") {
		c, ok := controlParam[v]
		if !ok {
			return f, bad("control", "public, nonprofit or forprofit", v)
		}
		f.Controls = append(f.Controls, c)
	}
	if f.ZIP != "" && (len(f.ZIP) != 5 || strings.Trim(f.ZIP, "0123456789") != "") {
		return f, bad("zip", "a 5-digit ZIP code", f.ZIP)
	}
	if len(f.Query) > 200 {
		return f, careerpath.Errorf(careerpath.EINVALID, "Parameter q: want at most 200 characters.")
	}
	if q.Get("lat") != "" || q.Get("lon") != "" {
		lat, err := strconv.ParseFloat(q.Get("lat"), 64)
		if err != nil {
			return f, bad("lat", "a latitude in degrees (with lon)", q.Get("lat"))
		}
		lon, err := strconv.ParseFloat(q.Get("lon"), 64)
		if err != nil {
			return f, bad("lon", "a longitude in degrees (with lat)", q.Get("lon"))
		}
		f.Near = &careerpath.GeoPoint{Lat: lat, Lon: lon}
	}
	var err error
	floats := []struct {
		param string
		dst   **float64
	}{
		{"duration_min", &f.DurationMin}, {"duration_max", &f.DurationMax},
		{"tuition_min", &f.TuitionMin}, {"tuition_max", &f.TuitionMax},
		{"earnings_min", &f.EarningsMin}, {"earnings_max", &f.EarningsMax},
	}
	for _, fl := range floats {
		if *fl.dst, err = optNumber(q, fl.param); err != nil {
			return f, err
		}
	}
	if f.PaybackMax, err = optNumber(q, "payback_max"); err != nil {
		return f, err
	}
	if r, err := optNumber(q, "radius"); err != nil {
		return f, err
	} else if r != nil {
		f.RadiusMiles = *r
	}
	ints := []struct {
		param string
		dst   *int
	}{{"page", &f.Page}, {"per_page", &f.PerPage}}
	for _, in := range ints {
		if v := q.Get(in.param); v != "" {
			if *in.dst, err = strconv.Atoi(v); err != nil || *in.dst < 1 {
				return f, bad(in.param, "a whole number of 1 or more", v)
			}
		}
	}
	if v := q.Get("completers_min"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return f, bad("completers_min", "a whole number of 0 or more", v)
		}
		f.CompletersMin = &n
	}
	return f, nil
}

var controlParam = map[string]careerpath.Control{
	"public":    careerpath.ControlPublic,
	"nonprofit": careerpath.ControlNonprofit,
	"forprofit": careerpath.ControlForProfit,
}

// optNumber returns the parameter as a number of 0 or more, nil if absent.
func optNumber(q params, param string) (*float64, error) {
	v := q.Get(param)
	if v == "" {
		return nil, nil
	}
	x, err := strconv.ParseFloat(v, 64)
	if err != nil || x < 0 || x != x || x > 1e12 {
		return nil, careerpath.Errorf(careerpath.EINVALID, "Parameter %s: want a number of 0 or more, got %q.", param, v)
	}
	return &x, nil
}
