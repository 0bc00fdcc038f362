package lifecycle_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"testing"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/content"
	"github.com/careerpath/careerpath/lifecycle"
)

// release is the crosswalk and CIP titles of a small release of the open
// data, as values; err fails its crosswalk.
type release struct {
	crosswalk []careerpath.CrosswalkLink
	titles    map[string]string
	err       error
}

func (r release) Crosswalk(context.Context) ([]careerpath.CrosswalkLink, error) {
	return r.crosswalk, r.err
}
func (r release) CIPTitles(context.Context) (map[string]string, error) { return r.titles, nil }

// editedGuides are the guides of the edited careers, without figures.
type editedGuides []*careerpath.Guide

func (g editedGuides) FindSpecializations(context.Context) ([]*careerpath.Specialization, error) {
	return nil, nil
}
func (g editedGuides) FindGuides(context.Context, string) ([]*careerpath.Guide, error) { return g, nil }
func (g editedGuides) FindGuide(context.Context, string) (*careerpath.Guide, error) {
	return nil, careerpath.Errorf(careerpath.ENOTFOUND, "no guide")
}
func (g editedGuides) SiteFigures(context.Context) (*careerpath.SiteFigures, error) { return nil, nil }

// TestRelevanceStep: the champion's rule is the one of the release it
// started on until its step runs over a new release; a new crosswalk link
// of a field to a career's whole blend makes it strong then; a step that
// fails keeps the rule that served.
func TestRelevanceStep(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	careers, err := content.Load(content.Embedded())
	if err != nil {
		t.Fatal(err)
	}
	var gs editedGuides
	var analyst *careerpath.Career
	for _, c := range careers {
		gs = append(gs, &careerpath.Guide{Career: c})
		if c.Slug == "data-analyst" {
			analyst = c
		}
	}
	if analyst == nil {
		t.Fatal("no data-analyst among the edited careers")
	}
	const nursing = "51.3801"
	old := release{titles: map[string]string{nursing: "Registered Nursing/Registered Nurse."},
		crosswalk: []careerpath.CrosswalkLink{{CIP: nursing, SOC: "29-1141"}}}
	linked := release{titles: old.titles, crosswalk: old.crosswalk}
	for _, o := range analyst.Occupations {
		linked.crosswalk = append(linked.crosswalk, careerpath.CrosswalkLink{CIP: nursing, SOC: o.SOC})
	}
	level := func(lm *lifecycle.Champion) string {
		return lm.Relevance().Of(analyst.Slug, nursing, careerpath.AwardBachelor).Level
	}

	first, err := lifecycle.EditedRule(ctx, old, gs)
	if err != nil {
		t.Fatal(err)
	}
	lm := lifecycle.NewChampion(store(t), first, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if got := level(lm); got != careerpath.RelevanceNone {
		t.Fatalf("a nursing bachelor's for data analysts on the first release = %s, want none", got)
	}
	broken := linked
	broken.err = errors.New("crosswalk unreadable")
	if err := lm.RelevanceStep(broken, gs).Run(ctx); !errors.Is(err, broken.err) || lm.Relevance() != first {
		t.Fatalf("RelevanceStep over an unreadable release = %v (rule replaced %v); want its error and the first rule serving", err, lm.Relevance() != first)
	}
	if err := lm.RelevanceStep(linked, gs).Run(ctx); err != nil {
		t.Fatal(err)
	}
	if got := level(lm); got != careerpath.RelevanceStrong {
		t.Errorf("a nursing bachelor's for data analysts once the release links it to their blend = %s, want strong", got)
	}
}
