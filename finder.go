package careerpath

import (
	"cmp"
	"context"
	"math"
	"slices"
	"strings"
	"unicode"
)

// Relevance levels of a program for a career.
const (
	RelevanceStrong  = "strong"  // the program's main field prepares for the career
	RelevanceRelated = "related" // an adjacent field many people in the career come from
	RelevanceNone    = "none"
)

// Relevance says how well a program prepares for a career, and why, in
// sentences a person can read.
type Relevance struct {
	Level string  `json:"relevance"` // RelevanceStrong, RelevanceRelated or RelevanceNone
	Score float64 `json:"score"`     // 0 to 1; orders programs within a level
	// Confidence is how sure the field of study is: 1 for a CIP code from
	// IPEDS or the catalog, the model's probability for a predicted one.
	Confidence float64  `json:"confidence"`
	Reasons    []string `json:"reasons"`
}

// CrosswalkLink is one row of the NCES/BLS CIP–SOC crosswalk: a field of
// study that prepares for an occupation.
type CrosswalkLink struct {
	CIP      string // 6-digit CIP 2020, "11.0701"
	CIPTitle string
	SOC      string // SOC 2018, "15-2051"
	SOCTitle string
}

// GeoPoint is a place on Earth, in degrees.
type GeoPoint struct {
	Lat float64 `json:"lat"`
	Lon float64 `json:"lon"`
}

// Delivery filters IPEDS programs by the online signal of their
// institution, and catalog programs by the format their provider gives
// (see Program.Online: online and hybrid are online).
const (
	DeliveryOnline = "online" // the institution's online share is at least OnlineShareThreshold; a catalog's online or hybrid
	DeliveryCampus = "campus" // below the threshold, or not reported; a catalog's on-campus, or no format
)

// OnlineShareThreshold is the share of an institution's students enrolled
// exclusively in distance education from which its programs count as
// online: a quarter of the students is an institution organised for
// online study, not one with a few online courses. It is a signal about
// the institution (IPEDS reports no per-program delivery), and the pages
// say so.
const OnlineShareThreshold = 0.25

// IsOnline reports whether an institution with the online share counts as
// online; nil (not reported) counts as campus.
func IsOnline(share *float64) bool { return share != nil && *share >= OnlineShareThreshold }

// Program sorts.
const (
	// SortBest is best match, the default order: see BestMatchKey.
	SortBest = "best"
	// SortRelevance is accepted for SortBest, the name it had before.
	SortRelevance = "relevance"
	// SortRelevanceScore is the order before best match: the career's
	// relevance score, best first; without a career, completers, largest
	// first. It is the control arm of ranking experiments.
	SortRelevanceScore = "relevance-score"
	SortTuition        = "tuition"    // cheapest first
	SortEarnings       = "earnings"   // highest first
	SortDuration       = "duration"   // shortest first
	SortCompleters     = "completers" // largest first
	SortName           = "name"       // program name, then institution name, A to Z
	SortDistance       = "distance"   // nearest first; needs a ZIP code or coordinates
	// SortOutcomes is relevance blended with outcomes (earnings and
	// completers), the ranking variant of finder experiments; see
	// search.OutcomeScore for the formula. Pages do not offer it.
	SortOutcomes = "relevance-outcomes"
)

// Sort orders.
const (
	OrderAsc  = "asc"
	OrderDesc = "desc"
)

// DefaultOrder returns the natural order of a sort: descending for
// relevance, earnings and completers, ascending for the others.
func DefaultOrder(sort string) string {
	switch sort {
	case SortBest, SortRelevance, SortRelevanceScore, SortEarnings, SortCompleters, SortOutcomes:
		return OrderDesc
	}
	return OrderAsc
}

// DefaultRadiusMiles is the radius of a ZIP code or coordinates given
// without one; pages state it.
const DefaultRadiusMiles = 50

// MaxPerPage is the largest page a search returns.
const MaxPerPage = 100

// MaxExportRows is the largest result set an export returns
// (ProgramFilter.Export).
const MaxExportRows = 10000

