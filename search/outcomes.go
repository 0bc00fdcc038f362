package search

import (
	"math"
	"sync"

	"github.com/careerpath/careerpath/relevance"
)

// The relevance-outcomes ranking (careerpath.SortOutcomes), the variant
// finder experiments test against plain relevance. It keeps relevance
// levels in order — a strong match never falls below a related one, since
// outcomes do not make a field of study prepare for a career — and within
// a level blends the career score with the program's outcomes:
//
//	key     = level + (1 − OutcomeWeight)·score + OutcomeWeight·outcome
//	level   = 1 for strong (score ≥ relevance.StrongAt), 0 otherwise
//	outcome = 0.6·E + 0.4·C
//	E       = clamp(earnings 1 year after / $100,000, 0, 1); 0.5 when not reported
//	C       = clamp(log10(1 + completers) / 3, 0, 1); 0 when not reported (catalogs)
//
// Most programs have no Scorecard earnings: counting them as 0 would push
// every certificate below every bachelor's, so they get the middle of the
// scale and are ranked on relevance and completers. Completers go on a log
// scale, 1,000 a year being full marks, so that size helps without
// swamping. Without a career the key is the outcome alone (plain
// relevance is completers there).

// OutcomeWeight is the share of the outcome in the blended key.
const OutcomeWeight = 0.3

// OutcomeScore returns the outcome of a program from its earnings one year
// after (NaN when not reported) and its completers (negative when not
// reported), in [0, 1].
func OutcomeScore(earnings1Yr float64, completers int) float64 {
	e := 0.5
	if !math.IsNaN(earnings1Yr) {
		e = min(max(earnings1Yr/100_000, 0), 1)
	}
	c := 0.0
	if completers > 0 {
		c = min(math.Log10(1+float64(completers))/3, 1)
	}
	return 0.6*e + 0.4*c
}

// OutcomeKey returns the relevance-outcomes sort key of a program with the
// career score (ignored when career is false).
func OutcomeKey(score, outcome float64, career bool) float64 {
	if !career {
		return outcome
	}
	level := 0.0
	if score >= relevance.StrongAt {
		level = 1
	}
	return level + (1-OutcomeWeight)*score + OutcomeWeight*outcome
}

// lazyOutcomes holds every program's OutcomeScore, computed at the first
// relevance-outcomes query of an index: only experiments use the ranking,
// and a logarithm per candidate per query cost a third of a career query.
type lazyOutcomes struct {
	once sync.Once
	v    []float64
}

func (ix *Index) outcomeKey(d uint32, career bool, score float64) float64 {
	o := ix.outcomes
	o.once.Do(func() {
		o.v = make([]float64, len(ix.ids))
		for i := range o.v {
			o.v[i] = OutcomeScore(ix.earn1[i], int(ix.completers[i]))
		}
	})
	return OutcomeKey(score, o.v[d], career)
}
