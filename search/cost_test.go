package search_test

import (
	"math/rand/v2"

	careerpath "github.com/careerpath/careerpath"
)

// costFilter adds to a random filter what issue 11 added to the finder: a
// resident state (which changes the tuition of public institutions of
// that state), ZIP codes of the gazetteer that no institution has, a
// point without a radius (the default radius), and the sort by distance
// (an error without a point, in both finders).
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
}
