package search

import (
	"context"
	"sync/atomic"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/relevance"
)

// Occupations gives the finder the careers generated for every
// occupation (CareerModels): one relevance rule of all of them over the
// crosswalk, built by Prepare once they are generated. The finder builds a
// career's columns on its first query (WithCareerModels). Until Prepare,
// their queries answer EUNAVAILABLE. The zero value is ready to use.
type Occupations struct {
	rule atomic.Pointer[relevance.Rule]
}

var errOccupationsPreparing = careerpath.Errorf(careerpath.EUNAVAILABLE,
	"The programs of every occupation are still being prepared; try again in a few seconds.")

// Models is the CareerModels of the generated careers.
func (o *Occupations) Models(slug string) (*relevance.Rule, error) {
	m := o.rule.Load()
	switch {
	case m == nil:
		return nil, errOccupationsPreparing
	case !m.Has(slug):
		return nil, careerpath.Errorf(careerpath.ENOTFOUND, "No career %q.", slug)
	}
	return m, nil
}

// Prepare builds the relevance rule of the careers gs generated, over the
// crosswalk of db, once gs has generated them.
func (o *Occupations) Prepare(ctx context.Context, db relevance.Source, gs careerpath.CareerSearch) error {
	all, err := gs.SearchCareers(ctx, "", "")
	if err != nil {
		return err
	}
	var careers []*careerpath.Career
	for _, g := range all {
		if g.Generated {
			careers = append(careers, g.Career)
		}
	}
	m, err := relevance.Load(ctx, db, careers)
	if err != nil {
		return err
	}
	o.rule.Store(m)
	return nil
}

// With returns ix answering the generated careers too, in a cache of
// DefaultCareerCacheBytes; ix itself for a nil o.
func (o *Occupations) With(ix *Index) *Index {
	if o == nil {
		return ix
	}
	return ix.WithCareerModels(o.Models, DefaultCareerCacheBytes)
}