// ProgramFilter selects programs. Zero values mean "any"; a nil pointer
// leaves that bound open. Ranges include both bounds; a program whose value
// is unknown fails any bound on it.
type ProgramFilter struct {
	// Career restricts to programs relevant to the career with this slug;
	// MinRelevance is RelevanceStrong, or RelevanceRelated (the default)
	// for strong and related programs.
	Career       string
	MinRelevance string

	Awards   []int     // IPEDS award levels, or AwardUnknown for catalog degrees not recognised
	Delivery string    // DeliveryOnline, DeliveryCampus or ""
	States   []string  // postal codes (a catalog program's region)
	Country  string    // ISO 3166-1 alpha-2: "US" for every IPEDS program, the catalog's for the others
	Controls []Control // public, private nonprofit, for-profit

	// Near and RadiusMiles restrict to programs within the radius of a
	// point (great-circle distance, see DistanceMiles); ZIP is resolved to
	// a point by the service: the ZIP code's centroid in the bundled ZIP
	// gazetteer, else the centroid of the institutions with that ZIP code.
	// A point without a radius has DefaultRadiusMiles; a radius without a
	// point is invalid.
	Near        *GeoPoint
	ZIP         string
	RadiusMiles float64

	// Resident is the student's state, a postal code, "" for none given.
	// It decides which tuition figure the tuition filter, facet and sort
	// use (Program.TuitionFor): in-state at public institutions of that
	// state, out-of-state elsewhere and when none is given.
	Resident string

	// DurationMin and DurationMax bound the typical years of the award
	// level, or a catalog program's own length where its provider gives
	// one (Program.Duration).
	DurationMin, DurationMax *float64
	// TuitionMin and TuitionMax bound, in US dollars a year, the tuition
	// of Program.TuitionFor(Resident): the institution's graduate or
	// undergraduate figure by award level, in-state or out-of-state, and
	// the tuition catalog programs state in USD (Program.TuitionUSD);
	// tuition in other currencies counts as not reported.
	TuitionMin, TuitionMax   *float64
	CompletersMin            *int
	EarningsMin, EarningsMax *float64 // median earnings 1 year after

	// PaybackMax bounds the years of earnings premium that repay the
	// estimated total cost for Resident (PaybackYears); programs without
	// a payback fail it. It is not a facet.
	PaybackMax *float64

	// Query is what the student typed: words of program and institution
	// names (every word must match, allowing typos and prefixes), names
	// institutions go by, a field of study, and words that mean a filter
	// ("online", "masters", a state); see package search.
	Query string
	// Match is a query already read, set instead of Query (see
	// search.Index.Interpret): the reference finder answers it to check
	// the index's reading of queries.
	Match *TextMatch

	Sort    string // one of the Sort constants; SortBest by default
	Order   string // OrderAsc, OrderDesc, or "" for DefaultOrder(Sort)
	Page    int    // 1-based; 0 means 1
	PerPage int    // 1 to MaxPerPage; 0 means 20

	// Export asks for the result set as one page of up to MaxExportRows
	// programs (PerPage; 0 means MaxExportRows), so that an export runs
	// one bounded query instead of paging. Page must be 1.
	Export bool
}

// Facets of a program search, the keys of ProgramPage.Facets.
const (
	FacetAward      = "award"      // values: award level codes
	FacetDelivery   = "delivery"   // DeliveryOnline, DeliveryCampus
	FacetState      = "state"      // postal codes
	FacetControl    = "control"    // control codes "1", "2", "3", "0"
	FacetDuration   = "duration"   // DurationBuckets
	FacetTuition    = "tuition"    // TuitionBuckets
	FacetEarnings   = "earnings"   // EarningsBuckets
	FacetCompleters = "completers" // CompletersBuckets
	FacetRelevance  = "relevance"  // strong, related; only with a career
	FacetCountry    = "country"    // ISO 3166-1 alpha-2 codes
)

// Facets lists the facets in the order pages show them.
func Facets() []string {
	return []string{FacetRelevance, FacetAward, FacetDelivery, FacetCountry, FacetState, FacetControl,
		FacetDuration, FacetTuition, FacetEarnings, FacetCompleters}
}

// Bucket is one value of a range facet: the values v with Min <= v < Max.
type Bucket struct {
	Value string  `json:"value"`
	Label string  `json:"label"`
	Min   float64 `json:"min"`
	Max   float64 `json:"max"` // +Inf for the last bucket
}

// BucketUnknown is the facet value of programs whose value is not known.
const BucketUnknown = "unknown"

