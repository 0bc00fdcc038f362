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
