package search

import (
	"container/heap"
	"context"
	"math"
	"math/bits"
	"runtime"
	"slices"
	"strconv"
	"sync"

	careerpath "github.com/careerpath/careerpath"
)

// plan is a filter compiled against an index.
type plan struct {
	career *careerIndex
	minLv  uint8

	act        uint16 // facet filters that are active, by facet bit
	awards     uint16 // allowed award indexes
	online     uint64 // 1 to want online, 0 campus
	states     [4]uint64
	controls   uint8
	durations  uint16 // allowed award indexes, by typical years
	durMin     float64
	durMax     float64 // bounds for programs with a duration of their own
	tuiMin     float64
	tuiMax     float64
	earnMin    float64
	earnMax    float64
	complMin   int32
	country    int // index in Index.countries; -1 when no country matches
	near       *careerpath.GeoPoint
	radius     float64
	within     []bool // by institution
	text       []uint32
	textActive bool
	quick      *quickMask
}

// ResolveZIP returns the point of a ZIP code: the centroid of the
// institutions of the IPEDS directory with that ZIP code (there is no ZIP
// gazetteer in the open data), or an EINVALID error if none has it.
func (ix *Index) ResolveZIP(zip string) (careerpath.GeoPoint, error) {
	if p, ok := ix.zip[careerpath.ZIP5(zip)]; ok {
		return p, nil
	}
	return careerpath.GeoPoint{}, careerpath.Errorf(careerpath.EINVALID,
		"zip: no institution in the data has ZIP code %q, so it cannot be placed; give coordinates (lat and lon) instead.", zip)
}

func (ix *Index) compile(f *careerpath.ProgramFilter) (*plan, error) {
	p := &plan{country: -1, durMin: math.Inf(-1), durMax: math.Inf(1), tuiMin: math.Inf(-1), tuiMax: math.Inf(1), earnMin: math.Inf(-1), earnMax: math.Inf(1)}
	if f.Career != "" {
		p.career = ix.careers[f.Career]
		if p.career == nil {
			return nil, careerpath.Errorf(careerpath.EINVALID, "career: there is no career %q.", f.Career)
		}
		p.minLv = lvRelated
		if f.MinRelevance == careerpath.RelevanceStrong {
			p.minLv = lvStrong
			p.act |= 1 << fRelevance
		}
	}
	if len(f.Awards) > 0 {
		p.act |= 1 << fAward
		for _, a := range f.Awards {
			if a == careerpath.AwardUnknown {
				p.awards |= 1 << awardUnknown
			}
			for i, l := range careerpath.AwardLevels {
				if l.Code == a {
					p.awards |= 1 << i
				}
			}
		}
	}
	if f.Delivery != "" {
		p.act |= 1 << fDelivery
		if f.Delivery == careerpath.DeliveryOnline {
			p.online = 1
		}
	}
	if len(f.States) > 0 {
		p.act |= 1 << fState
		for _, s := range f.States {
			if i, ok := slices.BinarySearch(ix.states, s); ok {
				p.states[i/64] |= 1 << (i % 64)
			}
		}
	}
	if len(f.Controls) > 0 {
		p.act |= 1 << fControl
		for _, c := range f.Controls {
			p.controls |= 1 << (c & 3)
		}
	}
	if f.DurationMin != nil || f.DurationMax != nil {
		p.act |= 1 << fDuration
		if f.DurationMin != nil {
			p.durMin = *f.DurationMin
		}
		if f.DurationMax != nil {
			p.durMax = *f.DurationMax
		}
		for i, l := range careerpath.AwardLevels {
			if (f.DurationMin == nil || l.TypicalYears >= *f.DurationMin) && (f.DurationMax == nil || l.TypicalYears <= *f.DurationMax) {
				p.durations |= 1 << i
			}
		}
	}
	if f.TuitionMin != nil || f.TuitionMax != nil {
		p.act |= 1 << fTuition
		if f.TuitionMin != nil {
			p.tuiMin = *f.TuitionMin
		}
		if f.TuitionMax != nil {
			p.tuiMax = *f.TuitionMax
		}
	}
	if f.EarningsMin != nil || f.EarningsMax != nil {
		p.act |= 1 << fEarnings
		if f.EarningsMin != nil {
			p.earnMin = *f.EarningsMin
		}
		if f.EarningsMax != nil {
			p.earnMax = *f.EarningsMax
		}
	}
	if f.CompletersMin != nil {
		p.act |= 1 << fCompleters
		p.complMin = int32(max(min(*f.CompletersMin, math.MaxInt32), math.MinInt32))
	}
	if f.Country != "" {
		p.act |= 1 << fCountry
		if i, ok := slices.BinarySearch(ix.countries, f.Country); ok {
			p.country = i
		}
	}
	if f.ZIP != "" {
		pt, err := ix.ResolveZIP(f.ZIP)
		if err != nil {
			return nil, err
		}
		f.Near = &pt
	}
	if f.Near != nil {
		p.near, p.radius = f.Near, f.RadiusMiles
		p.within = make([]bool, len(ix.insts))
		// A degree of latitude is at least 69 miles: institutions further
		// north or south than that cannot be within the radius.
		band := f.RadiusMiles/68.7 + 1e-6
		for i, in := range ix.insts {
			if in.Latitude != nil && in.Longitude != nil && math.Abs(*in.Latitude-f.Near.Lat) <= band {
				p.within[i] = careerpath.DistanceMiles(*f.Near, careerpath.GeoPoint{Lat: *in.Latitude, Lon: *in.Longitude}) <= f.RadiusMiles
			}
		}
	}
	if f.Query != "" {
		p.textActive = true
		p.text = ix.match(careerpath.Tokenize(f.Query))
	}
	p.quick = newQuickMask(p)
	return p, nil
}

