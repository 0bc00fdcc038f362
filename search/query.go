package search

import (
	"context"
	"math"
	"math/bits"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"

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
	within     []bool    // by institution
	dist       []float64 // by institution within the radius: its distance
	resident   int       // index in Index.states of the resident's state, -1 for none
	paybackMax float64   // +Inf when the payback filter is off
	text       []uint32
	textOut    *textOut // text and textQ's pooled storage, nil for none
	textActive bool
	reading    *queryReading
	textQ      []float32 // match quality of text's programs, for best match
	textSum    []float32 // textQ by program, when the pass does not walk text
	needTui    bool      // the pass reads each candidate's tuition
	quick      *quickMask
}

// ResolveZIP returns the point of a ZIP code: its centroid in the ZIP
// gazetteer, else the centroid of the institutions of the IPEDS directory
// with that ZIP code, or an EINVALID error if neither has it.
func (ix *Index) ResolveZIP(zip string) (careerpath.GeoPoint, error) {
	if p, ok := ix.zip[careerpath.ZIP5(zip)]; ok {
		return p, nil
	}
	return careerpath.GeoPoint{}, careerpath.UnknownZIPError(zip)
}

func (ix *Index) compile(f *careerpath.ProgramFilter, topics Topics) (*plan, error) {
	var reading *queryReading
	if f.Query != "" {
		// Before the filters: words of the query may set some.
		reading = ix.readQuery(f, topics)
	}
	p := &plan{country: -1, resident: ix.residentState(f.Resident), durMin: math.Inf(-1), durMax: math.Inf(1), tuiMin: math.Inf(-1), tuiMax: math.Inf(1), earnMin: math.Inf(-1), earnMax: math.Inf(1)}
	if f.Career != "" {
		var err error
		if p.career, err = ix.careerOf(f.Career); err != nil {
			return nil, err
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
		p.dist = make([]float64, len(ix.insts))
		// A degree of latitude is at least 69 miles: institutions further
		// north or south than that cannot be within the radius.
		band := f.RadiusMiles/68.7 + 1e-6
		for i, in := range ix.insts {
			if in.Latitude != nil && in.Longitude != nil && math.Abs(*in.Latitude-f.Near.Lat) <= band {
				p.dist[i] = careerpath.DistanceMiles(*f.Near, careerpath.GeoPoint{Lat: *in.Latitude, Lon: *in.Longitude})
				p.within[i] = p.dist[i] <= f.RadiusMiles
			}
		}
	}
	p.paybackMax = math.Inf(1)
	if f.PaybackMax != nil {
		p.paybackMax = *f.PaybackMax
	}
	if reading != nil {
		// A query of filter words only searches no text.
		p.reading = reading
		if len(reading.groups) > 0 || reading.none {
			p.textActive = true
			p.textOut = textOuts.Get().(*textOut)
			best := f.Sort == careerpath.SortBest
			ix.matchText(reading, best, p.textOut)
			p.text = p.textOut.docs
			if best {
				p.textQ = p.textOut.quals
			}
		}
	}
	p.needTui = p.act&(1<<fTuition) != 0 || f.Sort == careerpath.SortTuition || f.Sort == careerpath.SortPayback || f.PaybackMax != nil
	p.quick = newQuickMask(p)
	return p, nil
}

// release returns the plan's pooled storage, once the query is done.
func (p *plan) release() {
	if o := p.textOut; o != nil && cap(o.docs) <= 1<<20 {
		p.text, p.textQ, p.textOut = nil, nil, nil
		textOuts.Put(o)
	}
}

// hit is a program offered to the page, with its sort key. Programs are
// in ID order, so doc breaks ties as the ID would.
type hit struct {
	null bool
	key  float64
	doc  uint32
}

func less(a, b *hit) bool {
	if a.null != b.null {
		return !a.null
	}
	if a.key != b.key {
		return a.key < b.key
	}
	return a.doc < b.doc
}

// topK keeps the k best hits in a max-heap (the worst on top). It is
// container/heap's algorithm without the interface, whose Push would
// allocate for every hit.
type topK struct {
	k int
	h []hit
}

func (t *topK) offer(h hit) {
	if len(t.h) < t.k {
		t.h = append(t.h, h)
		for j := len(t.h) - 1; j > 0; {
			i := (j - 1) / 2
			if !less(&t.h[i], &t.h[j]) {
				break
			}
			t.h[i], t.h[j] = t.h[j], t.h[i]
			j = i
		}
		return
	}
	if len(t.h) == 0 || !less(&h, &t.h[0]) {
		return
	}
	t.h[0] = h
	for i := 0; ; {
		j := 2*i + 1
		if j >= len(t.h) {
			break
		}
		if j+1 < len(t.h) && less(&t.h[j], &t.h[j+1]) {
			j++
		}
		if !less(&t.h[i], &t.h[j]) {
			break
		}
		t.h[i], t.h[j] = t.h[j], t.h[i]
		i = j
	}
}

var (
	textSets = sync.Pool{New: func() any { return new([]uint64) }}
	textSums = sync.Pool{New: func() any { return new([]float32) }}
)

// quickMask gives, from a candidate's packed codes alone, the filters it
// fails among award, delivery, state, control, country, relevance (for
// codes carrying a level) and duration (for programs whose duration is
// their award level's), by table lookups without branches. The rest,
// plan.valueFails and plan.ownDurationFails, need the program's values:
// a candidate the tables find failing two filters counts nowhere and is
// skipped before they are read. On a career query with a few filters,
// that is most candidates.
type quickMask struct {
	award    [16]uint16
	online   [2]uint16
	state    [256]uint16
	control  [4]uint16
	country  [256]uint16
	level    [4]uint16
	duration [32]uint16 // by award index, +16 for a duration of its own
}

func (q *quickMask) of(pk uint64) uint16 { return q.ofBlock(pk) | q.ofPlace(pk) }

// ofBlock is the part of of that reads the codes a careerIndex block
// shares (blockKey).
func (q *quickMask) ofBlock(pk uint64) uint16 {
	return q.award[pk>>shAward&15] | q.online[pk>>shDelivery&1] | q.control[pk>>shControl&3] |
		q.level[pk>>shLevel&3] | q.duration[(pk>>shAward&15|pk>>shOwnDur&1<<4)&31]
}

// ofPlace is the rest of of: state and country.
func (q *quickMask) ofPlace(pk uint64) uint16 {
	return q.state[uint8(pk>>shState)] | q.country[uint8(pk>>shCountry)]
}

// newQuickMask returns the tables of the plan's filters.
func newQuickMask(p *plan) *quickMask {
	q := &quickMask{}
	fails := func(fb int, cond bool) uint16 {
		if p.act&(1<<fb) != 0 && cond {
			return 1 << fb
		}
		return 0
	}
	for i := range q.award {
		q.award[i] = fails(fAward, p.awards&(1<<i) == 0)
		// A duration of its own is checked by ownDurationFails.
		q.duration[i] = fails(fDuration, p.durations&(1<<i) == 0)
	}
	for i := range q.online {
		q.online[i] = fails(fDelivery, uint64(i) != p.online)
	}
	for i := range q.state {
		q.state[i] = fails(fState, p.states[i/64]&(1<<(i%64)) == 0)
	}
	for i := range q.control {
		q.control[i] = fails(fControl, p.controls&(1<<i) == 0)
	}
	for i := range q.country {
		q.country[i] = fails(fCountry, i != p.country)
	}
	// Level 0 is a program of no career's list: the relevance filter only
	// applies with a career, whose candidates carry their level.
	q.level[lvRelated] = fails(fRelevance, lvRelated < p.minLv)
	return q
}

// valueFails returns the filters among tuition, earnings and completers
// that a program with these values fails. Unknown values (NaN, -1
// completers) fail the active filters.
func (p *plan) valueFails(tuition, earnings float64, completers int32) uint16 {
	m := outside(tuition, p.tuiMin, p.tuiMax)<<fTuition | outside(earnings, p.earnMin, p.earnMax)<<fEarnings
	if completers < p.complMin {
		m |= 1 << fCompleters
	}
	return m & p.act
}

// outside returns 1 if v is not within lo and hi (NaN is not), else 0.
func outside(v, lo, hi float64) uint16 {
	// Two flags rather than &&: the compiler sets them without branches,
	// which the data would mispredict.
	var above, below uint16
	if v >= lo {
		above = 1
	}
	if v <= hi {
		below = 1
	}
	return 1 ^ above&below
}

// ownDurationFails returns the duration filter if a program with a
// duration of its own, years, fails it.
func (p *plan) ownDurationFails(years float64) uint16 {
	if p.act&(1<<fDuration) != 0 && !(years >= p.durMin && years <= p.durMax) {
		return 1 << fDuration
	}
	return 0
}

// scan is one worker's share of a query: its candidates' counts and best
// hits. Scans are pooled: their counts are 10 kB.
type scan struct {
	ix      *Index
	p       *plan
	src     int
	textSet []uint64
	sortBy  string
	colKey  int // careerKeyOf(sortBy)
	desc    bool
	deep    bool
	// bestBound: best match, best first; a match whose best possible key
	// is worse than the page's worst is not offered.
	bestBound bool

	counts facetCounts
	// careerPass's chunk of candidates: what they fail, and the matches.
	masks   [1024]uint16
	matched []uint16
	total   int
	top     topK
	all     []hit
}

var scans = sync.Pool{New: func() any { return new(scan) }}

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

// passChunk is how many candidates a worker takes at a time.
const passChunk = 8 << 10

// Find answers the filter, which must have been normalised
// (careerpath.ProgramFilter.Normalize), reading its query without topics.
func (ix *Index) Find(ctx context.Context, f careerpath.ProgramFilter) (*careerpath.ProgramPage, error) {
	return ix.find(ctx, f, nil)
}

func (ix *Index) find(ctx context.Context, f careerpath.ProgramFilter, topics Topics) (*careerpath.ProgramPage, error) {
	p, err := ix.compile(&f, topics)
	if err != nil {
		return nil, err
	}
	defer p.release()
	k := f.Page * f.PerPage
	deep := k > 1<<16 // deeper pages sort every match
	// Best match diversifies its first results: keep more than the page
	// to pick from.
	diverse := f.Sort == careerpath.SortBest && f.Order == careerpath.OrderDesc && !deep && (p.reading == nil || !p.reading.alias)
	pool := k
	if diverse {
		pool = min(3*k+30, 1<<16)
	}

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
	if p.textQ != nil && src != srcText {
		// The pass looks the match quality up by program.
		sp := textSums.Get().(*[]float32)
		if len(*sp) < len(ix.ids) {
			*sp = make([]float32, len(ix.ids))
		}
		p.textSum = *sp
		for i, d := range p.text {
			p.textSum[d] = p.textQ[i]
		}
		defer func() {
			for _, d := range p.text {
				p.textSum[d] = 0
			}
			textSums.Put(sp)
		}()
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
	// A text query's candidates are scattered over the columns: each
	// costs cache misses, so fewer of them make a pass worth splitting.
	if size >= parallelFrom || src == srcText && size >= parallelFrom/4 {
		workers = min(runtime.GOMAXPROCS(0), 4)
	}
	var all [4]*scan
	parts := all[:workers]
	defer func() {
		for _, sc := range parts {
			sc.release()
		}
	}()
	// The pass goes in chunks that the workers take in turn: a worker
	// that the system is slow to schedule (the machine is shared) leaves
	// the chunks to the others instead of holding up the query with a
	// fixed share.
	n, chunk := len(ix.ids), passChunk
	switch src {
	case srcCareer:
		n = len(p.career.docs)
	case srcText:
		n = len(p.text)
		chunk = passChunk / 4
	case srcNear:
		n, chunk = len(near), 64 // institutions
	}
	var next atomic.Int64
	run := func(sc *scan) {
		for {
			lo := int(next.Add(1)-1) * chunk
			if lo >= n {
				return
			}
			hi := min(lo+chunk, n)
			switch src {
			case srcCareer:
				sc.careerPass(lo, hi)
			case srcText:
				sc.visitText(lo, hi)
			case srcNear:
				for _, i := range near[lo:hi] {
					for _, d := range ix.instDocs[i] {
						sc.visit(d, sc.textQuality(d))
					}
				}
			default:
				for d := lo; d < hi; d++ {
					sc.visit(uint32(d), sc.textQuality(uint32(d)))
				}
			}
		}
	}
	var wg sync.WaitGroup
	for w := range workers {
		sc := scans.Get().(*scan)
		sc.reset(ix, p, src, textSet, f.Sort, f.Order == careerpath.OrderDesc, deep, min(pool, 1<<16))
		parts[w] = sc
		if w == workers-1 {
			run(sc)
		} else {
			wg.Add(1)
			go func() { defer wg.Done(); run(sc) }()
		}
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	sc := parts[0]
	for _, o := range parts[1:] {
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
	page := &careerpath.ProgramPage{Total: total, Strong: strong, Related: related, Page: f.Page, PerPage: f.PerPage, PaybackBaseline: ix.baseline,
		Facets: careerpath.SortFacets(ix.rawFacets(&sc.counts, p.career != nil)), Items: []careerpath.ProgramMatch{}}
	if p.reading != nil {
		page.Reading = &p.reading.out
	}

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
	if diverse {
		at := careerpath.Diversify(len(ordered), func(i int) uint32 { return ix.inst[ordered[i].doc] })
		div := make([]hit, len(ordered))
		for i, j := range at {
			div[i] = ordered[j]
		}
		ordered = div
	}
	from := (f.Page - 1) * f.PerPage
	for i := from; i < len(ordered) && i < from+f.PerPage; i++ {
		m := ix.match1(ordered[i].doc, f.Career, p.near)
		if p.reading != nil {
			m.Match = ix.matchReason(ordered[i].doc, p.reading)
		}
		page.Items = append(page.Items, m)
	}
	return page, nil
}

// reset readies a pooled scan for a query.
func (sc *scan) reset(ix *Index, p *plan, src int, textSet []uint64, sortBy string, desc, deep bool, k int) {
	sc.ix, sc.p, sc.src, sc.textSet, sc.deep = ix, p, src, textSet, deep
	sc.sortBy, sc.colKey, sc.desc = sortBy, careerKeyOf(sortBy), desc
	sc.bestBound = sortBy == careerpath.SortBest && desc
	if sc.colKey == keyBest && p.textQ != nil {
		sc.colKey = keyOther // the key adds the match quality
	}
	sc.counts, sc.total = facetCounts{}, 0
	if sc.matched == nil {
		sc.matched = make([]uint16, 0, len(sc.masks))
	}
	sc.top.k, sc.top.h, sc.all = k, sc.top.h[:0], sc.all[:0]
}

// release returns the scan to the pool, unless a deep page grew it.
func (sc *scan) release() {
	if cap(sc.all) > 1<<16 || cap(sc.top.h) > 1<<12 {
		return
	}
	sc.ix, sc.p, sc.textSet = nil, nil, nil
	scans.Put(sc)
}

// visit counts program d, a candidate from a source other than the
// career's list, of text match quality tq (0 without one). It reads
// only the columns the query needs: a match that cannot reach the page
// is counted without its sort key.
func (sc *scan) visit(d uint32, tq float32) { sc.visitCodes(d, sc.ix.packed[d], tq) }

// visitText visits the text matches lo to hi. It reads their codes in
// batches first: loads that do not wait on each other, so that the
// processor overlaps their cache misses.
func (sc *scan) visitText(lo, hi int) {
	p, packed := sc.p, sc.ix.packed
	var codes [256]uint64
	for ; lo < hi; lo += len(codes) {
		docs := p.text[lo:min(lo+len(codes), hi)]
		for j, d := range docs {
			codes[j] = packed[d]
		}
		for j, d := range docs {
			var q float32
			if p.textQ != nil {
				q = p.textQ[lo+j]
			}
			sc.visitCodes(d, codes[j], q)
		}
	}
}

// visitCodes is visit with program d's codes pk.
func (sc *scan) visitCodes(d uint32, pk uint64, tq float32) {
	p, ix := sc.p, sc.ix
	var score float64
	var lv uint8
	if p.career != nil {
		lv = p.career.byCls[ix.class[d]]
		if lv == 0 {
			return
		}
		score = p.career.scores[ix.class[d]]
		pk |= uint64(lv) << shLevel
	}
	if !sc.passes(d) {
		return
	}
	m := p.quick.of(pk)
	if m&(m-1) != 0 {
		return // fails two filters: counts nowhere
	}
	tuition := math.NaN()
	if p.needTui {
		tuition, pk = p.residentTuition(ix, d, pk)
		if !math.IsInf(p.paybackMax, 1) && !(ix.paybackOf(d, tuition) <= p.paybackMax) {
			return // the payback filter is not a facet: counts nowhere
		}
	} else {
		pk = p.residentCodes(pk)
	}
	if p.act&(1<<fTuition|1<<fEarnings|1<<fCompleters) != 0 {
		m |= p.valueFails(tuition, ix.earn1[d], ix.completers[d])
	}
	if pk&(1<<shOwnDur) != 0 {
		m |= p.ownDurationFails(ix.dur[d])
	}
	if !sc.tally(pk, m) {
		return
	}
	if sc.bestBound && !sc.deep && len(sc.top.h) == sc.top.k && sc.top.k > 0 {
		// The best key it could have does not beat the page's worst.
		bound := careerpath.BestMatchKeyOf(int(lv), score, qualityAbove(pk)) + 100*float64(tq)
		if w := &sc.top.h[0]; !w.null && -bound > w.key {
			return
		}
	}
	sc.offer(sc.key(d, lv, tuition, score, tq))
}

// textQuality returns the text match quality of program d when the pass
// does not walk the text matches, 0 without one.
func (sc *scan) textQuality(d uint32) float32 {
	if sc.p.textSum == nil {
		return 0
	}
	return sc.p.textSum[d]
}

// passes reports whether program d holds the words of the query and is
// within the radius, when these filters are on: they are not facets.
func (sc *scan) passes(d uint32) bool {
	if sc.textSet != nil && sc.textSet[d/64]&(1<<(d%64)) == 0 {
		return false
	}
	return sc.p.within == nil || sc.src == srcNear || sc.p.within[sc.ix.inst[d]]
}

// facetCode returns the code of program codes pk in facet fb.
func facetCode(fb int, pk uint64) uint64 {
	ff := facetFields[fb]
	return pk >> ff.shift & ff.mask
}

// facetFields says where each facet's code sits in the packed codes.
var facetFields = [numFacets]struct{ shift, mask uint64 }{
	fRelevance: {shLevel, 3}, fAward: {shAward, 15}, fDelivery: {shDelivery, 1}, fState: {shState, 255},
	fControl: {shControl, 3}, fDuration: {shDuration, 7}, fTuition: {shTuition, 7}, fEarnings: {shEarnings, 7},
	fCompleters: {shCompleters, 7}, fCountry: {shCountry, 255},
}

// tally counts a candidate with codes pk that fails the filters m: in
// every facet if it fails none, in the facet of the filter if it fails
// one (facets are counted with all other filters applied), nowhere
// otherwise. It reports whether the candidate matches.
func (sc *scan) tally(pk uint64, m uint16) bool {
	c := &sc.counts
	if m != 0 {
		if m&(m-1) == 0 {
			fb := bits.TrailingZeros16(m)
			c[fb][facetCode(fb, pk)&255]++
		}
		return false
	}
	sc.total++
	c.addBlock(pk, 1)
	c.addRest(pk)
	return true
}

// facetCounts are the counts of a pass, by facet and code.
type facetCounts [numFacets][256]int32

// addBlock counts n matches with codes pk in the facets of a careerIndex
// block's codes: relevance, award, delivery and control. Unrolled, with
// constant shifts and masks: no bounds check.
func (c *facetCounts) addBlock(pk uint64, n int32) {
	c[fRelevance][pk>>shLevel&3] += n
	c[fAward][pk>>shAward&15] += n
	c[fDelivery][pk>>shDelivery&1] += n
	c[fControl][pk>>shControl&3] += n
}

// addRest counts a match with codes pk in the other facets.
func (c *facetCounts) addRest(pk uint64) {
	c[fState][pk>>shState&255]++
	c[fCountry][pk>>shCountry&255]++
	c[fDuration][pk>>shDuration&7]++
	c[fTuition][pk>>shTuition&7]++
	c[fEarnings][pk>>shEarnings&7]++
	c[fCompleters][pk>>shCompleters&7]++
}

// offer offers a matching program to the page.
func (sc *scan) offer(h hit) {
	if sc.deep {
		sc.all = append(sc.all, h)
	} else {
		sc.top.offer(h)
	}
}

// sortKey returns the hit of program d, of level lv (0 without a career)
// and score for the career.
func (sc *scan) sortKey(d uint32, lv uint8, score float64, tq float32) hit {
	ix, career := sc.ix, sc.p.career != nil
	var v float64
	switch sc.sortBy {
	case careerpath.SortBest:
		v = careerpath.BestMatchKeyOf(int(lv), score, ix.quality[d]) + 100*float64(tq)
	case careerpath.SortRelevanceScore:
		if career {
			v = score
		} else {
			v = float64(ix.completers[d])
		}
	case careerpath.SortTuition:
		v = ix.tuition[d]
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
	return keyed(d, v, sc.desc)
}

// keyed returns the hit of program d with sort value v: NaN (unknown)
// sorts last in either order.
func keyed(d uint32, v float64, desc bool) hit {
	if math.IsNaN(v) {
		return hit{null: true, doc: d}
	}
	if desc {
		v = -v
	}
	return hit{key: v, doc: d}
}

func (ix *Index) rawFacets(c *facetCounts, career bool) map[string]map[string]int {
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
		p.ConcentrationCIP = ix.concs[ix.classes[ix.class[d]].conc]
	}
	ix.overrideField(p)
	m := careerpath.ProgramMatch{Program: p, Baseline: ix.baseline}
	if career != "" {
		m.Relevance = ix.relevanceOf(career, p)
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
	if career != "" {
		if err := ix.knowsCareer(career); err != nil {
			return nil, err
		}
	}
	d, ok := slices.BinarySearch(ix.ids, id)
	if !ok {
		return nil, careerpath.Errorf(careerpath.ENOTFOUND, "No program %d.", id)
	}
	m := ix.match1(uint32(d), career, nil)
	return &m, nil
}
