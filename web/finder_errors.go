package web

import (
	"net/url"
	"regexp"
	"strings"

	careerpath "github.com/careerpath/careerpath"
)

// errParam finds the parameter an EINVALID message names: "Parameter
// tuition_max: …" from the parser, "radius: …" from the filter's checks.
var errParam = regexp.MustCompile(`^(?:Parameter )?([a-z_]+)[:,]`)

// plainWords are what a page says next to a field whose value it could
// not use, in the words of a person rather than of the API.
var plainWords = map[string]string{
	"award":          "Choose an award from the list.",
	"delivery":       "Choose online or campus.",
	"state":          "Choose a state from the list (regions outside the US need their country too).",
	"country":        "Choose a country from the list.",
	"control":        "Choose public, private nonprofit or for-profit.",
	"zip":            "Enter a 5-digit US ZIP code, such as 30332.",
	"radius":         "Enter a distance in miles, such as 50.",
	"lat":            "The place could not be read; enter a ZIP code instead.",
	"lon":            "The place could not be read; enter a ZIP code instead.",
	"resident":       "Choose your state from the list.",
	"duration_min":   "Enter a number of years, such as 2.",
	"duration_max":   "Enter a number of years, such as 4.",
	"tuition_min":    "Enter dollars a year as a number, such as 5000.",
	"tuition_max":    "Enter dollars a year as a number, such as 20000.",
	"earnings_min":   "Enter dollars a year as a number, such as 50000.",
	"earnings_max":   "Enter dollars a year as a number, such as 90000.",
	"completers_min": "Enter a whole number, such as 10.",
	"payback_max":    "Enter a number of years, such as 5.",
	"q":              "Use at most 200 characters.",
	"sort":           "Sorting by distance needs a ZIP code; the list is in the default order.",
	"page":           "That page does not exist; this is the first page.",
	"per_page":       "Showing 20 programs a page.",
	"relevance":      "Choose strong matches, or strong and related.",
}

// fieldError is what a finder page says about one parameter it left out.
type fieldError struct {
	Param, Message string
}

// dropBadParam returns the query without the parameter err names, and
// what to say next to its field, or false if err names no parameter of
// the query (the page then starts over without filters).
func dropBadParam(q url.Values, err error) (url.Values, fieldError, bool) {
	msg := careerpath.ErrorMessage(err)
	m := errParam.FindStringSubmatch(msg)
	if m == nil || !q.Has(m[1]) {
		return q, fieldError{}, false
	}
	param := m[1]
	words, ok := plainWords[param]
	if !ok || param == "zip" && strings.Contains(msg, "ZIP code list") {
		// The service's message names the unknown ZIP code in plain words.
		words = strings.TrimSpace(errParam.ReplaceAllString(msg, ""))
	}
	q = withParamValues(q, param, nil)
	if param == "zip" {
		q = withParamValues(q, "radius", nil) // a radius of no place
	}
	if param == "tuition_min" || param == "earnings_min" || param == "duration_min" {
		// "min above max": both fields are wrong together.
		q = withParamValues(q, strings.TrimSuffix(param, "_min")+"_max", nil)
	}
	return q, fieldError{param, words}, true
}

// FieldError returns what the page says next to the field of the
// parameter, "" if its value was used.
func (v *finderView) FieldError(param string) string {
	for _, e := range v.FieldErrors {
		if e.Param == param {
			return e.Message
		}
	}
	return ""
}

// ActiveFilters counts the filters the page applies, for its "Filters
// (n)" control: every parameter but the order and the page.
func (v *finderView) ActiveFilters() int {
	n := 0
	for k, vals := range v.form {
		switch k {
		case "sort", "order", "page", "per_page":
			continue
		}
		for _, x := range vals {
			if x != "" {
				n++
			}
		}
	}
	return n
}
