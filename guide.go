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
}