// match returns the programs holding every word, in program order.
func (ix *Index) match(words []string) []uint32 {
	if len(words) == 0 {
		return nil
	}
	lists := make([][]uint32, 0, len(words))
	for _, w := range words {
		l, ok := ix.postings[w]
		if !ok {
			return nil
		}
		lists = append(lists, l)
	}
	slices.SortFunc(lists, func(a, b []uint32) int { return len(a) - len(b) })
	out := slices.Clone(lists[0])
	for _, l := range lists[1:] {
		out = intersect(out, l)
		if len(out) == 0 {
			break
		}
	}
	return out
}

// intersect keeps the elements of a (short) that are in b, galloping
// through b.
func intersect(a, b []uint32) []uint32 {
	out := a[:0]
	j := 0
	for _, x := range a {
		step := 1
		for j+step < len(b) && b[j+step] < x {
			j += step
			step *= 2
		}
		for j < len(b) && b[j] < x {
			j++
		}
		if j == len(b) {
			break
		}
		if b[j] == x {
			out = append(out, x)
		}
	}
	return out
}

// hit is a program offered to the page, with its sort key.
type hit struct {
	null  bool
	key   float64
	id    int64
	doc   uint32
	level uint8
	score float64
}

func less(a, b *hit) bool {
	if a.null != b.null {
		return !a.null
	}
	if a.key != b.key {
		return a.key < b.key
	}
	return a.id < b.id
}

// topK keeps the k best hits in a max-heap (the worst on top).
type topK struct {
	k int
	h []hit
}

func (t *topK) Len() int           { return len(t.h) }
func (t *topK) Less(i, j int) bool { return less(&t.h[j], &t.h[i]) }
func (t *topK) Swap(i, j int)      { t.h[i], t.h[j] = t.h[j], t.h[i] }
func (t *topK) Push(x any)         { t.h = append(t.h, x.(hit)) }
func (t *topK) Pop() any           { x := t.h[len(t.h)-1]; t.h = t.h[:len(t.h)-1]; return x }

func (t *topK) offer(h hit) {
	if len(t.h) < t.k {
		heap.Push(t, h)
	} else if less(&h, &t.h[0]) {
		t.h[0] = h
		heap.Fix(t, 0)
	}
}

var textSets = sync.Pool{New: func() any { return new([]uint64) }}

// quickMask gives, from a candidate's packed codes alone, the filters it
// fails among award, delivery, state, control, country and (for career
// candidates) relevance, by table lookups without branches. It is a lower
// bound of the failures visit finds (duration, tuition, earnings and
// completers are left out), so a candidate it finds failing two filters
// counts nowhere and is skipped before the call to visit: on a career
// query with a few filters, most candidates.
type quickMask struct {
	award   [16]uint16
	online  [2]uint16
	state   [256]uint16
	control [4]uint16
	country [256]uint16
	level   [4]uint16
}