// Buckets of the range facets. Programs with no value count under
// BucketUnknown.
var (
	DurationBuckets = []Bucket{
		{"under-1", "Under 1 year", 0, 1},
		{"1-2", "1 to 2 years", 1, 2},
		{"2-4", "2 to 4 years", 2, 4},
		{"4-plus", "4 years or more", 4, math.Inf(1)},
	}
	TuitionBuckets = []Bucket{
		{"under-5k", "Under $5,000", 0, 5000},
		{"5k-10k", "$5,000 to $10,000", 5000, 10000},
		{"10k-20k", "$10,000 to $20,000", 10000, 20000},
		{"20k-40k", "$20,000 to $40,000", 20000, 40000},
		{"40k-plus", "$40,000 or more", 40000, math.Inf(1)},
	}
	EarningsBuckets = []Bucket{
		{"under-30k", "Under $30,000", 0, 30000},
		{"30k-50k", "$30,000 to $50,000", 30000, 50000},
		{"50k-70k", "$50,000 to $70,000", 50000, 70000},
		{"70k-100k", "$70,000 to $100,000", 70000, 100000},
		{"100k-plus", "$100,000 or more", 100000, math.Inf(1)},
	}
	CompletersBuckets = []Bucket{
		{"0", "None last year", 0, 1},
		{"1-9", "1 to 9", 1, 10},
		{"10-49", "10 to 49", 10, 50},
		{"50-99", "50 to 99", 50, 100},
		{"100-499", "100 to 499", 100, 500},
		{"500-plus", "500 or more", 500, math.Inf(1)},
	}
)

// BucketOf returns the index in bs of the bucket holding v, or -1 if v is
// below every bucket. Negative values count in the first bucket.
func BucketOf(bs []Bucket, v float64) int {
	for i := len(bs) - 1; i >= 0; i-- {
		if v >= bs[i].Min {
			return i
		}
	}
	return 0
}

// EarthRadiusMiles is the mean radius of the Earth used for distances.
const EarthRadiusMiles = 3958.8

// DistanceMiles returns the great-circle (haversine) distance between two
// points. Every implementation of ProgramService computes distances with
// it, so that they agree on programs at the edge of a radius.
func DistanceMiles(a, b GeoPoint) float64 {
	const rad = math.Pi / 180
	dLat := (b.Lat - a.Lat) * rad
	dLon := (b.Lon - a.Lon) * rad
	s := math.Sin(dLat/2)*math.Sin(dLat/2) + math.Cos(a.Lat*rad)*math.Cos(b.Lat*rad)*math.Sin(dLon/2)*math.Sin(dLon/2)
	return 2 * EarthRadiusMiles * math.Asin(math.Sqrt(min(1, s)))
}

// FacetCount is the number of programs with one value of a facet, counted
// with every other active filter applied.
type FacetCount struct {
	Value string `json:"value"`
	Label string `json:"label"`
	Count int    `json:"count"`
}

// ProgramMatch is a program in a result, with its relevance to the
// career asked about (Level "" when no career was asked).
type ProgramMatch struct {
	*Program
	Relevance
	DistanceMiles *float64 `json:"distance_miles,omitempty"`
	// Match says why the program matches the free-text query, where that
	// is not plain words of its name ("matches your search: Artificial
	// Intelligence, the field for 'machine learning'").
	Match string `json:"match,omitempty"`
	// Cost is what the program costs the student of the search
	// (Program.CostFor the filter's Resident); the web layer sets it.
	Cost *ProgramCost `json:"cost,omitempty"`
	// Payback is what the program's earnings say about that cost; the web
	// layer sets it, from the service's Baseline.
	Payback  *Payback `json:"payback,omitempty"`
	Baseline *Stat    `json:"-"` // ProgramPage.PaybackBaseline
}

// ProgramPage is one page of a program search. Facets holds, for every
// facet, its values with a count above zero, in the facet's natural order
// (award levels by advancement, buckets from low to high, states
// alphabetically, relevance strong first); the relevance facet only when a
// career was asked.
type ProgramPage struct {
	Total   int                     `json:"total"`
	Strong  int                     `json:"strong"`  // of Total, strong for the career
	Related int                     `json:"related"` // of Total, related for the career
	Facets  map[string][]FacetCount `json:"facets"`
	Items   []ProgramMatch          `json:"items"`
	Page    int                     `json:"page"`
	PerPage int                     `json:"per_page"`
	// PaybackBaseline is the earnings the payback filter and sort compare
	// programs' earnings with (figures.PaybackBaseline); nil where the
	// service has none.
	PaybackBaseline *Stat `json:"payback_baseline,omitempty"`
	// Reading is how the free-text query was understood; nil without one.
	Reading *QueryReading `json:"reading,omitempty"`
}

