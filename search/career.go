package search

import (
	"math"
	"math/bits"
	"slices"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/relevance"
)

// careerIndex is what a career query starts from: the strong and related
// programs of the career, with what a query filters and sorts on beside
// them in dense columns. A career query reads these columns in order;
// reaching into the index's program columns instead costs a cache miss
// per candidate and column once the catalog is large (at 2 million
// programs, a career's programs are one in twenty).
//
// The programs are grouped in blocks of the same level, award, delivery,
// control and kind of duration (in program order within a block), so that
// a query finds once per block whether these filters pass, and skips
// without reading them the blocks that fail two: they count nowhere.
type careerIndex struct {
	byCls  []uint8   // level by class, 0 for none
	scores []float64 // score by class

	// Columns, one entry per strong or related program.
	docs       []uint32
	packed     []uint64  // the program's facet codes, with its level at shLevel
	score      []float64 // relevance score
	tuition    []float64 // out-of-state (Index.tuition), NaN where unknown
	best       []float64 // careerpath.BestMatchKey
	earn       []float64 // Earnings1Yr, NaN where unknown
	completers []int32   // -1 where unknown
	payback    []float64 // years for a student from another state (Index.paybackOf), NaN where none

	// blocks[i] is the first entry of block i; a last element closes the
	// last block.
	blocks []uint32
}

const (
	lvRelated = 1
	lvStrong  = 2
)

// blockKey returns, from a career program's packed codes, those that the
// programs of its block share (quickMask.ofBlock reads them): level,
// award, delivery, control and kind of duration, in 10 bits.
func blockKey(pk uint64) uint64 {
	return pk>>shAward&15 | (pk>>shDelivery&1)<<4 | (pk>>shControl&3)<<5 | (pk>>shOwnDur&1)<<7 | (pk>>shLevel&3)<<8
}

// newCareerIndex scores every (CIP, award, concentration) class for the
// career, once, and lays out the columns of its strong and related
// programs.
func (ix *Index) newCareerIndex(model *relevance.Rule, slug string) *careerIndex {
	ci := &careerIndex{byCls: make([]uint8, len(ix.classes)), scores: make([]float64, len(ix.classes))}
	for k, c := range ix.classes {
		level, score := model.ScoreConcentration(slug, ix.cips[c.cip], ix.concs[c.conc], awardCode(c.award))
		ci.scores[k] = score
		ci.byCls[k] = levelCode(level)
	}
	ix.scoreOverridden(model, slug, ci)
	ix.layOut(ci)
	return ci
}

// layOut lays out the columns of a career's strong and related programs
// from its levels and scores by class.
func (ix *Index) layOut(ci *careerIndex) {
	// Sort the programs by block, then program: keys are a compact block
	// key above the program, so that a plain sort of integers does it.
	var keys []uint64
	for d, cl := range ix.class {
		if lv := ci.byCls[cl]; lv != 0 {
			keys = append(keys, blockKey(ix.packed[d]|uint64(lv)<<shLevel)<<32|uint64(d))
		}
	}
	slices.Sort(keys)
	// Exact capacities: the columns live as long as the index.
	n := len(keys)
	ci.docs, ci.packed, ci.score = make([]uint32, n), make([]uint64, n), make([]float64, n)
	ci.tuition, ci.earn, ci.completers = make([]float64, n), make([]float64, n), make([]int32, n)
	ci.best = make([]float64, n)
	ci.payback = make([]float64, n)
	for i, key := range keys {
		d := uint32(key)
		cl := ix.class[d]
		ci.docs[i] = d
		ci.packed[i] = ix.packed[d] | uint64(ci.byCls[cl])<<shLevel
		ci.score[i] = ci.scores[cl]
		ci.tuition[i] = ix.tuition[d]
		ci.earn[i] = ix.earn1[d]
		ci.completers[i] = ix.completers[d]
		ci.best[i] = careerpath.BestMatchKeyOf(int(ci.byCls[cl]), ci.scores[cl], ix.quality[d])
		ci.payback[i] = ix.paybackOf(d, ix.tuition[d])
		if i == 0 || key>>32 != keys[i-1]>>32 {
			ci.blocks = append(ci.blocks, uint32(i))
		}
	}
	ci.blocks = append(ci.blocks, uint32(n))
	ci.blocks = slices.Clip(ci.blocks)
}

// careerPass is visit for the career's candidates lo to hi. It reads the
// career's columns only, except for the words and distance filters, a
// program with a duration of its own under a duration filter, and the
// sort keys the columns lack.
func (sc *scan) careerPass(lo, hi int) {
	c, q := sc.p.career, sc.p.quick
	// The first block that ends after lo.
	first, _ := slices.BinarySearch(c.blocks[1:], uint32(lo+1))
	for b := first; b < len(c.blocks)-1 && int(c.blocks[b]) < hi; b++ {
		from, to := max(int(c.blocks[b]), lo), min(int(c.blocks[b+1]), hi)
		codes := c.packed[from]
		m := q.ofBlock(codes)
		if m&(m-1) != 0 {
			continue // every program of the block fails two filters: none counts
		}
		if sc.p.resident >= 0 && codes>>shControl&3 == uint64(careerpath.ControlPublic) {
			// In-state tuition and payback for some, which the columns lack.
			for _, d := range c.docs[from:to] {
				sc.visit(d, sc.textQuality(d))
			}
			continue
		}
		for base := from; base < to; base += len(sc.masks) {
			end := min(base+len(sc.masks), to)
			rest := sc.rest(base, end, codes)
			if m != 0 {
				// Every program of the block fails one filter, the same:
				// those that pass the others count in its facet, under the
				// block's code (a block's duration bucket is its award
				// level's, or ofBlock does not find it failing duration).
				fb := bits.TrailingZeros16(m)
				sc.counts[fb][facetCode(fb, codes)] += zeros(rest)
			} else {
				sc.matchChunk(base, rest)
			}
		}
	}
}

