package classify

import "sync"

// textBuf holds the buffers of reading one catalog entry (tokens,
// splitName, analyze), so that Predict, which takes one from textPool for
// each entry, allocates none of them: what the reading returns (tokens,
// fields, concentrations) lives in these buffers and is valid until the
// buffer is reset by the next reading. A zero textBuf works, allocating
// as it goes; the public functions (Analyze, DegreeOf) use a fresh one, so
// that what they return belongs to the caller.
type textBuf struct {
	// toks is an arena of tokens: every reading appends its words at the
	// end and returns the run it appended, capped, so that later appends
	// never overwrite what an earlier step returned.
	toks []string
	// word is the word being read by tokens.
	word []byte
	// cur and br are splitName's text outside and inside brackets; parts
	// and brs its parts as runs of them.
	cur, br    []byte
	parts, brs []span
	quals      [][]byte
	// concs backs Analysis.Concentrations.
	concs [][]string
	// joined is awardLevel's "degree program".
	joined []byte
	// words interns the words read, so that a word costs a string once
	// per buffer rather than once per entry (nil: no interning).
	words map[string]string
}

// span is a run [lo, hi) of one of splitName's buffers.
type span struct{ lo, hi int }

// maxInterned bounds the words a pooled buffer interns, so that unusual
// input cannot grow it without bound; words beyond are allocated each
// time.
const maxInterned = 1 << 12

// textPool holds the buffers of Predict and of the degree readings of
// Assess.
var textPool = sync.Pool{New: func() any {
	return &textBuf{words: make(map[string]string), concs: make([][]string, 0, maxConcentrations)}
}}

func getTextBuf() *textBuf { tb := textPool.Get().(*textBuf); tb.reset(); return tb }

func putTextBuf(tb *textBuf) { textPool.Put(tb) }

// reset empties the buffers for the next reading, keeping their memory.
func (tb *textBuf) reset() {
	tb.toks, tb.word, tb.cur, tb.br = tb.toks[:0], tb.word[:0], tb.cur[:0], tb.br[:0]
	tb.parts, tb.brs, tb.quals, tb.concs, tb.joined = tb.parts[:0], tb.brs[:0], tb.quals[:0], tb.concs[:0], tb.joined[:0]
}

// intern returns b as a string, the same string for the same word while
// the buffer lives.
func (tb *textBuf) intern(b []byte) string {
	if tb.words == nil {
		return string(b)
	}
	if s, ok := tb.words[string(b)]; ok {
		return s
	}
	s := string(b)
	if len(tb.words) < maxInterned {
		tb.words[s] = s
	}
	return s
}

// since returns the tokens appended to the arena since mark, capped.
func (tb *textBuf) since(mark int) []string {
	return tb.toks[mark:len(tb.toks):len(tb.toks)]
}
