package search

import (
	"container/list"
	"sync"
	"unsafe"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/relevance"
)

// Careers built on first request.
//
// Build lays out the columns of every career its model knows (the edited
// guides) at once. The careers generated from every occupation, about 830,
// would cost as much each (BenchmarkLazyCareers): about 230 KB of
// columns and levels and scores by (CIP, award) class per career on the
// real catalog, 190 MB for all, and 760 KB at 2 million programs, 630 MB
// for all; most are never asked for. An index made by WithCareerModels
// builds such a career's columns on its first query instead, with the
// relevance rule the CareerModels give, and keeps them in a cache shared
// by the index and the indexes WithOverrides derives from it:
//
//   - The cache is bounded by memory: the bytes of the columns it holds
//     (careerIndex.bytes, the capacity of every slice) stay at most its
//     budget. Adding a career evicts the least recently used ones until
//     the new one fits; a career larger than the whole budget is built for
//     its query and not kept. Queries in flight keep the columns they
//     read, so the heap can hold one career per concurrent cold query
//     beyond the budget, briefly.
//   - Concurrent first queries of a career build it once: the others wait.
//   - Entries are keyed by career and by the overrides of the index that
//     built them (nil for the base), since an index with overrides scores
//     its overridden programs differently; an editor's decision makes a
//     new index, whose careers are built afresh, and the old entries age
//     out of the cache as nothing reads them.
//   - A failed build (the careers are still being prepared) is not kept.
//
// The eight edited careers stay eager: their first query is the common
// one, and their cost is what the index has always had.

// CareerModels returns a relevance rule that knows the career slug, for
// a career the index does not hold at build: an error with code
// ENOTFOUND when there is no such career, EUNAVAILABLE while the careers
// are being prepared. It is called on every query of such a career, and
// must be cheap and safe for concurrent use.
type CareerModels func(slug string) (*relevance.Rule, error)

// DefaultCareerCacheBytes is the budget a server gives the cache of
// careers built on first request: 64 MiB, the columns of about 280
// careers on the real catalog and 86 at 2 million programs
// (BenchmarkLazyCareers).
const DefaultCareerCacheBytes = 64 << 20

// CareerCacheStats says what the cache of careers built on first request
// holds and has done.
type CareerCacheStats struct {
	Careers   int   // held
	Bytes     int64 // of the columns held
	Budget    int64
	Hits      int64 // queries that found their career built
	Misses    int64 // queries that built it (or waited for its build)
	Evictions int64
}

// WithCareerModels returns an index answering as ix, that also answers
// queries of the careers models knows and ix does not hold, building each
// on its first query and keeping at most budget bytes of them (see
// above). The indexes WithOverrides derives from it share its cache. ix
// is not changed.
func (ix *Index) WithCareerModels(models CareerModels, budget int64) *Index {
	out := new(Index)
	*out = *ix
	out.lazy = &lazyCareers{models: models, budget: budget, entries: map[lazyKey]*lazyEntry{}}
	return out
}

// CareerCacheStats returns the state of the cache of careers built on
// first request; zero for an index without one.
func (ix *Index) CareerCacheStats() CareerCacheStats {
	if ix.lazy == nil {
		return CareerCacheStats{}
	}
	l := ix.lazy
	l.mu.Lock()
	defer l.mu.Unlock()
	st := l.stats
	st.Careers, st.Bytes, st.Budget = l.lru.Len(), l.bytes, l.budget
	return st
}

// careerOf returns the columns of a career for a query: the eager ones,
// or those built on first request.
func (ix *Index) careerOf(slug string) (*careerIndex, error) {
	if ci := ix.careers[slug]; ci != nil {
		return ci, nil
	}
	if ix.lazy == nil {
		return nil, noCareer(slug)
	}
	return ix.lazy.get(ix, slug)
}

// modelOf returns the relevance rule that knows the career: the index's,
// or the one CareerModels gives. A career neither knows gets the index's,
// which finds it none.
func (ix *Index) modelOf(slug string) *relevance.Rule {
	if ix.careers[slug] != nil || ix.lazy == nil {
		return ix.model
	}
	if m, err := ix.lazy.models(slug); err == nil {
		return m
	}
	return ix.model
}

