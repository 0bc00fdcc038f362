package careerpath

import "context"

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

// GeoPoint is a place on Earth, in degrees.
type GeoPoint struct {
	Lat float64 `json:"lat"`
	Lon float64 `json:"lon"`
}

// Delivery filters programs by the online signal of their institution.
const (
	DeliveryOnline = "online" // the institution has students studying fully online
	DeliveryCampus = "campus"
)

// Program sorts.
const (
	SortRelevance  = "relevance"
	SortTuition    = "tuition"
	SortEarnings   = "earnings"
	SortDuration   = "duration"
	SortCompleters = "completers"
	SortName       = "name"
)

// ProgramFilter selects programs. Zero values mean "any"; a nil pointer
// leaves that bound open.
type ProgramFilter struct {
	// Career restricts to programs relevant to the career with this slug;
	// MinRelevance is RelevanceStrong, or RelevanceRelated (the default)
	// for strong and related programs.
	Career       string
	MinRelevance string

	Awards   []int     // IPEDS award levels
	Delivery string    // DeliveryOnline, DeliveryCampus or ""
	States   []string  // postal codes
	Country  string    // ISO 3166-1 alpha-2
	Controls []Control // public, private nonprofit, for-profit

	// Near and RadiusMiles restrict to programs within the radius of a
	// point; ZIP is resolved to a point by the service.
	Near        *GeoPoint
	ZIP         string
	RadiusMiles float64

	DurationMin, DurationMax *float64 // typical years
	TuitionMin, TuitionMax   *float64 // dollars a year
	CompletersMin            *int
	EarningsMin, EarningsMax *float64 // median earnings 1 year after

	Query string // words in the program or institution name

	Sort    string // one of the Sort constants; SortRelevance by default
	Desc    bool   // descending; each sort has a natural default
	Page    int    // 1-based
	PerPage int
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
}

// ProgramPage is one page of a program search.
type ProgramPage struct {
	Total   int                     `json:"total"`
	Strong  int                     `json:"strong"`  // of Total, strong for the career
	Related int                     `json:"related"` // of Total, related for the career
	Facets  map[string][]FacetCount `json:"facets"`
	Items   []ProgramMatch          `json:"items"`
	Page    int                     `json:"page"`
	PerPage int                     `json:"per_page"`
}

// ProgramService finds programs.
type ProgramService interface {
	FindPrograms(ctx context.Context, f ProgramFilter) (*ProgramPage, error)
	// FindProgram returns one program, with its relevance to the career
	// if career is not "".
	FindProgram(ctx context.Context, id int64, career string) (*ProgramMatch, error)
}
