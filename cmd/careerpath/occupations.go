package main

import (
	"context"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/relevance"
	"github.com/careerpath/careerpath/search"
)

// occupationCareers adapts search.Occupations to serve.go's calls,
// reading the careers from the guide service.
type occupationCareers struct{ search.Occupations }

// prepare builds the relevance rule of the careers gs generated.
func (o *occupationCareers) prepare(ctx context.Context, db relevance.Source, gs careerpath.CareerSearch) error {
	all, err := gs.SearchCareers(ctx, "", "")
	if err != nil {
		return err
	}
	return o.Prepare(ctx, db, all)
}

// with is search.Occupations.With; ix itself for a nil o.
func (o *occupationCareers) with(ix *search.Index) *search.Index {
	if o == nil {
		return ix
	}
	return o.With(ix)
}