func (q *quickMask) of(pk uint64, lv uint8) uint16 {
	return q.award[pk>>shAward&15] | q.online[pk>>shDelivery&1] | q.state[uint8(pk>>shState)] |
		q.control[pk>>shControl&3] | q.country[uint8(pk>>shCountry)] | q.level[lv&3]
}

// newQuickMask returns the tables of the plan's filters, nil when none of
// them is active and the pre-filter could skip nothing.
func newQuickMask(p *plan) *quickMask {
	const cover = 1<<fAward | 1<<fDelivery | 1<<fState | 1<<fControl | 1<<fCountry | 1<<fRelevance
	if p.act&cover == 0 {
		return nil
	}
	q := &quickMask{}
	for i := range q.award {
		if p.act&(1<<fAward) != 0 && p.awards&(1<<i) == 0 {
			q.award[i] = 1 << fAward
		}
	}
	for i := range q.online {
		if p.act&(1<<fDelivery) != 0 && uint64(i) != p.online {
			q.online[i] = 1 << fDelivery
		}
	}
	for i := range q.state {
		if p.act&(1<<fState) != 0 && p.states[i/64]&(1<<(i%64)) == 0 {
			q.state[i] = 1 << fState
		}
	}
	for i := range q.control {
		if p.act&(1<<fControl) != 0 && p.controls&(1<<i) == 0 {
			q.control[i] = 1 << fControl
		}
	}
	for i := range q.country {
		if p.act&(1<<fCountry) != 0 && i != p.country {
			q.country[i] = 1 << fCountry
		}
	}
	for lv := range q.level {
		if p.act&(1<<fRelevance) != 0 && uint8(lv) < p.minLv {
			q.level[lv] = 1 << fRelevance
		}
	}
	return q
}

// scan is one worker's share of a query: its candidates' counts and best
// hits.
type scan struct {
	ix      *Index
	p       *plan
	src     int
	textSet []uint64
	sortBy  string
	desc    bool
	deep    bool

	counts [numFacets][256]int32
	total  int
	top    topK
	all    []hit
}

// Candidate sources of a query.
const (
	srcAll = iota
	srcCareer
	srcText
	srcNear
)

// parallelFrom is the number of candidates from which a query splits its
// pass between the processors.
const parallelFrom = 32 << 10

