package search

import (
	"context"
	"strings"
	"sync/atomic"

	careerpath "github.com/careerpath/careerpath"
)

// Service implements careerpath.ProgramService over the current index.
// Swap replaces the index, after an import, while queries run: each query
// uses the index that was current when it started.
type Service struct {
	cur    atomic.Pointer[Index]
	topics atomic.Pointer[Topics]
	gen    atomic.Uint64 // counts swaps: pages rendered from an older index are stale
}

// UseTopics has queries read their text as fields of study with t (nil:
// not at all).
func (s *Service) UseTopics(t Topics) { s.topics.Store(&t) }

var _ careerpath.ProgramService = (*Service)(nil)

// errStarting answers queries before the first index is in place.
var errStarting = careerpath.Errorf(careerpath.EUNAVAILABLE, "The program finder is starting: its index is being built. Try again in a few seconds.")

// NewService returns a service answering from ix; with a nil ix it answers
// EUNAVAILABLE until Swap installs the first index, so that a server can
// listen while the index builds.
func NewService(ix *Index) *Service {
	s := &Service{}
	s.cur.Store(ix)
	return s
}

// Swap makes ix the current index and returns the previous one.
func (s *Service) Swap(ix *Index) *Index {
	defer s.gen.Add(1)
	return s.cur.Swap(ix)
}

// Generation returns a number that changes with every Swap, so that a
// cache of answers can tell that they are stale.
func (s *Service) Generation() uint64 { return s.gen.Load() }

// Index returns the current index.
func (s *Service) Index() *Index { return s.cur.Load() }

// FindPrograms checks the filter and answers it from the current index.
func (s *Service) FindPrograms(ctx context.Context, f careerpath.ProgramFilter) (*careerpath.ProgramPage, error) {
	if err := f.Normalize(); err != nil {
		return nil, err
	}
	ix := s.cur.Load()
	if ix == nil {
		return nil, errStarting
	}
	var topics Topics
	if t := s.topics.Load(); t != nil {
		topics = *t
	}
	page, err := ix.find(ctx, f, topics)
	if err != nil || page.Total > 0 || len(splitQuery(f.Query)) > maxExplainWords {
		return page, err
	}
	return page, s.explainEmpty(ctx, ix, f, topics, page)
}

// maxExplainWords is the longest query whose empty page is explained: a
// query is run again without each filter, and without its words, which
// reads the whole catalog. No student types more; a long paste gets its
// empty page at once.
const maxExplainWords = 10

// explainEmpty fills, for a page with no result, the totals without each
// active filter and a spelling the dictionary knows.
func (s *Service) explainEmpty(ctx context.Context, ix *Index, f careerpath.ProgramFilter, topics Topics, page *careerpath.ProgramPage) error {
	if page.Reading == nil {
		page.Reading = &careerpath.QueryReading{}
	}
	rd := page.Reading
	total := func(g careerpath.ProgramFilter) (int, error) {
		// Only the total counts: the cheapest sort.
		g.Page, g.PerPage, g.Export, g.Sort, g.Order = 1, 1, false, careerpath.SortCompleters, careerpath.OrderDesc
		p, err := ix.find(ctx, g, topics)
		if err != nil {
			return 0, err
		}
		return p.Total, nil
	}
	try := func(param, label string, g careerpath.ProgramFilter) error {
		n, err := total(g)
		if n > 0 {
			rd.Without = append(rd.Without, careerpath.FilterRelax{Param: param, Label: label, Total: n})
		}
		return err
	}
	for _, qf := range rd.Filters {
		g := f
		g.Query = careerpath.WithoutWords(f.Query, qf.Words)
		if err := try("q", qf.Label, g); err != nil {
			return err
		}
	}
	steps := []struct {
		param, label string
		on           bool
		off          func(*careerpath.ProgramFilter)
	}{
		{"q", "your search words", rd.Text != "", func(g *careerpath.ProgramFilter) {
			// Keep the words that stood for filters.
			var kept []string
			for _, qf := range rd.Filters {
				kept = append(kept, qf.Words)
			}
			g.Query = strings.Join(kept, " ")
		}},
		{"award", "the award level", len(f.Awards) > 0, func(g *careerpath.ProgramFilter) { g.Awards = nil }},
		{"delivery", "the delivery filter", f.Delivery != "", func(g *careerpath.ProgramFilter) { g.Delivery = "" }},
		{"state", "the state", len(f.States) > 0, func(g *careerpath.ProgramFilter) { g.States = nil }},
		{"country", "the country", f.Country != "", func(g *careerpath.ProgramFilter) { g.Country = "" }},
		{"control", "public or private", len(f.Controls) > 0, func(g *careerpath.ProgramFilter) { g.Controls = nil }},
		{"radius", "the distance", f.RadiusMiles > 0, func(g *careerpath.ProgramFilter) { g.Near, g.ZIP, g.RadiusMiles = nil, "", 0 }},
		{"duration_min", "the length", f.DurationMin != nil || f.DurationMax != nil, func(g *careerpath.ProgramFilter) { g.DurationMin, g.DurationMax = nil, nil }},
		{"tuition_min", "the tuition", f.TuitionMin != nil || f.TuitionMax != nil, func(g *careerpath.ProgramFilter) { g.TuitionMin, g.TuitionMax = nil, nil }},
		{"earnings_min", "the earnings", f.EarningsMin != nil || f.EarningsMax != nil, func(g *careerpath.ProgramFilter) { g.EarningsMin, g.EarningsMax = nil, nil }},
		{"completers_min", "the completers", f.CompletersMin != nil, func(g *careerpath.ProgramFilter) { g.CompletersMin = nil }},
		{"relevance", "strong matches only", f.MinRelevance == careerpath.RelevanceStrong, func(g *careerpath.ProgramFilter) { g.MinRelevance = careerpath.RelevanceRelated }},
	}
	for _, st := range steps {
		if !st.on {
			continue
		}
		g := f
		st.off(&g)
		if err := try(st.param, st.label, g); err != nil {
			return err
		}
	}
	if f.Query != "" {
		g := f
		r := ix.readQuery(&g, nil)
		if dym := ix.didYouMean(r); dym != "" {
			// With the words that stood for filters, and only if it
			// finds something.
			for _, qf := range r.out.Filters {
				dym += " " + qf.Words
			}
			g := f
			g.Query = dym
			n, err := total(g)
			if err != nil {
				return err
			}
			if n > 0 {
				rd.DidYouMean = dym
			}
		}
	}
	return nil
}

// FindProgram returns one program from the current index.
func (s *Service) FindProgram(ctx context.Context, id int64, career string) (*careerpath.ProgramMatch, error) {
	ix := s.cur.Load()
	if ix == nil {
		return nil, errStarting
	}
	return ix.FindProgram(ctx, id, career)
}