// knowsCareer returns nil if the index answers queries of the career,
// without building it.
func (ix *Index) knowsCareer(slug string) error {
	if ix.careers[slug] != nil {
		return nil
	}
	if ix.lazy == nil {
		return noCareer(slug)
	}
	_, err := ix.lazy.model(slug)
	return err
}

func noCareer(slug string) error {
	return careerpath.Errorf(careerpath.EINVALID, "career: there is no career %q.", slug)
}

// scoreOverridden sets, in the career's levels and scores by class, those
// of the classes an overridden program has to itself (WithOverrides), with
// the overrides: nothing to do on an index without overrides. Build's
// careers are derived by WithOverrides instead; those built on first
// request go through it.
func (ix *Index) scoreOverridden(model *relevance.Rule, slug string, ci *careerIndex) {
	if ix.base == nil || len(ix.classes) == len(ix.base.classes) {
		return
	}
	first := uint16(len(ix.base.classes))
	for d, cl := range ix.class {
		if cl < first {
			continue
		}
		c := ix.classes[cl]
		level, score, _ := model.ScoreOverridden(ix.overrides, ix.ids[d], slug, ix.cips[c.cip], ix.concs[c.conc], awardCode(c.award))
		ci.byCls[cl], ci.scores[cl] = levelCode(level), score
	}
}

// bytes returns the memory the career's columns hold.
func (c *careerIndex) bytes() int64 {
	return int64(unsafe.Sizeof(*c)) + sliceBytes(c.byCls) + sliceBytes(c.scores) + sliceBytes(c.docs) + sliceBytes(c.packed) +
		sliceBytes(c.score) + sliceBytes(c.tuition) + sliceBytes(c.best) + sliceBytes(c.earn) + sliceBytes(c.completers) +
		sliceBytes(c.payback) + sliceBytes(c.blocks)
}

func sliceBytes[T any](s []T) int64 {
	var zero T
	return int64(cap(s)) * int64(unsafe.Sizeof(zero))
}

// lazyCareers is the cache of careers built on first request, least
// recently used last.
type lazyCareers struct {
	models CareerModels
	budget int64

	mu      sync.Mutex
	entries map[lazyKey]*lazyEntry // held, or being built
	lru     list.List              // of *lazyEntry, held ones, most recently used first
	bytes   int64
	stats   CareerCacheStats
}

type lazyKey struct {
	overrides *careerpath.Overrides
	slug      string
}

type lazyEntry struct {
	key   lazyKey
	done  chan struct{} // closed once ci or err is set
	ci    *careerIndex
	err   error
	bytes int64
	elem  *list.Element // nil unless held
}

// model returns the career's model, with the errors of a query.
func (l *lazyCareers) model(slug string) (*relevance.Rule, error) {
	m, err := l.models(slug)
	if careerpath.ErrorCode(err) == careerpath.ENOTFOUND {
		return nil, noCareer(slug)
	}
	return m, err
}

// get returns the career's columns in ix, building them on a miss.
func (l *lazyCareers) get(ix *Index, slug string) (*careerIndex, error) {
	key := lazyKey{ix.overrides, slug}
	l.mu.Lock()
	if e := l.entries[key]; e != nil {
		if e.elem != nil {
			l.lru.MoveToFront(e.elem)
			l.stats.Hits++
		} else {
			l.stats.Misses++ // being built: wait for it
		}
		l.mu.Unlock()
		<-e.done
		return e.ci, e.err
	}
	e := &lazyEntry{key: key, done: make(chan struct{})}
	l.entries[key] = e
	l.stats.Misses++
	l.mu.Unlock()

	model, err := l.model(slug)
	if err == nil {
		e.ci = ix.newCareerIndex(model, slug)
		e.bytes = e.ci.bytes()
	}
	e.err = err

	l.mu.Lock()
	if err != nil || e.bytes > l.budget {
		delete(l.entries, key) // not kept: the next query tries again
	} else {
		for l.bytes+e.bytes > l.budget {
			l.evict(l.lru.Back().Value.(*lazyEntry))
		}
		e.elem = l.lru.PushFront(e)
		l.bytes += e.bytes
	}
	l.mu.Unlock()
	close(e.done)
	return e.ci, e.err
}

// evict drops a held entry; l.mu is held.
func (l *lazyCareers) evict(e *lazyEntry) {
	l.lru.Remove(e.elem)
	delete(l.entries, e.key)
	l.bytes -= e.bytes
	l.stats.Evictions++
}