// TextMatch is a free-text query as words, institutions and fields of
// study: a program matches when it matches some alternative of every
// group; a group without alternatives matches nothing.
type TextMatch struct {
	Groups []MatchGroup `json:"groups"`
}

// MatchGroup is one word of a query and what it may stand for.
type MatchGroup struct {
	Words   []string `json:"words,omitempty"`   // the program's or institution's name holds one of these words (Tokenize)
	UnitIDs []int    `json:"unitids,omitempty"` // the program is at one of these institutions (an alias)
	CIPs    []string `json:"cips,omitempty"`    // the program's field of study is one of these (a topic)
}

// QueryReading is how a finder understood a free-text query: the words it
// searched as text, the filters some words stood for, the institutions
// and fields of study it recognised, and its spelling corrections.
type QueryReading struct {
	Text    string        `json:"text"` // the words searched as text
	Filters []QueryFilter `json:"filters,omitempty"`
	// Institutions are the names the query's aliases stand for.
	Institutions []string `json:"institutions,omitempty"`
	// Topics are the fields of study the text was read as, best first.
	Topics []string `json:"topics,omitempty"`
	// Corrections maps a typed word to the dictionary word read for it.
	Corrections map[string]string `json:"corrections,omitempty"`
	// DidYouMean is the query spelt with the closest dictionary words,
	// when nothing matches; "" otherwise.
	DidYouMean string `json:"did_you_mean,omitempty"`
	// Without gives, when nothing matches, the total without each active
	// filter, by its parameter.
	Without []FilterRelax `json:"without,omitempty"`
}

// QueryFilter is a filter a query's words stood for: the URL parameter
// and value it sets, its label, and the words it came from.
type QueryFilter struct {
	Param string `json:"param"`
	Value string `json:"value"`
	Label string `json:"label"`
	Words string `json:"words"`
}

// FilterRelax is how many programs match without one of the active
// filters.
type FilterRelax struct {
	Param string `json:"param"`
	Label string `json:"label"`
	Total int    `json:"total"`
}

// ProgramService finds programs.
type ProgramService interface {
	// FindPrograms returns the page of programs the filter asks for, with
	// exact counts and facets. An invalid filter (unknown career, unknown
	// ZIP, bad page) is an EINVALID error naming what was wrong.
	FindPrograms(ctx context.Context, f ProgramFilter) (*ProgramPage, error)
	// FindProgram returns one program, with its relevance to the career
	// if career is not "".
	FindProgram(ctx context.Context, id int64, career string) (*ProgramMatch, error)
}

