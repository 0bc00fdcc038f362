package search_test

import (
	"context"
	"math/rand/v2"
	"testing"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/search"
)

// costFilter adds to a random filter what issue 11 added to the finder: a
// resident state (which changes the tuition of public institutions of
// that state), ZIP codes of the gazetteer that no institution has, a
// point without a radius (the default radius), and the sort by distance
// (an error without a point, in both finders), and the payback filter
// and sort.
func costFilter(r *rand.Rand, c *catalog, f *careerpath.ProgramFilter) {
	chance := func(p float64) bool { return r.Float64() < p }
	if chance(0.35) {
		f.Resident = []string{"TX", "GA", "CA", "NY", "MA", c.insts[r.IntN(len(c.insts))].State}[r.IntN(6)]
	}
	if f.ZIP != "" || f.Near != nil {
		if chance(0.2) {
			f.ZIP, f.Near = []string{"30307", "30068", "90210", "78701", "01433", "99999"}[r.IntN(6)], nil
		}
		if chance(0.3) {
			f.RadiusMiles = 0
		}
	}
	if chance(0.12) {
		f.Sort = careerpath.SortDistance
	}
	if chance(0.15) {
		f.PaybackMax = fp(float64(1 + r.IntN(20)))
	}
	if chance(0.1) {
		f.Sort = careerpath.SortPayback
	}
}

// TestPaybackReal checks the payback baseline of the bundled data and one
// program's payback through the index's filter: Georgia Tech's bachelor's
// in computer and information sciences repays its estimated total cost in
// 0.96 years for a Georgian and 2.69 years for a Texan (worked by hand in
// careerpath's TestPaybackByHand).
func TestPaybackReal(t *testing.T) {
	c := realCatalog(t)
	ctx := context.Background()
	page, err := c.index.Find(ctx, normalized(t, careerpath.ProgramFilter{Query: "georgia institute technology computer information sciences general", Awards: []int{5}}))
	if err != nil {
		t.Fatal(err)
	}
	if b := page.PaybackBaseline; b == nil || b.Value != 46370 || b.N == nil || *b.N != 325 {
		t.Fatalf("baseline = %+v, want $46,370 over 325 occupations", b)
	}
	var id int64
	for _, m := range page.Items {
		if m.Institution.UnitID == 139755 && m.CIP == "11.0101" {
			id = m.ID
		}
	}
	if id == 0 {
		t.Fatalf("no Georgia Tech bachelor's in CIP 11.0101 among %d items", len(page.Items))
	}
	has := func(resident string, max float64) bool {
		f := normalized(t, careerpath.ProgramFilter{Query: "georgia institute technology", Awards: []int{5}, Resident: resident, PaybackMax: fp(max), PerPage: 100})
		got, err := c.index.Find(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		want, err := c.finder.FindPrograms(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		if got.Total != want.Total {
			t.Errorf("payback_max %g for %q: index %d programs, SQL %d", max, resident, got.Total, want.Total)
		}
		for _, m := range got.Items {
			if m.ID == id {
				return true
			}
		}
		return false
	}
	for _, tt := range []struct {
		resident string
		max      float64
		want     bool
	}{{"GA", 1, true}, {"GA", 0.95, false}, {"TX", 2.7, true}, {"TX", 2.6, false}, {"", 2.6, false}} {
		if got := has(tt.resident, tt.max); got != tt.want {
			t.Errorf("payback within %g years for %q: Georgia Tech's program %v, want %v", tt.max, tt.resident, got, tt.want)
		}
	}
}

func normalized(t *testing.T, f careerpath.ProgramFilter) careerpath.ProgramFilter {
	t.Helper()
	if err := f.Normalize(); err != nil {
		t.Fatal(err)
	}
	return f
}

// BenchmarkFinderCost measures the queries issue 11 adds on the real
// catalog, beside the plain career query: a resident (public institutions
// of the state leave the career columns for visit), the payback sort
// (every program visited), and a ZIP code without a radius sorted by
// distance.
func BenchmarkFinderCost(b *testing.B) {
	ctx := context.Background()
	svc := search.NewService(realCatalog(b).index)
	tmax := 25000.0
	career := careerpath.ProgramFilter{Career: "machine-learning-engineer", Awards: []int{careerpath.AwardBachelor, careerpath.AwardMaster},
		TuitionMax: &tmax, PerPage: 20}
	resident := career
	resident.Resident = "TX"
	payback := resident
	payback.Sort = careerpath.SortPayback
	for _, q := range []struct {
		name string
		f    careerpath.ProgramFilter
	}{
		{"career", career}, {"career-resident", resident}, {"career-payback", payback},
		{"zip-distance", careerpath.ProgramFilter{ZIP: "30307", Resident: "GA", Sort: careerpath.SortDistance, PerPage: 20}},
	} {
		b.Run(q.name, func(b *testing.B) {
			latencies(b, func() error { _, err := svc.FindPrograms(ctx, q.f); return err })
		})
	}
}
