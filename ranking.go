package careerpath

import "math"

// Best match, the finder's default order (SortBest), in one place. Pages
// show BestMatchSentence beside the sort, and the formula is here:
//
//	key     = 10·level + 5·score + quality
//	level   = 2 strong, 1 related, 0 without a career
//	score   = the career's relevance score (0 to 1), 0 without a career
//	quality = 0.7·size + 0.3·outcome − 1 if the program had 0 completers in 2024
//	size    = min(log10(1 + completers) / 3, 1)          (1,000 a year is full marks)
//	outcome = min(earnings 1 year after / $100,000, 1)    (0.5 where not reported)
//
// Level comes first (quality is within [−1, 1], below one level's 10),
// and a score differing by 0.4 or more outweighs any quality: the field of
// study decides, then the program's size and outcomes break the ties a
// crosswalk leaves (most strong matches share score 1). A program with no
// completers last year loses a whole point: a list should not open with
// programs that graduated nobody. Catalog programs report no completers:
// size 0, no penalty.
//
// A free-text query ranks by match quality first (see search), then by
// this key. The first results are diversified (Diversify): no institution
// more than BestMatchPerWindow times in any BestMatchWindow consecutive
// results, except when the query names an institution.
//
// The control arm of a ranking experiment is SortRelevanceScore, the order
// before best match (score alone, completers without a career).

// BestMatchSentence says the default order to users.
const BestMatchSentence = "Best match: the strongest fit for the career first, then larger programs with better earnings where reported; programs that graduated no one last year come last, and no school appears more than twice in any ten results."

// Diversity of the best-match order.
const (
	BestMatchWindow    = 10
	BestMatchPerWindow = 2
)

// BestMatchKey returns the best-match sort key of a program (higher is
// better): level 2 strong, 1 related, 0 without a career; earnings NaN
// where not reported; completers negative where not reported.
func BestMatchKey(level int, score, earnings1Yr float64, completers int) float64 {
	return BestMatchKeyOf(level, score, BestMatchQuality(earnings1Yr, completers))
}

// BestMatchKeyOf is BestMatchKey from the program's BestMatchQuality.
func BestMatchKeyOf(level int, score, quality float64) float64 {
	return 10*float64(level) + 5*score + quality
}

// BestMatchQuality is the quality term of BestMatchKey: size and
// outcomes, less the penalty for no completers. An index keeps it per
// program, so that a query adds the career's part alone.
func BestMatchQuality(earnings1Yr float64, completers int) float64 {
	size := 0.0
	if completers > 0 {
		size = min(math.Log10(1+float64(completers))/3, 1)
	}
	outcome := 0.5
	if !math.IsNaN(earnings1Yr) {
		outcome = min(max(earnings1Yr/100_000, 0), 1)
	}
	quality := 0.7*size + 0.3*outcome
	if completers == 0 {
		quality--
	}
	return quality
}

// Diversify reorders n results, best first, so that no group (an
// institution) appears more than BestMatchPerWindow times in any
// BestMatchWindow consecutive results, keeping the order otherwise: each
// place takes the best remaining result whose group has room, or the best
// remaining one when none has. group(i) is the group of result i; the
// returned slice holds indexes into the results.
func Diversify(n int, group func(i int) uint32) []int {
	out := make([]int, 0, n)
	used := make([]bool, n)
	first := 0 // results before first are all placed
	for len(out) < n {
		for used[first] {
			first++
		}
		pick := -1
		for i := first; i < n; i++ {
			if used[i] {
				continue
			}
			g, seen := group(i), 0
			for _, j := range out[max(0, len(out)-(BestMatchWindow-1)):] {
				if group(j) == g {
					seen++
				}
			}
			if seen < BestMatchPerWindow {
				pick = i
				break
			}
		}
		if pick < 0 {
			pick = first
		}
		used[pick] = true
		out = append(out, pick)
	}
	return out
}
