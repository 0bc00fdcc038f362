package careerpath

import "context"

// Guide is a career guide as the site shows it: the editors' career and the
// figures computed for it from open data.
type Guide struct {
	*Career
	Figures *CareerFigures `json:"figures"`
}

// GuideService reads the career guides.
type GuideService interface {
	// FindSpecializations returns every specialization, in title order.
	FindSpecializations(ctx context.Context) ([]*Specialization, error)
	// FindGuides returns the guides of a specialization ("" for all),
	// ordered by demand rank.
	FindGuides(ctx context.Context, specialization string) ([]*Guide, error)
	// FindGuide returns the guide with the slug, or an ENOTFOUND error.
	FindGuide(ctx context.Context, slug string) (*Guide, error)
	// SiteFigures returns the figures that describe the whole site.
	SiteFigures(ctx context.Context) (*SiteFigures, error)
}

// CareerSearch finds careers among all of them, edited guides and the
// pages generated for every occupation.
type CareerSearch interface {
	// SearchCareers returns the careers whose title has every word of q
	// as the start of a word, or whose blend holds the SOC code soc;
	// every career when both are empty.
	SearchCareers(ctx context.Context, q, soc string) ([]*Guide, error)
	// Fields returns the fields of study the CIP–SOC crosswalk links to
	// the career's occupations.
	Fields(ctx context.Context, slug string) ([]CrosswalkLink, error)
	// Similar returns the careers whose occupations are nearest to the
	// career's by skill and knowledge importance, nearest first.
	Similar(ctx context.Context, slug string, k int) ([]SimilarCareer, error)
	// From returns what a move from the career other to the career slug
	// takes.
	From(ctx context.Context, slug, other string) (*Switch, error)
	// Distinctive returns the skills and knowledge areas the career needs
	// more than most jobs do, most distinctive first.
	Distinctive(ctx context.Context, slug string, k int) ([]RatedSkill, error)
}

// SimilarCareer is a career whose occupations need skills and knowledge
// like another's, with the differences in pay and growth.
type SimilarCareer struct {
	Slug       string  `json:"slug"`
	Title      string  `json:"title"`
	Generated  bool    `json:"generated"`
	SOC        string  `json:"soc"`        // the occupation found similar
	Similarity float64 `json:"similarity"` // cosine, -1 to 1
	// MedianWage is the career's OEWS median base wage, PayChange this
	// minus the other career's; GrowthChange the difference in projected
	// growth 2024–34, in percentage points. Nil where BLS publishes none.
	MedianWage   *float64 `json:"median_wage"`
	PayChange    *float64 `json:"pay_change"`
	GrowthChange *float64 `json:"growth_change"`
}

// SkillGap is one O*NET skill or knowledge area that matters more in a
// target career than in the one a reader comes from.
type SkillGap struct {
	Kind       string  `json:"kind"` // "skill" or "knowledge"
	Name       string  `json:"name"`
	From       float64 `json:"from"` // O*NET importance, 1 to 5
	To         float64 `json:"to"`
	FromAnchor string  `json:"from_anchor"` // "somewhat important"
	ToAnchor   string  `json:"to_anchor"`
}

// RatedSkill is an O*NET skill or knowledge area a career needs more
// than most jobs do.
type RatedSkill struct {
	Kind       string  `json:"kind"`
	Name       string  `json:"name"`
	Importance float64 `json:"importance"` // 1 to 5
	Anchor     string  `json:"anchor"`     // "very important"
	Mean       float64 `json:"mean"`       // over all occupations
}

// Switch is what moving from one career to another takes: the largest
// skill and knowledge gaps, the pay change, and where to learn.
type Switch struct {
	From SimilarCareer `json:"from"` // Similarity of the two; changes are target minus origin
	To   string        `json:"to"`   // the target's slug
	Gaps []SkillGap    `json:"gaps"`
	// Programs is the target's program finder pre-filtered to short
	// awards (certificates and master's).
	Programs string `json:"programs"`
	Method   string `json:"method"`
}

// SimilarityMethod says how CareerSearch.Similar and From compare
// careers (package similar computes it).
const SimilarityMethod = "Each occupation is the importance (1 to 5) O*NET gives each of its 35 skills and 33 knowledge areas; " +
	"a career blending several occupations is their weighted mean. Two careers are compared by the cosine of these vectors " +
	"after each skill or area is centred on its mean over all occupations and scaled by its spread, so that what counts is what sets a job apart. " +
	"O*NET has not rated every occupation yet (Software Developers, for one): those take the mean of the five rated occupations whose technology lists are most alike. " +
	"Pay is the OEWS median base wage; growth the BLS projection 2024–34."
