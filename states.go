package careerpath

import "strings"

// usStates maps the lower-case names of the US states, the District of
// Columbia and the territories that IPEDS covers to their postal codes.
var usStates = map[string]string{
	"alabama": "AL", "alaska": "AK", "arizona": "AZ", "arkansas": "AR", "california": "CA", "colorado": "CO",
	"connecticut": "CT", "delaware": "DE", "district of columbia": "DC", "florida": "FL", "georgia": "GA",
	"hawaii": "HI", "idaho": "ID", "illinois": "IL", "indiana": "IN", "iowa": "IA", "kansas": "KS",
	"kentucky": "KY", "louisiana": "LA", "maine": "ME", "maryland": "MD", "massachusetts": "MA",
	"michigan": "MI", "minnesota": "MN", "mississippi": "MS", "missouri": "MO", "montana": "MT",
	"nebraska": "NE", "nevada": "NV", "new hampshire": "NH", "new jersey": "NJ", "new mexico": "NM",
	"new york": "NY", "north carolina": "NC", "north dakota": "ND", "ohio": "OH", "oklahoma": "OK",
	"oregon": "OR", "pennsylvania": "PA", "rhode island": "RI", "south carolina": "SC", "south dakota": "SD",
	"tennessee": "TN", "texas": "TX", "utah": "UT", "vermont": "VT", "virginia": "VA", "washington": "WA",
	"west virginia": "WV", "wisconsin": "WI", "wyoming": "WY",
	"american samoa": "AS", "guam": "GU", "northern mariana islands": "MP", "puerto rico": "PR",
	"virgin islands": "VI", "u.s. virgin islands": "VI", "us virgin islands": "VI",
	"federated states of micronesia": "FM", "marshall islands": "MH", "palau": "PW",
}

// USStateCode returns the postal code of a US state, the District of
// Columbia or a territory named in full, in any case and with any spacing
// ("new  York" → "NY"), and whether the name is known.
func USStateCode(name string) (string, bool) {
	code, ok := usStates[strings.ToLower(strings.Join(strings.Fields(name), " "))]
	return code, ok
}
