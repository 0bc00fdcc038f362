package guides_test

import (
	"context"
	"testing"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/guides"
)

// fixedGuides is a careerpath.GuideService of fixed guides (FindGuides
// only).
type fixedGuides struct {
	careerpath.GuideService
	all []*careerpath.Guide
}

func (f fixedGuides) FindGuides(context.Context, string) ([]*careerpath.Guide, error) {
	return f.all, nil
}

func TestCareers(t *testing.T) {
	t.Parallel()
	a, b := &careerpath.Career{Slug: "a"}, &careerpath.Career{Slug: "b"}
	got, err := guides.Careers(context.Background(), fixedGuides{all: []*careerpath.Guide{{Career: a}, {Career: b}}})
	if err != nil || len(got) != 2 || got[0] != a || got[1] != b {
		t.Errorf("Careers = %v, %v; want a and b in order", got, err)
	}
}