// Normalize checks the filter and fills in its defaults: MinRelevance with
// a career, the sort, its order and the page. Problems are EINVALID errors
// that name the field and say what was expected. It does not check that
// the career or ZIP exist; services do.
func (f *ProgramFilter) Normalize() error {
	if f.Career != "" && f.MinRelevance == "" {
		f.MinRelevance = RelevanceRelated
	}
	switch f.MinRelevance {
	case "", RelevanceStrong, RelevanceRelated:
	default:
		return Errorf(EINVALID, "relevance: want %q or %q, not %q.", RelevanceStrong, RelevanceRelated, f.MinRelevance)
	}
	if f.MinRelevance != "" && f.Career == "" {
		return Errorf(EINVALID, "relevance: needs a career.")
	}
	for _, a := range f.Awards {
		if _, ok := FindAwardLevel(a); !ok && a != AwardUnknown {
			return Errorf(EINVALID, "award: %d is not an IPEDS award level (or 0 for degrees not recognised).", a)
		}
	}
	switch f.Delivery {
	case "", DeliveryOnline, DeliveryCampus:
	default:
		return Errorf(EINVALID, "delivery: want %q or %q, not %q.", DeliveryOnline, DeliveryCampus, f.Delivery)
	}
	for _, c := range f.Controls {
		if c < ControlUnknown || c > ControlForProfit {
			return Errorf(EINVALID, "control: %d is not a control code (0 to 3).", c)
		}
	}
	if f.Near != nil && f.ZIP != "" {
		return Errorf(EINVALID, "zip: give a ZIP code or coordinates, not both.")
	}
	if f.Near != nil && (math.IsNaN(f.Near.Lat) || math.IsNaN(f.Near.Lon) || math.Abs(f.Near.Lat) > 90 || math.Abs(f.Near.Lon) > 180) {
		return Errorf(EINVALID, "lat, lon: want a latitude in [-90, 90] and a longitude in [-180, 180].")
	}
	hasPoint := f.Near != nil || f.ZIP != ""
	switch {
	case math.IsNaN(f.RadiusMiles) || f.RadiusMiles < 0 || math.IsInf(f.RadiusMiles, 0):
		return Errorf(EINVALID, "radius: want a distance in miles above 0.")
	case hasPoint && f.RadiusMiles == 0:
		f.RadiusMiles = DefaultRadiusMiles
	case !hasPoint && f.RadiusMiles != 0:
		return Errorf(EINVALID, "radius: needs a ZIP code or coordinates (lat and lon).")
	}
	for _, r := range []struct {
		name     string
		min, max *float64
	}{{"duration", f.DurationMin, f.DurationMax}, {"tuition", f.TuitionMin, f.TuitionMax}, {"earnings", f.EarningsMin, f.EarningsMax}} {
		for _, v := range []*float64{r.min, r.max} {
			if v != nil && (math.IsNaN(*v) || math.IsInf(*v, 0)) {
				return Errorf(EINVALID, "%s_min, %s_max: want numbers.", r.name, r.name)
			}
		}
		if r.min != nil && r.max != nil && *r.min > *r.max {
			return Errorf(EINVALID, "%s_min: %g is above %s_max %g.", r.name, *r.min, r.name, *r.max)
		}
	}
	if f.PaybackMax != nil && (math.IsNaN(*f.PaybackMax) || math.IsInf(*f.PaybackMax, 0) || *f.PaybackMax < 0) {
		return Errorf(EINVALID, "payback_max: want a number of years of 0 or more.")
	}
	if f.Resident != "" {
		code, err := ValidResident(f.Resident)
		if err != nil {
			return err
		}
		f.Resident = code
	}
	if f.Sort == "" || f.Sort == SortRelevance {
		f.Sort = SortBest
	}
	switch f.Sort {
	case SortBest, SortRelevanceScore, SortTuition, SortEarnings, SortDuration, SortCompleters, SortName, SortOutcomes, SortDistance, SortPayback:
	default:
		return Errorf(EINVALID, "sort: want one of best (or relevance), relevance-score, tuition, earnings, duration, completers, name, distance, payback, relevance-outcomes; not %q.", f.Sort)
	}
	if f.Sort == SortDistance && !hasPoint {
		return Errorf(EINVALID, "sort: distance needs a ZIP code (zip) or coordinates (lat and lon).")
	}
	if f.Order == "" {
		f.Order = DefaultOrder(f.Sort)
	}
	if f.Order != OrderAsc && f.Order != OrderDesc {
		return Errorf(EINVALID, "order: want %q or %q, not %q.", OrderAsc, OrderDesc, f.Order)
	}
	if f.Page == 0 {
		f.Page = 1
	}
	maxPer := MaxPerPage
	if f.Export {
		maxPer = MaxExportRows
		if f.PerPage == 0 {
			f.PerPage = MaxExportRows
		}
		if f.Page != 1 {
			return Errorf(EINVALID, "page: an export is the whole result set, from page 1.")
		}
	}
	if f.PerPage == 0 {
		f.PerPage = 20
	}
	if f.Page < 1 || f.Page > 100000 {
		return Errorf(EINVALID, "page: want a page number from 1 to 100000.")
	}
	if f.PerPage < 1 || f.PerPage > maxPer {
		return Errorf(EINVALID, "per_page: want 1 to %d.", maxPer)
	}
	return nil
}

// FacetLabel returns the label of a facet value as pages show it.
func FacetLabel(facet, value string) string {
	if value == BucketUnknown {
		return "Not reported"
	}
	switch facet {
	case FacetAward:
		var code int
		for _, c := range value {
			code = code*10 + int(c-'0')
		}
		if l, ok := FindAwardLevel(code); ok {
			return l.Name
		}
		if code == AwardUnknown {
			return "Other degree (not recognised)"
		}
	case FacetDelivery:
		if value == DeliveryOnline {
			return "Online (institution signal)"
		}
		return "Campus"
	case FacetControl:
		var code int
		for _, c := range value {
			code = code*10 + int(c-'0')
		}
		return Control(code).String()
	case FacetRelevance:
		if value == RelevanceStrong {
			return "Strong match"
		}
		return "Related"
	case FacetDuration:
		return bucketLabel(DurationBuckets, value)
	case FacetTuition:
		return bucketLabel(TuitionBuckets, value)
	case FacetEarnings:
		return bucketLabel(EarningsBuckets, value)
	case FacetCompleters:
		return bucketLabel(CompletersBuckets, value)
	}
	return value
}

