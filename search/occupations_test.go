package search

import (
	"context"
	"testing"

	careerpath "github.com/careerpath/careerpath"
)

// crosswalk is a relevance.Source of fixed links.
type crosswalk []careerpath.CrosswalkLink

func (c crosswalk) Crosswalk(context.Context) ([]careerpath.CrosswalkLink, error) { return c, nil }
func (c crosswalk) CIPTitles(context.Context) (map[string]string, error) {
	titles := map[string]string{}
	for _, l := range c {
		titles[l.CIP] = l.CIPTitle
	}
	return titles, nil
}

// careers is a careerpath.CareerSearch of fixed guides (SearchCareers
// only).
type careers struct {
	careerpath.CareerSearch
	all []*careerpath.Guide
}

func (c careers) SearchCareers(context.Context, string, string) ([]*careerpath.Guide, error) {
	return c.all, nil
}

// TestOccupations: the generated careers answer EUNAVAILABLE until
// Prepare, then only they do.
func TestOccupations(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	var o Occupations
	if _, err := o.Models("registered-nurses"); careerpath.ErrorCode(err) != careerpath.EUNAVAILABLE {
		t.Errorf("Models before Prepare = %v, want EUNAVAILABLE", err)
	}
	guides := []*careerpath.Guide{
		{Career: &careerpath.Career{Slug: "ml", Title: "ML", Occupations: []careerpath.OccupationWeight{{SOC: "15-2051", Weight: 1}}}},
		{Career: &careerpath.Career{Generated: true, Slug: "registered-nurses", Title: "Registered Nurses", Occupations: []careerpath.OccupationWeight{{SOC: "29-1141", Weight: 1}}}},
	}
	links := crosswalk{{CIP: "51.3801", CIPTitle: "Registered Nursing.", SOC: "29-1141", SOCTitle: "Registered Nurses"},
		{CIP: "11.0701", CIPTitle: "Computer Science.", SOC: "15-2051", SOCTitle: "Data Scientists"}}
	if err := o.Prepare(ctx, links, careers{all: guides}); err != nil {
		t.Fatal(err)
	}
	if m, err := o.Models("registered-nurses"); err != nil || !m.Has("registered-nurses") {
		t.Errorf("Models(registered-nurses) = %v, %v; want the rule of the generated career", m, err)
	}
	if _, err := o.Models("ml"); careerpath.ErrorCode(err) != careerpath.ENOTFOUND {
		t.Errorf("Models(ml), an edited guide = %v, want ENOTFOUND", err)
	}
	ix := smallIndex(t).Index()
	var none *Occupations
	if got := none.With(ix); got != ix {
		t.Errorf("a nil Occupations' With changed the index")
	}
	if got := o.With(ix); got == nil || got == ix {
		t.Errorf("With = %p, want a new index answering the generated careers too", got)
	}
}