// rest returns the filters that each of the career's programs base to
// end fails outside its block's codes. It evaluates one filter at a time
// over the chunk, reading only the columns of the active filters, in
// loops without branches on the data.
func (sc *scan) rest(base, end int, codes uint64) []uint16 {
	p, c, q := sc.p, sc.p.career, sc.p.quick
	ms := sc.masks[:end-base]
	if p.act&(1<<fState|1<<fCountry) != 0 {
		for j, pk := range c.packed[base:end] {
			ms[j] = q.ofPlace(pk)
		}
	} else {
		clear(ms)
	}
	if p.act&(1<<fTuition) != 0 {
		for j, v := range c.tuition[base:end] {
			ms[j] |= outside(v, p.tuiMin, p.tuiMax) << fTuition
		}
	}
	if p.act&(1<<fEarnings) != 0 {
		for j, v := range c.earn[base:end] {
			ms[j] |= outside(v, p.earnMin, p.earnMax) << fEarnings
		}
	}
	if p.act&(1<<fCompleters) != 0 {
		for j, v := range c.completers[base:end] {
			if v < p.complMin {
				ms[j] |= 1 << fCompleters
			}
		}
	}
	if codes&(1<<shOwnDur) != 0 && p.act&(1<<fDuration) != 0 {
		for j, d := range c.docs[base:end] {
			ms[j] |= p.ownDurationFails(sc.ix.dur[d])
		}
	}
	if !math.IsInf(p.paybackMax, 1) {
		for j, v := range c.payback[base:end] {
			if !(v <= p.paybackMax) {
				ms[j] = ^uint16(0) // the payback filter is not a facet: counts nowhere
			}
		}
	}
	if sc.textSet != nil || p.within != nil {
		for j, d := range c.docs[base:end] {
			if !sc.passes(d) {
				ms[j] = ^uint16(0) // not a candidate: counts nowhere
			}
		}
	}
	return ms
}

// zeros returns how many of ms are 0.
func zeros(ms []uint16) int32 {
	var n int32
	for _, m := range ms {
		if m == 0 {
			n++
		}
	}
	return n
}

// matchChunk counts the career's programs from base on, of a block whose
// codes pass every filter, that fail rest outside the block's codes, and
// offers the matches to the page. The facets of the block's codes are
// counted at once for the chunk.
func (sc *scan) matchChunk(base int, rest []uint16) {
	c, cnt := sc.p.career, &sc.counts
	packed := c.packed[base : base+len(rest)]
	matched := sc.matched[:0]
	for j, m := range rest {
		if m == 0 {
			matched = append(matched, uint16(j))
		} else if m&(m-1) == 0 {
			fb := bits.TrailingZeros16(m)
			cnt[fb][facetCode(fb, packed[j])]++
		}
	}
	for _, j := range matched {
		cnt.addRest(packed[j])
	}
	sc.total += len(matched)
	cnt.addBlock(packed[0], int32(len(matched)))

	switch sc.colKey {
	case keyScore:
		offerColumn(sc, c.score, base, matched)
	case keyTuition:
		offerColumn(sc, c.tuition, base, matched)
	case keyEarnings:
		offerColumn(sc, c.earn, base, matched)
	case keyCompleters:
		offerColumn(sc, c.completers, base, matched)
	case keyBest:
		offerColumn(sc, c.best, base, matched)
	case keyPayback:
		offerColumn(sc, c.payback, base, matched)
	default:
		for _, j := range matched {
			i := base + int(j)
			d := c.docs[i]
			sc.offer(sc.key(d, uint8(packed[j]>>shLevel&3), c.tuition[i], c.score[i], sc.textQuality(d)))
		}
	}
}

// offerColumn offers the matches to the page, with col, a column of the
// career, as their sort key: scan.sortKey without leaving the columns.
func offerColumn[T float64 | int32](sc *scan, col []T, base int, matched []uint16) {
	docs, t := sc.p.career.docs, &sc.top
	for _, j := range matched {
		i := base + int(j)
		h := keyed(docs[i], float64(col[i]), sc.desc)
		if sc.deep {
			sc.all = append(sc.all, h)
		} else if len(t.h) < t.k || less(&h, &t.h[0]) {
			t.offer(h)
		}
	}
}

// Sort keys that the career columns hold.
const (
	keyOther = iota
	keyScore
	keyTuition
	keyEarnings
	keyCompleters
	keyBest
	keyPayback
)

// careerKeyOf returns the column of the career that holds the sort key.
func careerKeyOf(sortBy string) int {
	switch sortBy {
	case careerpath.SortBest:
		return keyBest
	case careerpath.SortRelevanceScore:
		return keyScore
	case careerpath.SortTuition:
		return keyTuition
	case careerpath.SortEarnings:
		return keyEarnings
	case careerpath.SortCompleters:
		return keyCompleters
	case careerpath.SortPayback:
		return keyPayback
	}
	return keyOther
}