// Find answers the filter, which must have been normalised
// (careerpath.ProgramFilter.Normalize).
func (ix *Index) Find(ctx context.Context, f careerpath.ProgramFilter) (*careerpath.ProgramPage, error) {
	p, err := ix.compile(&f)
	if err != nil {
		return nil, err
	}
	k := f.Page * f.PerPage
	deep := k > 1<<16 // deeper pages sort every match

	// Choose what to iterate: the smallest source.
	src, size := srcAll, len(ix.ids)
	if p.career != nil && len(p.career.docs) < size {
		src, size = srcCareer, len(p.career.docs)
	}
	if p.textActive && len(p.text) <= size {
		src, size = srcText, len(p.text)
	}
	var near []uint32 // institutions within the radius
	if p.near != nil {
		n := 0
		for i, ok := range p.within {
			if ok {
				near = append(near, uint32(i))
				n += len(ix.instDocs[i])
			}
		}
		if n < size {
			src, size = srcNear, n
		}
	}
	var textSet []uint64
	if p.textActive && src != srcText {
		sp := textSets.Get().(*[]uint64)
		defer textSets.Put(sp)
		words := (len(ix.ids) + 63) / 64
		if cap(*sp) < words {
			*sp = make([]uint64, words)
		}
		textSet = (*sp)[:words]
		clear(textSet)
		for _, d := range p.text {
			textSet[d/64] |= 1 << (d % 64)
		}
	}

	workers := 1
	if size >= parallelFrom {
		workers = min(runtime.GOMAXPROCS(0), 4)
	}
	scans := make([]*scan, workers)
	var wg sync.WaitGroup
	for w := range workers {
		sc := &scan{ix: ix, p: p, src: src, textSet: textSet, sortBy: f.Sort, desc: f.Order == careerpath.OrderDesc, deep: deep}
		sc.top.k = min(k, 1<<16)
		scans[w] = sc
		part := func(n int) (int, int) { return n * w / workers, n * (w + 1) / workers }
		run := func() {
			switch src {
			case srcCareer:
				c := p.career
				lo, hi := part(len(c.docs))
				if q := p.quick; q != nil {
					for i := lo; i < hi; i++ {
						if m := q.of(c.packed[i], c.level[i]); m&(m-1) != 0 {
							continue // fails two filters: counts nowhere
						}
						sc.visit(c.docs[i], c.packed[i], c.level[i], c.score[i])
					}
					break
				}
				for i := lo; i < hi; i++ {
					sc.visit(c.docs[i], c.packed[i], c.level[i], c.score[i])
				}
			case srcText:
				lo, hi := part(len(p.text))
				for _, d := range p.text[lo:hi] {
					sc.visit(d, ix.packed[d], 0, 0)
				}
			case srcNear:
				lo, hi := part(len(near))
				for _, i := range near[lo:hi] {
					for _, d := range ix.instDocs[i] {
						sc.visit(d, ix.packed[d], 0, 0)
					}
				}
			default:
				lo, hi := part(len(ix.ids))
				q := p.quick
				for d := lo; d < hi; d++ {
					if q != nil {
						// Level 3 is never failed: visit works the relevance out.
						if m := q.of(ix.packed[d], 3); m&(m-1) != 0 {
							continue
						}
					}
					sc.visit(uint32(d), ix.packed[d], 0, 0)
				}
			}
		}
		if w == workers-1 {
			run()
		} else {
			wg.Add(1)
			go func() { defer wg.Done(); run() }()
		}
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	sc := scans[0]
	for _, o := range scans[1:] {
		for fb := range sc.counts {
			for v := range sc.counts[fb] {
				sc.counts[fb][v] += o.counts[fb][v]
			}
		}
		sc.total += o.total
		if deep {
			sc.all = append(sc.all, o.all...)
		} else {
			for _, h := range o.top.h {
				sc.top.offer(h)
			}
		}
	}

	total := sc.total
	var strong, related int
	if p.career != nil {
		// The page's strong and related are of the total: with the
		// relevance filter on, related programs only count in the facet.
		strong, related = int(sc.counts[fRelevance][lvStrong]), int(sc.counts[fRelevance][lvRelated])
		if p.minLv == lvStrong {
			strong, related = total, 0
		}
	}
	page := &careerpath.ProgramPage{Total: total, Strong: strong, Related: related, Page: f.Page, PerPage: f.PerPage,
		Facets: careerpath.SortFacets(ix.rawFacets(&sc.counts, p.career != nil)), Items: []careerpath.ProgramMatch{}}

	ordered := sc.top.h
	if deep {
		ordered = sc.all
	}
	slices.SortFunc(ordered, func(a, b hit) int {
		if less(&a, &b) {
			return -1
		}
		return 1
	})
	from := (f.Page - 1) * f.PerPage
	for i := from; i < len(ordered) && i < from+f.PerPage; i++ {
		page.Items = append(page.Items, ix.match1(ordered[i].doc, f.Career, p.near))
	}
	return page, nil
}

// visit counts one candidate: pk are its packed facet codes, lv and score
// its relevance when the candidates are the career's.
func (sc *scan) visit(d uint32, pk uint64, lv uint8, score float64) {
	p, ix := sc.p, sc.ix
	if p.career != nil && sc.src != srcCareer {
		lv = p.career.byCls[ix.class[d]]
		if lv == 0 {
			return
		}
		score = p.career.scores[ix.class[d]]
	}
	if sc.textSet != nil && sc.textSet[d/64]&(1<<(d%64)) == 0 {
		return
	}
	if p.within != nil && sc.src != srcNear && !p.within[ix.inst[d]] {
		return
	}
	var m uint16
	if p.act != 0 {
		ai := field(pk, shAward, 4)
		if p.act&(1<<fRelevance) != 0 && lv < p.minLv {
			m |= 1 << fRelevance
		}
		if p.act&(1<<fAward) != 0 && p.awards&(1<<ai) == 0 {
			m |= 1 << fAward
		}
		if p.act&(1<<fDelivery) != 0 && uint64(field(pk, shDelivery, 1)) != p.online {
			m |= 1 << fDelivery
		}
		if p.act&(1<<fState) != 0 {
			s := field(pk, shState, 8)
			if p.states[s/64]&(1<<(s%64)) == 0 {
				m |= 1 << fState
			}
		}
		if p.act&(1<<fControl) != 0 && p.controls&(1<<field(pk, shControl, 2)) == 0 {
			m |= 1 << fControl
		}
		if p.act&(1<<fDuration) != 0 {
			if pk>>shOwnDur&1 == 0 {
				if p.durations&(1<<ai) == 0 {
					m |= 1 << fDuration
				}
			} else if v := ix.dur[d]; !(v >= p.durMin && v <= p.durMax) {
				m |= 1 << fDuration
			}
		}
		if p.act&(1<<fCountry) != 0 && field(pk, shCountry, 8) != p.country {
			m |= 1 << fCountry
		}
		if m&(m-1) != 0 {
			return // fails two filters already: counts nowhere
		}
		if p.act&(1<<fTuition) != 0 {
			t := ix.tuition[ix.inst[d]]
			if !(t >= p.tuiMin && t <= p.tuiMax) { // NaN fails
				m |= 1 << fTuition
			}
		}
		if p.act&(1<<fEarnings) != 0 {
			e := ix.earn1[d]
			if !(e >= p.earnMin && e <= p.earnMax) {
				m |= 1 << fEarnings
			}
		}
		if p.act&(1<<fCompleters) != 0 && ix.completers[d] < p.complMin {
			m |= 1 << fCompleters
		}
	}
	if m != 0 {
		if m&(m-1) == 0 {
			fb := bits.TrailingZeros16(m)
			sc.counts[fb][ix.facetCode(fb, pk, lv)]++
		}
		return
	}
	sc.total++
	c := &sc.counts
	c[fRelevance][lv]++
	c[fAward][field(pk, shAward, 4)]++
	c[fDelivery][field(pk, shDelivery, 1)]++
	c[fState][field(pk, shState, 8)]++
	c[fControl][field(pk, shControl, 2)]++
	c[fDuration][field(pk, shDuration, 3)]++
	c[fTuition][field(pk, shTuition, 3)]++
	c[fEarnings][field(pk, shEarnings, 3)]++
	c[fCompleters][field(pk, shCompleters, 3)]++
	c[fCountry][field(pk, shCountry, 8)]++
	h := ix.sortKey(d, sc.sortBy, sc.desc, p.career != nil, score)
	h.level, h.score = lv, score
	if sc.deep {
		sc.all = append(sc.all, h)
	} else {
		sc.top.offer(h)
	}
}

func (ix *Index) facetCode(fb int, pk uint64, lv uint8) int {
	switch fb {
	case fRelevance:
		return int(lv)
	case fAward:
		return field(pk, shAward, 4)
	case fDelivery:
		return field(pk, shDelivery, 1)
	case fState:
		return field(pk, shState, 8)
	case fControl:
		return field(pk, shControl, 2)
	case fDuration:
		return field(pk, shDuration, 3)
	case fTuition:
		return field(pk, shTuition, 3)
	case fEarnings:
		return field(pk, shEarnings, 3)
	case fCountry:
		return field(pk, shCountry, 8)
	}
	return field(pk, shCompleters, 3)
}

func (ix *Index) sortKey(d uint32, sortBy string, desc, career bool, score float64) hit {
	h := hit{id: ix.ids[d], doc: d}
	var v float64
	switch sortBy {
	case careerpath.SortRelevance:
		if career {
			v = score
		} else {
			v = float64(ix.completers[d])
		}
	case careerpath.SortTuition:
		v = ix.tuition[ix.inst[d]]
	case careerpath.SortEarnings:
		v = ix.earn1[d]
	case careerpath.SortDuration:
		v = ix.dur[d]
	case careerpath.SortCompleters:
		v = float64(ix.completers[d])
	case careerpath.SortName:
		v = ix.nameKey[d]
	case careerpath.SortOutcomes:
		v = ix.outcomeKey(d, career, score)
	}
	if math.IsNaN(v) {
		h.null = true
		return h
	}
	if desc {
		v = -v
	}
	h.key = v
	return h
}

func (ix *Index) rawFacets(c *[numFacets][256]int32, career bool) map[string]map[string]int {
	raw := map[string]map[string]int{}
	put := func(fb int, value string, n int32) {
		m := raw[facetNames[fb]]
		if m == nil {
			m = map[string]int{}
			raw[facetNames[fb]] = m
		}
		if n > 0 {
			m[value] += int(n)
		}
	}
	for fb := range numFacets {
		if fb == fRelevance && !career {
			continue
		}
		put(fb, "", 0)
	}
	if career {
		put(fRelevance, careerpath.RelevanceStrong, c[fRelevance][lvStrong])
		put(fRelevance, careerpath.RelevanceRelated, c[fRelevance][lvRelated])
	}
	for i, l := range careerpath.AwardLevels {
		put(fAward, careerpath.FacetAwardValue(l.Code), c[fAward][i])
	}
	put(fAward, careerpath.FacetAwardValue(careerpath.AwardUnknown), c[fAward][awardUnknown])
	put(fDelivery, careerpath.DeliveryCampus, c[fDelivery][0])
	put(fDelivery, careerpath.DeliveryOnline, c[fDelivery][1])
	for i, s := range ix.states {
		put(fState, orUnknown(s), c[fState][i])
	}
	for i, s := range ix.countries {
		put(fCountry, orUnknown(s), c[fCountry][i])
	}
	for i := range 4 {
		put(fControl, strconv.Itoa(i), c[fControl][i])
	}
	buckets := func(fb int, bs []careerpath.Bucket) {
		for i, b := range bs {
			put(fb, b.Value, c[fb][i])
		}
		put(fb, careerpath.BucketUnknown, c[fb][len(bs)])
	}
	buckets(fDuration, careerpath.DurationBuckets)
	buckets(fTuition, careerpath.TuitionBuckets)
	buckets(fEarnings, careerpath.EarningsBuckets)
	buckets(fCompleters, careerpath.CompletersBuckets)
	return raw
}

// orUnknown returns the facet value of a state or country: itself, or
// careerpath.BucketUnknown for a catalog entry that gives none.
func orUnknown(s string) string {
	if s == "" {
		return careerpath.BucketUnknown
	}
	return s
}

// match1 materialises a program of the index.
func (ix *Index) match1(d uint32, career string, near *careerpath.GeoPoint) careerpath.ProgramMatch {
	in := ix.insts[ix.inst[d]]
	cip := ix.cips[ix.cip[d]]
	p := &careerpath.Program{
		ID: ix.ids[d], Institution: in, Name: ix.names[d], CIP: cip, CIPTitle: ix.model.CIPTitle(cip),
		Completers:  max(0, int(ix.completers[d])),
		Earnings1Yr: ptr(ix.earn1[d]), Earnings4Yr: ptr(ix.earn4[d]), MeanDebt: ptr(ix.debt[d]), Source: ix.sources[ix.source[d]],
	}
	if a := ix.award[d]; a != awardUnknown {
		p.Award = careerpath.AwardLevels[a]
	}
	if x := ix.extras[d]; x != nil {
		if ix.award[d] == awardUnknown {
			p.Award.Name = x.degree
		}
		p.Format, p.DurationYears, p.Tuition, p.TuitionCurrency, p.URL = x.format, clonePtr(x.dur), clonePtr(x.tuition), x.currency, x.url
		p.CIPSource, p.CIPConfidence = x.cipSource, x.confidence
	}
	m := careerpath.ProgramMatch{Program: p}
	if career != "" {
		m.Relevance = ix.model.OfProgram(career, p)
	}
	if near != nil && in.Latitude != nil && in.Longitude != nil {
		dist := careerpath.DistanceMiles(*near, careerpath.GeoPoint{Lat: *in.Latitude, Lon: *in.Longitude})
		m.DistanceMiles = &dist
	}
	return m
}

// FindProgram returns the program with the ID, with its relevance to the
// career if career is not "".
func (ix *Index) FindProgram(ctx context.Context, id int64, career string) (*careerpath.ProgramMatch, error) {
	if career != "" && ix.careers[career] == nil {
		return nil, careerpath.Errorf(careerpath.EINVALID, "career: there is no career %q.", career)
	}
	d, ok := slices.BinarySearch(ix.ids, id)
	if !ok {
		return nil, careerpath.Errorf(careerpath.ENOTFOUND, "No program %d.", id)
	}
	m := ix.match1(uint32(d), career, nil)
	return &m, nil
}
