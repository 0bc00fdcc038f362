package classify

import (
	"fmt"
	"slices"
	"strconv"
	"sync"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/relevance"
)

// reasonCache keeps the reasons Assess gives, so that classifying an
// entry does not format them again: the relevance of a field to a career
// at an award level (relevance.Rule.OfConcentration, a pure function of
// the rule and its arguments), and the texts that carry a percentage,
// keyed by the percentage as printed. Each map is cleared when it reaches
// maxCachedReasons, so memory stays bounded whatever the input; the
// relevances belong to one rule and are dropped when another is asked
// for. The cached reason slices are never handed out: assessResult copies
// them.
type reasonCache struct {
	mu     sync.RWMutex
	rel    *relevance.Rule
	fields map[fieldKey]careerpath.Relevance
	texts  map[textKey]string
}

type fieldKey struct {
	career, cip, conc string
	award             int
}

// textKey is a reason text: its kind, the title and code it names, and
// the percentage it prints.
type textKey struct {
	kind       reasonKind
	title, cip string
	pct        int
}

type reasonKind uint8

const (
	reasonPredicted    reasonKind = iota // "Field of study predicted from the name: …"
	reasonUnknownWords                   // "Most words of the program name are unknown …"
	reasonUnclear                        // "The field of study is not clear …"
)

// maxCachedReasons bounds each map of the reason cache (a few MB at most).
const maxCachedReasons = 1 << 13

var reasons = reasonCache{fields: map[fieldKey]careerpath.Relevance{}, texts: map[textKey]string{}}

// of returns rel.OfConcentration(career, cip, conc, award), whose Reasons
// the caller must not modify.
func (c *reasonCache) of(rel *relevance.Rule, career, cip, conc string, award int) careerpath.Relevance {
	k := fieldKey{career, cip, conc, award}
	c.mu.RLock()
	r, ok := c.fields[k]
	ok = ok && c.rel == rel
	c.mu.RUnlock()
	if ok {
		return r
	}
	r = rel.OfConcentration(career, cip, conc, award)
	r.Reasons = slices.Clip(r.Reasons)
	c.mu.Lock()
	if c.rel != rel || len(c.fields) >= maxCachedReasons {
		clear(c.fields)
		c.rel = rel
	}
	c.fields[k] = r
	c.mu.Unlock()
	return r
}

// text returns the reason of the kind for a title, a code and a
// percentage x (printed with no decimals).
func (c *reasonCache) text(kind reasonKind, title, cip string, x float64) string {
	// Two values print alike exactly when strconv's digits are the same:
	// fmt's %.0f is strconv.AppendFloat(x, 'f', 0, 64).
	var buf [24]byte
	digits := strconv.AppendFloat(buf[:0], x, 'f', 0, 64)
	pct := 0
	for _, d := range digits {
		if d < '0' || d > '9' || pct > 1e9 {
			return formatReason(kind, title, cip, x) // NaN, ±Inf, negative or huge: never cached
		}
		pct = pct*10 + int(d-'0')
	}
	k := textKey{kind, title, cip, pct}
	c.mu.RLock()
	s, ok := c.texts[k]
	c.mu.RUnlock()
	if ok {
		return s
	}
	s = formatReason(kind, title, cip, x)
	c.mu.Lock()
	if len(c.texts) >= maxCachedReasons {
		clear(c.texts)
	}
	c.texts[k] = s
	c.mu.Unlock()
	return s
}

func formatReason(kind reasonKind, title, cip string, x float64) string {
	switch kind {
	case reasonUnknownWords:
		return fmt.Sprintf("Most words of the program name are unknown to the model (%.0f%% known): the field of study is not clear.", x)
	case reasonUnclear:
		return fmt.Sprintf("The field of study is not clear from the program name (best guess %s, %.0f%% likely).", title, x)
	}
	return fmt.Sprintf("Field of study predicted from the name: %s (CIP %s), %.0f%% likely.", title, cip, x)
}
