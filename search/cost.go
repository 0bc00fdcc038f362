package search

import (
	"context"
	"math"

	careerpath "github.com/careerpath/careerpath"
)

// programTuition returns the yearly tuition of a program of institution
// in for a student from another state and for a resident of the
// institution's state, as careerpath.Program.TuitionFor: a catalog's own
// figure in US dollars for both, else the institution's graduate figures
// for a graduate award and its undergraduate ones for the others, NaN
// where not reported.
func programTuition(in *careerpath.Institution, r progRow) (out, inState float64) {
	if r.extra != nil {
		return r.extra.tuitionUSD, r.extra.tuitionUSD
	}
	if r.award != awardUnknown && careerpath.IsGraduate(careerpath.AwardLevels[r.award].Code) {
		return orNaN(in.GradTuitionOutOfState), orNaN(in.GradTuitionInState)
	}
	return orNaN(in.TuitionOutOfState), orNaN(in.TuitionInState)
}

// tuitionBucket returns the tuition facet code of a figure:
// len(TuitionBuckets) for NaN (not reported).
func tuitionBucket(v float64) uint64 {
	if math.IsNaN(v) {
		return uint64(len(careerpath.TuitionBuckets))
	}
	return uint64(careerpath.BucketOf(careerpath.TuitionBuckets, v))
}

// residentState returns the index in Index.states of the filter's
// resident, -1 for none (no resident, or a state without institutions:
// then every program has its out-of-state figure).
func (ix *Index) residentState(resident string) int {
	if resident == "" {
		return -1
	}
	for i, s := range ix.states {
		if s == resident {
			return i
		}
	}
	return -1
}

// inStateCode reports whether a program with codes pk is at a public
// institution of the plan's resident's state, and so has its in-state
// figure (careerpath.InStateFor).
func (p *plan) inStateCode(pk uint64) bool {
	return p.resident >= 0 && int(uint8(pk>>shState)) == p.resident && pk>>shControl&3 == uint64(careerpath.ControlPublic)
}

// residentTuition returns program d's tuition under the plan and its
// codes with the tuition bucket of that figure.
func (p *plan) residentTuition(ix *Index, d uint32, pk uint64) (float64, uint64) {
	if !p.inStateCode(pk) {
		return ix.tuition[d], pk
	}
	return ix.tuitionIn[d], p.residentCodes(pk)
}

// residentCodes returns codes pk with the tuition bucket of the figure
// under the plan.
func (p *plan) residentCodes(pk uint64) uint64 {
	if !p.inStateCode(pk) {
		return pk
	}
	return pk&^(7<<shTuition) | (pk>>shTuitionIn&7)<<shTuition
}

// key returns the sort key of program d, a match, whose tuition under
// the plan is tuition: scan.sortKey, with the keys that depend on the
// query (tuition with a resident, distance).
func (sc *scan) key(d uint32, lv uint8, tuition, score float64, tq float32) hit {
	switch sc.sortBy {
	case careerpath.SortTuition:
		return keyed(d, tuition, sc.desc)
	case careerpath.SortDistance:
		return keyed(d, sc.p.dist[sc.ix.inst[d]], sc.desc)
	case careerpath.SortPayback:
		return keyed(d, sc.ix.paybackOf(d, tuition), sc.desc)
	}
	return sc.sortKey(d, lv, score, tq)
}

// SetPaybackBaseline sets the earnings that payback compares with; nil
// leaves programs without a payback.
func (b *Builder) SetPaybackBaseline(s *careerpath.Stat) { b.baseline = s }

// paybackOf returns the years of earnings premium that repay program d's
// estimated total cost at the yearly tuition (careerpath.PaybackYears of
// tuition × length), NaN where there is none.
func (ix *Index) paybackOf(d uint32, tuition float64) float64 {
	earn, years := ix.earn1[d], ix.dur[d]
	if ix.baseline == nil || math.IsNaN(tuition) || math.IsNaN(earn) || math.IsNaN(years) {
		return math.NaN()
	}
	if y, ok := careerpath.PaybackYears(tuition*years, earn, ix.baseline.Value); ok {
		return y
	}
	return math.NaN()
}

// ResolveZIP places a ZIP code with the current index (Index.ResolveZIP).
func (s *Service) ResolveZIP(ctx context.Context, zip string) (careerpath.GeoPoint, error) {
	ix := s.cur.Load()
	if ix == nil {
		return careerpath.GeoPoint{}, errStarting
	}
	return ix.ResolveZIP(zip)
}