func bucketLabel(bs []Bucket, value string) string {
	for _, b := range bs {
		if b.Value == value {
			return b.Label
		}
	}
	return value
}

// facetRank orders the values of a facet: its natural order, then
// alphabetically.
func facetRank(facet, value string) int {
	if value == BucketUnknown {
		return 1 << 20
	}
	bucket := func(bs []Bucket) int {
		for i, b := range bs {
			if b.Value == value {
				return i
			}
		}
		return 1 << 19
	}
	switch facet {
	case FacetAward:
		for _, l := range AwardLevels {
			if FacetAwardValue(l.Code) == value {
				return l.Order
			}
		}
		return len(AwardLevels) + 1
	case FacetDelivery:
		if value == DeliveryOnline {
			return 0
		}
		return 1
	case FacetControl:
		if value == "0" {
			return 9
		}
		return int(value[0] - '0')
	case FacetRelevance:
		if value == RelevanceStrong {
			return 0
		}
		return 1
	case FacetDuration:
		return bucket(DurationBuckets)
	case FacetTuition:
		return bucket(TuitionBuckets)
	case FacetEarnings:
		return bucket(EarningsBuckets)
	case FacetCompleters:
		return bucket(CompletersBuckets)
	}
	return 0
}

// FacetAwardValue returns the facet value of an award level code.
func FacetAwardValue(code int) string {
	if code < 10 {
		return string(rune('0' + code))
	}
	return string(rune('0'+code/10)) + string(rune('0'+code%10))
}

// SortFacets turns raw counts (facet → value → count) into the facets of a
// ProgramPage: values with a count above zero, labelled, in the facet's
// natural order. Every ProgramService builds its facets with it, so that
// they present the same counts the same way.
func SortFacets(raw map[string]map[string]int) map[string][]FacetCount {
	out := make(map[string][]FacetCount, len(raw))
	for facet, counts := range raw {
		list := make([]FacetCount, 0, len(counts))
		for v, n := range counts {
			if n > 0 {
				list = append(list, FacetCount{Value: v, Label: FacetLabel(facet, v), Count: n})
			}
		}
		slices.SortFunc(list, func(a, b FacetCount) int {
			if c := cmp.Compare(facetRank(facet, a.Value), facetRank(facet, b.Value)); c != 0 {
				return c
			}
			return strings.Compare(a.Value, b.Value)
		})
		out[facet] = list
	}
	return out
}

// Tokenize splits text into the words free-text search matches on:
// maximal runs of letters and digits, lower-cased, with accents removed
// (é → e, ß stays). Every ProgramService tokenises names and queries with
// it.
func Tokenize(s string) []string {
	var out []string
	var b strings.Builder
	flush := func() {
		if b.Len() > 0 {
			out = append(out, b.String())
			b.Reset()
		}
	}
	for _, r := range s {
		r = foldRune(r)
		if unicode.IsLetter(r) || unicode.IsNumber(r) {
			b.WriteRune(unicode.ToLower(r))
		} else if !unicode.Is(unicode.Mn, r) {
			flush()
		}
	}
	flush()
	return out
}

// Kinds of suggestions.
const (
	SuggestInstitution = "institution"
	SuggestField       = "field"
	SuggestCareer      = "career"
)

// MaxSuggestions is the most suggestions one answer holds.
const MaxSuggestions = 10

// Suggestion completes what a student is typing into the finder's search
// box: an institution, a field of study or a career, with the number of
// programs it leads to.
type Suggestion struct {
	Kind  string `json:"kind"`  // SuggestInstitution, SuggestField or SuggestCareer
	Text  string `json:"text"`  // what to search for (or the career's title)
	Count int    `json:"count"` // programs: of the institution, in the field, strong and related for the career
	URL   string `json:"url"`   // the page it leads to
}

// Suggester suggests completions of a partial query, at most
// MaxSuggestions, institutions first.
type Suggester interface {
	Suggest(ctx context.Context, q string) ([]Suggestion, error)
}
