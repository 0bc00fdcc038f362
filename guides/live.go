package guides

import (
	"context"
	"io/fs"
	"sync/atomic"

	careerpath "github.com/careerpath/careerpath"
)

// Live is the guides of the open data that serves now: a Service,
// replaced in one step by Reload when a new release of the open data
// serves. Readers see the old guides, whole, until the new ones are
// built, generated careers included, then the new ones, whole.
type Live struct {
	fsys  fs.FS
	first *Service // the one Load read at start
	cur   atomic.Pointer[Service]
}

var (
	_ careerpath.GuideService = (*Live)(nil)
	_ careerpath.CareerSearch = (*Live)(nil)
)

// NewLive returns the guides of s, which Load read from fsys; Reload
// reads fsys again.
func NewLive(fsys fs.FS, s *Service) *Live {
	l := &Live{fsys: fsys, first: s}
	l.cur.Store(s)
	return l
}

// Current returns the guides that serve now.
func (l *Live) Current() *Service { return l.cur.Load() }

// Reload loads the guides over src (Load), generates the careers of every
// occupation (Generate), and only then puts them in place of the current
// ones, which serve meanwhile and stay if it fails (as when a guide names
// a code the new data lacks).
func (l *Live) Reload(ctx context.Context, src Source) (*Service, error) {
	s, err := Load(ctx, l.fsys, src)
	if err != nil {
		return nil, err
	}
	if err := s.Generate(ctx); err != nil {
		return nil, err
	}
	l.cur.Store(s)
	return s, nil
}

// Generate is Generate of the Service NewLive was given (Reload generates
// its own), to be called once.
func (l *Live) Generate(ctx context.Context) error { return l.first.Generate(ctx) }

// WaitGenerated is the current Service's WaitGenerated.
func (l *Live) WaitGenerated(ctx context.Context) error { return l.Current().WaitGenerated(ctx) }

// Generated is the current Service's Generated.
func (l *Live) Generated() Generated { return l.Current().Generated() }

// FindSpecializations is the current Service's FindSpecializations.
func (l *Live) FindSpecializations(ctx context.Context) ([]*careerpath.Specialization, error) {
	return l.Current().FindSpecializations(ctx)
}

// FindGuides is the current Service's FindGuides.
func (l *Live) FindGuides(ctx context.Context, specialization string) ([]*careerpath.Guide, error) {
	return l.Current().FindGuides(ctx, specialization)
}

// FindGuide is the current Service's FindGuide.
func (l *Live) FindGuide(ctx context.Context, slug string) (*careerpath.Guide, error) {
	return l.Current().FindGuide(ctx, slug)
}

// SiteFigures is the current Service's SiteFigures.
func (l *Live) SiteFigures(ctx context.Context) (*careerpath.SiteFigures, error) {
	return l.Current().SiteFigures(ctx)
}

// SearchCareers is the current Service's SearchCareers.
func (l *Live) SearchCareers(ctx context.Context, q, soc string) ([]*careerpath.Guide, error) {
	return l.Current().SearchCareers(ctx, q, soc)
}

// Fields is the current Service's Fields.
func (l *Live) Fields(ctx context.Context, slug string) ([]careerpath.CrosswalkLink, error) {
	return l.Current().Fields(ctx, slug)
}

// Similar is the current Service's Similar.
func (l *Live) Similar(ctx context.Context, slug string, k int) ([]careerpath.SimilarCareer, error) {
	return l.Current().Similar(ctx, slug, k)
}

// From is the current Service's From.
func (l *Live) From(ctx context.Context, slug, other string) (*careerpath.Switch, error) {
	return l.Current().From(ctx, slug, other)
}

// Distinctive is the current Service's Distinctive.
func (l *Live) Distinctive(ctx context.Context, slug string, k int) ([]careerpath.RatedSkill, error) {
	return l.Current().Distinctive(ctx, slug, k)
}
