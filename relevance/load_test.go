package relevance

import (
	"context"
	"errors"
	"testing"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/content"
)

// source is the imported data a rule is loaded from, as values.
type source struct {
	crosswalk []careerpath.CrosswalkLink
	titles    map[string]string
}

func (s source) Crosswalk(context.Context) ([]careerpath.CrosswalkLink, error) {
	return s.crosswalk, nil
}
func (s source) CIPTitles(context.Context) (map[string]string, error) { return s.titles, nil }

// TestLoad: the crosswalk's "no match" rows link nothing, so that a
// program without a CIP code is not strong for their occupations; a
// source without CIP codes is not imported.
func TestLoad(t *testing.T) {
	ctx := context.Background()
	bundledModel(t)
	careers, err := content.Load(content.Embedded())
	if err != nil {
		t.Fatal(err)
	}
	titles := map[string]string{}
	for _, c := range cipCodes {
		titles[c.Code] = c.Title
	}
	var soc string
	for _, c := range careers {
		if c.Slug == mle {
			soc = c.Occupations[0].SOC
		}
	}
	noMatch := append(append([]careerpath.CrosswalkLink(nil), bundledLinks...), careerpath.CrosswalkLink{SOC: soc, SOCTitle: "no match"})
	want := New(careers, bundledLinks, titles).Of(mle, "", 5).Level
	if l := New(careers, noMatch, titles).Of(mle, "", 5).Level; l == want {
		t.Fatalf("a no-match row leaves a program without a CIP code %q for %s: the test shows nothing", l, mle)
	}
	r, err := Load(ctx, source{noMatch, titles}, careers)
	if err != nil {
		t.Fatal(err)
	}
	if l := r.Of(mle, "", 5).Level; l != want {
		t.Errorf("Load: a program without a CIP code is %q for %s, want %q as without the no-match row", l, mle, want)
	}
	if got, want := r.Of(mle, "11.0701", 5).Level, bundledModel(t).Of(mle, "11.0701", 5).Level; got != want {
		t.Errorf("Load: computer science is %q for %s, want the bundled rule's %q", got, mle, want)
	}
	if _, err := LoadImported(ctx, source{noMatch, nil}, careers); !errors.Is(err, ErrNotImported) {
		t.Errorf("LoadImported without CIP codes: %v, want ErrNotImported", err)
	}
	if r, err := LoadImported(ctx, source{noMatch, titles}, careers); err != nil || !r.Has(mle) {
		t.Errorf("LoadImported: %v, %v", r, err)
	}
}
