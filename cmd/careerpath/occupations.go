package main

import (
	"context"
	"sync/atomic"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/relevance"
	"github.com/careerpath/careerpath/search"
)

// occupationCareers gives the program finder the careers generated for
// every occupation (search.CareerModels): one relevance rule of all of
// them over the crosswalk, built once they are generated. The finder
// builds a career's columns on its first query (search.WithCareerModels).
type occupationCareers struct {
	model atomic.Pointer[relevance.Rule]
}

var errOccupationsPreparing = careerpath.Errorf(careerpath.EUNAVAILABLE,
	"The programs of every occupation are still being prepared; try again in a few seconds.")

// models is the search.CareerModels of the generated careers.
func (o *occupationCareers) models(slug string) (*relevance.Rule, error) {
	m := o.model.Load()
	switch {
	case m == nil:
		return nil, errOccupationsPreparing
	case !m.Has(slug):
		return nil, careerpath.Errorf(careerpath.ENOTFOUND, "No career %q.", slug)
	}
	return m, nil
}

// prepare builds the relevance rule of the generated careers of gs,
// once gs has generated them.
func (o *occupationCareers) prepare(ctx context.Context, db relevance.Source, gs careerpath.CareerSearch) error {
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
	o.model.Store(m)
	return nil
}

// with returns ix answering the generated careers too, in a cache of
// search.DefaultCareerCacheBytes; ix itself for a nil o.
func (o *occupationCareers) with(ix *search.Index) *search.Index {
	if o == nil {
		return ix
	}
	return ix.WithCareerModels(o.models, search.DefaultCareerCacheBytes)
}
