package web

import (
	"golang.org/x/text/language"

	careerpath "github.com/careerpath/careerpath"
)

// isCountry reports whether code is an ISO 3166-1 alpha-2 country code
// (not a macro-region such as EU, nor ZZ or a private-use code).
func isCountry(code string) bool {
	if len(code) != 2 {
		return false
	}
	r, err := language.ParseRegion(code)
	return err == nil && r.IsCountry()
}

// isUSState reports whether code is the postal code of a US state, the
// District of Columbia or a territory.
func isUSState(code string) bool {
	_, err := careerpath.ValidResident(code)
	return err == nil && len(code) == 2
}
