package search

import (
	"math"
	"math/bits"
	"slices"
	"strings"
	"sync"
	"unicode"

	careerpath "github.com/careerpath/careerpath"
)

// Free-text search: what a student types, read as words of program and
// institution names, names institutions go by, fields of study, and words
// that mean a filter.
//
// A query is read left to right (Index.readQuery):
//
//   - Words that mean a filter ("online", "masters", "MS", "phd",
//     "certificate", "bachelor's", a state's name, a postal code typed in
//     capitals) set that filter, unless the URL sets it already, and are
//     not searched as text. A state name right after "of" or "at", or
//     before "university", "college", "state"… is part of a name, not a
//     filter.
//   - A run of words that is an institution's alias (IPEDS IALIAS, or the
//     stem of its web address: www.gatech.edu → "gatech") matches that
//     institution's programs, or the words as text; a phrase that more
//     than maxAliasInsts institutions' names hold as a word is no alias.
//   - Every other word matches its exact term in the names' dictionary, or
//     terms within its typo budget (none below 5 letters, 1 from 5, 2 from
//     9; edit distance with a swap of neighbours as one edit), or, for the last word and any word of 3
//     letters or more without an exact term, the terms it starts.
//   - The words searched as text are also read as a field of study by the
//     Topics guesser (the classifier): programs in the fields it
//     names with probability minTopic or more match too.
//
// Every word is a group of alternatives (terms, alias institutions, topic
// fields); a program matches when it is in some alternative of every
// group. Its match quality is the sum over groups of its best
// alternative's quality: alias 4, exact term 3, topic 2 + 0.9·probability,
// prefix 1 + 0.5·c, typo 1 − 0.25·distance + 0.2·c, where c is how
// common the term is (log(1 + its programs) / log(1 + all programs)): a
// half-typed or misspelt word more likely means a common word than a rare
// one ("sci" is science before Scioto).
// Best match ranks text matches by quality, then by
// careerpath.BestMatchKey.

// Qualities of the alternatives of a word.
const (
	qAlias = 4
	qExact = 3
	qTopic = 2
	qLoose = 1 // prefix and typo
)

// Limits of a query.
const (
	maxQueryWords = 32  // words read; the rest are ignored
	maxExpansions = 64  // terms a word may stand for by prefix or typo
	maxAliasWords = 6   // longest alias phrase
	maxAliasInsts = 20  // a word held by more institutions' names is no alias
	minTopic      = 0.2 // least probability of a topic field
	maxTopics     = 3
)

// Topic is a field of study a text may mean, with the guesser's
// probability.
type Topic struct {
	CIP         string
	Title       string
	Probability float64
}

// Topics reads a text as fields of study, most likely first; the
// classifier does (see cmd/careerpath). It must be safe for
// concurrent use.
type Topics func(text string) []Topic

// textIndex is what free-text search reads beside the postings.
type textIndex struct {
	terms    []string // the postings' keys, sorted
	masks    []uint32 // letters of each term, a bit per letter a–z
	aliases  map[string][]uint32
	cipDocs  [][]uint32 // programs by CIP index
	instName []bool     // terms of institution names, by term index
	// Bitmaps over the programs of the terms and fields that hold more
	// than 1/bitmapShare of them: a query tests its candidates against
	// them bit by bit instead of merging long lists.
	termBits map[string][]uint64
	cipBits  [][]uint64
}

const bitmapShare = 64

// bitmapOf returns the bitmap of docs, of n programs, if they are more
// than n/bitmapShare; nil otherwise. It holds whole blocks of matchGroups.
func bitmapOf(docs []uint32, n int) []uint64 {
	if n < 1<<16 || len(docs) < n/bitmapShare {
		return nil
	}
	b := make([]uint64, (n+1<<blockShift-1)>>blockShift*blockWords)
	for _, d := range docs {
		b[d/64] |= 1 << (d % 64)
	}
	return b
}

// buildText fills the text index once the postings are complete.
func (ix *Index) buildText() {
	t := &ix.text
	t.terms = make([]string, 0, len(ix.postings))
	for w := range ix.postings {
		t.terms = append(t.terms, w)
	}
	slices.Sort(t.terms)
	t.masks = make([]uint32, len(t.terms))
	for i, w := range t.terms {
		t.masks[i] = letterMask(w)
	}
	t.cipDocs = make([][]uint32, len(ix.cips))
	for d, c := range ix.cip {
		t.cipDocs[c] = append(t.cipDocs[c], uint32(d))
	}
	n := len(ix.ids)
	t.termBits, t.cipBits = map[string][]uint64{}, make([][]uint64, len(ix.cips))
	for w, l := range ix.postings {
		if b := bitmapOf(l, n); b != nil {
			t.termBits[w] = b
		}
	}
	for c, l := range t.cipDocs {
		t.cipBits[c] = bitmapOf(l, n)
	}
	// How many institutions' names hold each word, to leave out aliases
	// that are common words.
	held := map[string]int{}
	for _, in := range ix.insts {
		for _, w := range uniqueWords(in.Name) {
			held[w]++
		}
	}
	t.aliases = map[string][]uint32{}
	add := func(phrase string, i uint32) {
		words := careerpath.Tokenize(phrase)
		if len(words) == 0 || len(words) > maxAliasWords || len(words) == 1 && held[words[0]] > maxAliasInsts {
			return
		}
		key := strings.Join(words, " ")
		if l := t.aliases[key]; len(l) == 0 || l[len(l)-1] != i {
			t.aliases[key] = append(l, i)
		}
	}
	for i, in := range ix.insts {
		if len(ix.instDocs[i]) == 0 {
			continue
		}
		for _, a := range in.Aliases {
			add(a, uint32(i))
		}
		if s := webStem(in.Web); s != "" {
			add(s, uint32(i))
		}
	}
}

func uniqueWords(s string) []string {
	var out []string
	for _, w := range careerpath.Tokenize(s) {
		out = appendNew(out, w)
	}
	return out
}

// webStem returns the name of an institution's web address without
// scheme, subdomains and top-level domain: "www.gatech.edu/" → "gatech",
// "https://www.utexas.edu/" → "utexas", "web.mit.edu" → "mit".
func webStem(web string) string {
	host := strings.ToLower(strings.TrimSpace(web))
	if i := strings.Index(host, "://"); i >= 0 {
		host = host[i+3:]
	}
	if i := strings.IndexAny(host, "/?#:"); i >= 0 {
		host = host[:i]
	}
	labels := strings.Split(host, ".")
	if len(labels) < 2 {
		return ""
	}
	stem := labels[len(labels)-2]
	// Country domains: "uni.ac.uk" names "uni".
	if len(labels) >= 3 && (stem == "ac" || stem == "edu" || stem == "co") {
		stem = labels[len(labels)-3]
	}
	if len(stem) < 2 {
		return ""
	}
	return stem
}

// letterMask returns a bit per letter a–z the word holds.
func letterMask(w string) uint32 {
	var m uint32
	for i := 0; i < len(w); i++ {
		if c := w[i]; c >= 'a' && c <= 'z' {
			m |= 1 << (c - 'a')
		}
	}
	return m
}

// typoBudget returns the edits a word of n letters may have.
func typoBudget(n int) int {
	switch {
	case n >= 9:
		return 2
	case n >= 5:
		return 1
	}
	return 0
}

// alt is one alternative of a word: the programs it matches, sorted, and
// their quality.
type alt struct {
	docs    []uint32
	bits    []uint64 // docs as a bitmap, for long lists; else nil
	quality float32
	term    string   // the term, "" for aliases and topics
	insts   []uint32 // an alias's institutions
	cip     string   // a topic's field
}

// group is a word of the query (or a word of an alias phrase) and its
// alternatives.
type group struct {
	word string
	alts []alt
	size int
}

// queryReading is a query as the index read it.
type queryReading struct {
	groups    []group
	none      bool // the query has no word at all: nothing matches
	alias     bool // an alias matched: the query names an institution
	topics    []Topic
	out       careerpath.QueryReading
	textWords []string
}

// Filter words: award levels.
var awardWords = map[string][]int{
	"master": {careerpath.AwardMaster}, "masters": {careerpath.AwardMaster}, "ms": {careerpath.AwardMaster},
	"msc": {careerpath.AwardMaster}, "mtech": {careerpath.AwardMaster},
	"phd": {careerpath.AwardDoctorResearch}, "phds": {careerpath.AwardDoctorResearch},
	"doctorate": {careerpath.AwardDoctorResearch, careerpath.AwardDoctorProfession, careerpath.AwardDoctorOther},
	"doctoral":  {careerpath.AwardDoctorResearch, careerpath.AwardDoctorProfession, careerpath.AwardDoctorOther},
	"bachelor":  {careerpath.AwardBachelor}, "bachelors": {careerpath.AwardBachelor}, "bs": {careerpath.AwardBachelor},
	"bsc": {careerpath.AwardBachelor}, "ba": {careerpath.AwardBachelor},
	"associate": {careerpath.AwardAssociate}, "associates": {careerpath.AwardAssociate},
	"certificate": certificates, "certificates": certificates, "cert": certificates,
}

var certificates = []int{careerpath.AwardCertUnder12Weeks, careerpath.AwardCertUnder1Year, careerpath.AwardCert1To2Years,
	careerpath.AwardCert2To4Years, careerpath.AwardPostbacCert, careerpath.AwardPostMasterCert}

// stopWords are not searched when other words are.
var stopWords = map[string]bool{"of": true, "in": true, "the": true, "and": true, "at": true, "for": true, "a": true,
	"an": true, "on": true, "to": true, "degree": true, "degrees": true, "program": true, "programs": true, "near": true}

// nameWords follow a state's name in institution names.
var nameWords = map[string]bool{"university": true, "college": true, "state": true, "tech": true, "institute": true,
	"community": true, "technical": true, "christian": true, "baptist": true, "methodist": true, "lutheran": true,
	"wesleyan": true, "southern": true, "northern": true, "central": true, "western": true, "eastern": true, "medical": true}

// queryWord is a word of the query and whether it was typed in capitals.
type queryWord struct {
	w     string
	upper bool
}

// splitQuery returns the words of a query, at most maxQueryWords.
func splitQuery(q string) []queryWord {
	var out []queryWord
	for _, field := range strings.Fields(q) {
		upper := strings.ToUpper(field) == field && strings.IndexFunc(field, unicode.IsLetter) >= 0
		for _, w := range careerpath.Tokenize(field) {
			if len(out) == maxQueryWords {
				return out
			}
			out = append(out, queryWord{w, upper})
		}
	}
	return out
}

// readQuery reads f.Query: it sets the filters the query's words stand
// for in f, and returns the groups to match. topics may be nil.
func (ix *Index) readQuery(f *careerpath.ProgramFilter, topics Topics) *queryReading {
	r := &queryReading{}
	words := splitQuery(f.Query)
	r.none = len(words) == 0
	var text []string
	for i := 0; i < len(words); i++ {
		w := words[i].w
		// Filter words, before aliases: "masters" is a web address too.
		if awards, ok := awardWords[w]; ok {
			used := w
			if (w == "master" || w == "bachelor" || w == "associate") && i+1 < len(words) && words[i+1].w == "s" {
				used += "'s"
				i++
			}
			if len(f.Awards) == 0 {
				f.Awards = slices.Clone(awards)
				label := careerpath.FacetLabel(careerpath.FacetAward, careerpath.FacetAwardValue(awards[0]))
				if len(awards) > 1 {
					label = map[bool]string{true: "Certificates", false: "Doctorates"}[awards[0] == certificates[0]]
				}
				r.out.Filters = append(r.out.Filters, careerpath.QueryFilter{Param: "award", Value: joinInts(awards), Label: label, Words: used})
			}
			continue
		}
		if w == "online" || w == "campus" {
			if f.Delivery == "" {
				f.Delivery = map[bool]string{true: careerpath.DeliveryOnline, false: careerpath.DeliveryCampus}[w == "online"]
				r.out.Filters = append(r.out.Filters, careerpath.QueryFilter{Param: "delivery", Value: f.Delivery,
					Label: careerpath.FacetLabel(careerpath.FacetDelivery, f.Delivery), Words: w})
			}
			continue
		}
		// The longest alias phrase starting here.
		if n, insts := ix.aliasAt(words[i:]); n > 0 {
			r.alias = true
			for _, in := range insts {
				r.out.Institutions = appendNew(r.out.Institutions, ix.insts[in].Name)
			}
			var docs []uint32
			for _, in := range insts {
				docs = mergeSorted(docs, ix.instDocs[in])
			}
			for _, qw := range words[i : i+n] {
				g := ix.wordGroup(qw.w, i+n == len(words))
				g.alts = append(g.alts, alt{docs: docs, quality: qAlias, insts: insts})
				r.groups = append(r.groups, g)
			}
			i += n - 1
			continue
		}
		if n, code := ix.stateAt(words, i); n > 0 {
			if len(f.States) == 0 {
				f.States = []string{code}
				phrase := make([]string, n)
				for k := range n {
					phrase[k] = words[i+k].w
				}
				r.out.Filters = append(r.out.Filters, careerpath.QueryFilter{Param: "state", Value: code, Label: code, Words: strings.Join(phrase, " ")})
			}
			i += n - 1
			continue
		}
		text = append(text, w)
	}
	// Stop words go when other words remain.
	kept := text[:0:0]
	for _, w := range text {
		if !stopWords[w] {
			kept = append(kept, w)
		}
	}
	if len(kept) > 0 {
		text = kept
	}
	r.textWords = text
	r.out.Text = strings.Join(text, " ")
	if len(text) > 0 && topics != nil {
		for _, t := range topics(r.out.Text) {
			if t.Probability >= minTopic && len(r.topics) < maxTopics {
				r.topics = append(r.topics, t)
				r.out.Topics = append(r.out.Topics, t.Title)
			}
		}
	}
	var topicAlts []alt
	for _, t := range r.topics {
		if ci, ok := ix.cipIndex(t.CIP); ok {
			topicAlts = append(topicAlts, alt{docs: ix.text.cipDocs[ci], bits: ix.text.cipBits[ci], quality: qTopic + 0.9*float32(t.Probability), cip: t.CIP})
		}
	}
	seen := map[string]bool{}
	for k, w := range text {
		if seen[w] {
			continue // a repeated word adds nothing
		}
		seen[w] = true
		g := ix.wordGroup(w, k == len(text)-1)
		g.alts = append(g.alts, topicAlts...)
		for _, a := range g.alts {
			if a.term != "" && a.term != w && a.quality < qLoose+0.01 {
				if r.out.Corrections == nil {
					r.out.Corrections = map[string]string{}
				}
				r.out.Corrections[w] = a.term
				break
			}
		}
		r.groups = append(r.groups, g)
	}
	for i := range r.groups {
		for _, a := range r.groups[i].alts {
			r.groups[i].size += len(a.docs)
		}
	}
	return r
}

func joinInts(v []int) string {
	var b strings.Builder
	for i, n := range v {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(careerpath.FacetAwardValue(n))
	}
	return b.String()
}

// cipIndex returns the index of a CIP code among the index's.
func (ix *Index) cipIndex(cip string) (uint16, bool) {
	for i, c := range ix.cips {
		if c == cip {
			return uint16(i), true
		}
	}
	return 0, false
}

// aliasAt returns the length of the longest alias phrase that words start
// with, and its institutions.
func (ix *Index) aliasAt(words []queryWord) (int, []uint32) {
	for n := min(len(words), maxAliasWords); n > 0; n-- {
		parts := make([]string, n)
		for k := range n {
			parts[k] = words[k].w
		}
		if insts, ok := ix.text.aliases[strings.Join(parts, " ")]; ok {
			return n, insts
		}
	}
	return 0, nil
}

// stateAt returns how many words from i name a state as a filter, and its
// postal code; 0 when they do not.
func (ix *Index) stateAt(words []queryWord, i int) (int, string) {
	if i > 0 && (words[i-1].w == "of" || words[i-1].w == "at") {
		return 0, ""
	}
	for n := min(len(words)-i, 3); n > 0; n-- {
		parts := make([]string, n)
		for k := range n {
			parts[k] = words[i+k].w
		}
		code, ok := careerpath.USStateCode(strings.Join(parts, " "))
		if !ok && n == 1 && words[i].upper && len(words[i].w) == 2 {
			code = strings.ToUpper(words[i].w)
			_, ok = slices.BinarySearch(ix.states, code)
			ok = ok && awardWords[words[i].w] == nil
		}
		if !ok {
			continue
		}
		if i+n < len(words) && nameWords[words[i+n].w] {
			return 0, ""
		}
		return n, code
	}
	return 0, ""
}

// wordGroup returns the alternatives of a word from the dictionary: its
// exact term, the terms it starts (if it is the last word, or has no
// exact term and 3 letters or more), the terms within its typo budget.
func (ix *Index) wordGroup(w string, last bool) group {
	g := group{word: w}
	t := &ix.text
	if l, ok := ix.postings[w]; ok {
		g.alts = append(g.alts, alt{docs: l, bits: t.termBits[w], quality: qExact, term: w})
	}
	exact := len(g.alts) > 0
	n := len([]rune(w))
	if last || !exact && n >= 3 {
		lo, _ := slices.BinarySearch(t.terms, w)
		for i := lo; i < len(t.terms) && strings.HasPrefix(t.terms[i], w) && len(g.alts) < maxExpansions; i++ {
			if term := t.terms[i]; term != w {
				g.alts = append(g.alts, alt{docs: ix.postings[term], bits: t.termBits[term], quality: qLoose + 0.5*ix.commonness(term), term: term})
			}
		}
	}
	if budget := typoBudget(n); budget > 0 && !exact {
		m := letterMask(w)
		for i, term := range t.terms {
			if len(g.alts) >= maxExpansions {
				break
			}
			if d := len(term) - len(w); d > budget || -d > budget {
				continue
			}
			if bits.OnesCount32(m^t.masks[i]) > 2*budget || strings.HasPrefix(term, w) {
				continue
			}
			if d := editDistance(w, term, budget); d <= budget {
				g.alts = append(g.alts, alt{docs: ix.postings[term], bits: t.termBits[term], quality: qLoose - 0.25*float32(d) + 0.2*ix.commonness(term), term: term})
			}
		}
	}
	return g
}

// commonness returns log(1 + programs holding term) / log(1 + programs).
func (ix *Index) commonness(term string) float32 {
	return float32(math.Log1p(float64(len(ix.postings[term]))) / math.Log1p(float64(len(ix.ids))))
}

// editDistance returns the edit distance of a and b, a swap of two
// neighbouring letters counting as one edit (optimal string alignment),
// or budget+1 when it is above budget. It works on bytes: dictionary
// terms and queries are lower-case, and a non-ASCII letter counts as two
// edits at most, which only makes typos in such words stricter.
func editDistance(a, b string, budget int) int {
	if len(a) > 64 || len(b) > 64 {
		return budget + 1
	}
	var prev2, prev, cur [65]int
	for j := 0; j <= len(b); j++ {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		best := cur[0]
		for j := 1; j <= len(b); j++ {
			c := prev[j-1]
			if a[i-1] != b[j-1] {
				c++
			}
			c = min(c, prev[j]+1, cur[j-1]+1)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				c = min(c, prev2[j-2]+1)
			}
			cur[j] = c
			best = min(best, c)
		}
		if best > budget {
			return budget + 1
		}
		prev2, prev = prev, cur
	}
	return prev[len(b)]
}

// mergeSorted returns the union of two sorted lists.
func mergeSorted(a, b []uint32) []uint32 {
	if len(a) == 0 {
		return b
	}
	out := make([]uint32, 0, len(a)+len(b))
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] < b[j]:
			out = append(out, a[i])
			i++
		case a[i] > b[j]:
			out = append(out, b[j])
			j++
		default:
			out = append(out, a[i])
			i, j = i+1, j+1
		}
	}
	return append(append(out, a[i:]...), b[j:]...)
}

// qualityCode quantises a quality (below 5.1) to a byte, and back: a
// word's quality counts in steps of 1/50, so that close alternatives tie
// and the default order decides.
// qualityOf reads a sum of codes.
func qualityCode(q float32) uint8 { return uint8(q*50 + 0.5) }
func qualityOf(c uint16) float32  { return float32(c) / 50 }

// Blocks of matchGroups: programs are matched 1,024 at a time, as 16
// words of bits.
const (
	blockShift = 10
	blockWords = 1 << blockShift / 64
)

// cursor is an alternative as matchBlocks walks it, block by block.
type cursor struct {
	docs  []uint32
	bits  []uint64 // the alternative's bitmap, nil for a list
	pos   int      // in docs: the first program not in an earlier block
	code  uint8    // qualityCode of the alternative
	none  bool     // no program in the current block
	dirty bool     // own has bits set
	// cur is the alternative's programs in the current block, in bits
	// or in own.
	cur *[blockWords]uint64
	own [blockWords]uint64
}

// load sets c.cur to the alternative's programs in block blk.
func (c *cursor) load(blk int) {
	if c.bits != nil {
		c.cur, c.none = (*[blockWords]uint64)(c.bits[blk*blockWords:]), false
		return
	}
	lo := uint32(blk) << blockShift
	hi := lo + 1<<blockShift
	p := c.pos + gallop(c.docs[c.pos:], lo)
	if p == len(c.docs) || c.docs[p] >= hi {
		c.pos, c.none = p, true
		return
	}
	if c.dirty {
		c.own = [blockWords]uint64{}
	}
	c.cur, c.none, c.dirty = &c.own, false, true
	for ; p < len(c.docs) && c.docs[p] < hi; p++ {
		d := c.docs[p] - lo
		c.own[d>>6&(blockWords-1)] |= 1 << (d & 63)
	}
	c.pos = p
}

// textOut is the result of matchText, and its scratch space; pooled:
// find returns it once the pass is done.
type textOut struct {
	docs  []uint32
	quals []float32
	best  []uint8  // by candidate, matchLists
	sums  []uint16 // by candidate, matchLists
	curs  []cursor
}

var textOuts = sync.Pool{New: func() any { return new(textOut) }}

// matchText returns the programs of the reading's groups, in program
// order, and, when quality is asked for (best match), their match
// quality, by the same index, in out (quals is empty without).
func (ix *Index) matchText(r *queryReading, quality bool, out *textOut) {
	matchGroups(r.groups, len(ix.ids), quality, out)
}

// matchGroups matches the groups over n programs, into out (whose
// slices it reuses). A program matches when some alternative of every
// group holds it; its quality is the sum over the groups of the best
// quality (qualityCode) of its alternatives there.
//
// The smallest group decides how: when its alternatives are lists
// holding fewer programs than there are words of bits in n, its programs
// are the candidates and the other groups keep those they hold
// (matchLists); otherwise, the walk is over words of bits (matchBlocks).
func matchGroups(groups []group, n int, quality bool, out *textOut) {
	out.docs, out.quals = out.docs[:0], out.quals[:0]
	if len(groups) == 0 {
		return
	}
	groups = slices.Clone(groups)
	slices.SortStableFunc(groups, func(a, b group) int { return a.size - b.size })
	lists := groups[0].size < n/64
	for _, a := range groups[0].alts {
		lists = lists && a.bits == nil
	}
	if lists {
		matchLists(groups, n, quality, out)
	} else {
		matchBlocks(groups, n, quality, out)
	}
}

// matchBlocks is matchGroups over blocks of 1,024 programs, as words of
// bits: a group's programs in a block are the OR of its alternatives'
// (bitmaps are read as they are, lists set their bits), the block's
// matches the AND of the groups'; a block ends as soon as nothing is
// left. The quality of a block's matches is summed a word at a time, each
// group's alternatives best first. groups are sorted by size.
func matchBlocks(groups []group, n int, quality bool, out *textOut) {
	all := out.curs[:0]
	ends := make([]int, len(groups))
	for k, g := range groups {
		for _, a := range g.alts {
			if len(a.docs) > 0 {
				all = append(all, cursor{docs: a.docs, bits: a.bits, code: qualityCode(a.quality), none: true})
			}
		}
		ends[k] = len(all)
	}
	out.curs = all
	curs := make([][]cursor, len(groups))
	from := 0
	for k := range groups {
		curs[k] = all[from:ends[k]:ends[k]]
		from = ends[k]
		// Best first, for the quality.
		slices.SortStableFunc(curs[k], func(a, b cursor) int { return int(b.code) - int(a.code) })
	}
	blocks := (n + 1<<blockShift - 1) >> blockShift
	for blk := range blocks {
		var acc [blockWords]uint64
		left := false
		for k, cs := range curs {
			var gm [blockWords]uint64
			for i := range cs {
				c := &cs[i]
				if c.bits != nil {
					c.cur, c.none = (*[blockWords]uint64)(c.bits[blk*blockWords:]), false
				} else if c.pos == len(c.docs) || c.docs[c.pos] >= uint32(blk+1)<<blockShift {
					c.none = true
					continue
				} else if c.load(blk); c.none {
					continue
				}
				cur := c.cur
				for w := range gm {
					gm[w] |= cur[w]
				}
			}
			if k == 0 {
				acc = gm
			} else {
				for w := range acc {
					acc[w] &= gm[w]
				}
			}
			var or uint64
			for _, x := range acc {
				or |= x
			}
			if left = or != 0; !left {
				break
			}
		}
		if !left {
			continue
		}
		base := uint32(blk) << blockShift
		for w, word := range acc {
			if word == 0 {
				continue
			}
			var sums [64]uint16
			if quality {
				for _, cs := range curs {
					rem := word
					for i := range cs {
						c := &cs[i]
						if c.none {
							continue
						}
						h := c.cur[w] & rem
						for x := h; x != 0; x &= x - 1 {
							sums[bits.TrailingZeros64(x)] += uint16(c.code)
						}
						if rem &^= h; rem == 0 {
							break
						}
					}
				}
			}
			for ; word != 0; word &= word - 1 {
				b := bits.TrailingZeros64(word)
				out.docs = append(out.docs, base+uint32(w*64+b))
				if quality {
					out.quals = append(out.quals, qualityOf(sums[b]))
				}
			}
		}
	}
	clear(out.curs) // holds the postings
}

// textBitmaps are bitmaps over the programs, pooled: every bit is 0
// between uses.
var textBitmaps = sync.Pool{New: func() any { return new([]uint64) }}

// matchLists is matchGroups from the first group's programs, a short
// list: every other group, then the first for the quality, keeps the
// candidates its alternatives hold, by probing bitmaps or merging sorted
// lists. groups are sorted by size.
func matchLists(groups []group, n int, quality bool, out *textOut) {
	cands := unionDocs(out.docs[:0], groups[0].alts, n)
	sums := out.sums[:0]
	if quality {
		sums = append(sums, make([]uint16, len(cands))...)
	}
	best := out.best[:0]
	bp := textBitmaps.Get().(*[]uint64)
	defer textBitmaps.Put(bp)
	// The first group last: its programs are all candidates, and fewer
	// remain to weigh once the others have kept theirs.
	for k := range groups {
		if len(cands) == 0 {
			break
		}
		g := &groups[(k+1)%len(groups)]
		if k == len(groups)-1 && !quality {
			break
		}
		best = append(best[:0], make([]uint8, len(cands))...)
		for _, a := range g.alts {
			c := qualityCode(a.quality)
			switch {
			case a.bits != nil:
				probe(cands, a.bits, c, best)
			case len(a.docs)*16 > len(cands) && len(cands)*16 > len(a.docs):
				// Lengths close: a bitmap of a's programs for the
				// while, rather than merging the lists.
				bits := scratchBits(bp, n)
				for _, d := range a.docs {
					bits[d/64] |= 1 << (d % 64)
				}
				probe(cands, bits, c, best)
				for _, d := range a.docs {
					bits[d/64] = 0
				}
			default:
				intersect(cands, a.docs, func(i int) { best[i] = max(best[i], c) })
			}
		}
		kept := 0
		for i, d := range cands {
			if best[i] == 0 {
				continue
			}
			cands[kept] = d
			if quality {
				sums[kept] = sums[i] + uint16(best[i])
			}
			kept++
		}
		cands = cands[:kept]
		if quality {
			sums = sums[:kept]
		}
	}
	out.docs, out.sums, out.best = cands, sums, best
	if quality {
		for _, s := range sums {
			out.quals = append(out.quals, qualityOf(s))
		}
	}
}

// scratchBits returns the pooled bitmap *bp for n programs, all 0.
func scratchBits(bp *[]uint64, n int) []uint64 {
	words := (n + 63) / 64
	if len(*bp) < words {
		*bp = make([]uint64, words)
	}
	return (*bp)[:words]
}

// probe raises best[i] to c for each of cands the bitmap holds.
func probe(cands []uint32, bits []uint64, c uint8, best []uint8) {
	for i, d := range cands {
		best[i] = max(best[i], c*uint8(bits[d/64]>>(d%64)&1))
	}
}

// unionDocs appends to out the union of the alternatives' programs,
// sorted, of n programs in all.
func unionDocs(out []uint32, alts []alt, n int) []uint32 {
	if len(alts) == 1 {
		return append(out, alts[0].docs...)
	}
	bp := textBitmaps.Get().(*[]uint64)
	defer textBitmaps.Put(bp)
	set := scratchBits(bp, n)
	for _, a := range alts {
		for _, d := range a.docs {
			set[d/64] |= 1 << (d % 64)
		}
	}
	for w, word := range set {
		if word == 0 {
			continue
		}
		set[w] = 0
		for word != 0 {
			b := bits.TrailingZeros64(word)
			word &= word - 1
			out = append(out, uint32(w*64+b))
		}
	}
	return out
}

// intersect calls found with the index in a of every element of a that b
// holds; both are sorted. It walks the shorter list and gallops in the
// longer one.
func intersect(a, b []uint32, found func(i int)) {
	if len(b) >= len(a) {
		j := 0
		for i, x := range a {
			if j += gallop(b[j:], x); j == len(b) {
				return
			}
			if b[j] == x {
				found(i)
			}
		}
		return
	}
	i := 0
	for _, x := range b {
		if i += gallop(a[i:], x); i == len(a) {
			return
		}
		if a[i] == x {
			found(i)
		}
	}
}

// gallop returns the index of the first element of l not below x.
func gallop(l []uint32, x uint32) int {
	if len(l) == 0 || l[0] >= x {
		return 0
	}
	// l[lo] < x; the answer is in (lo, hi].
	lo, step := 0, 1
	for lo+step < len(l) && l[lo+step] < x {
		lo += step
		step *= 2
	}
	hi := min(lo+step, len(l))
	for lo+1 < hi {
		mid := int(uint(lo+hi) >> 1)
		if l[mid] < x {
			lo = mid
		} else {
			hi = mid
		}
	}
	return hi
}

// matchReason says why program d matches the reading when its field of
// study was a topic of the query and its name lacks some of the words.
func (ix *Index) matchReason(d uint32, r *queryReading) string {
	cip := ix.cips[ix.cip[d]]
	for _, t := range r.topics {
		if t.CIP != cip {
			continue
		}
		for _, w := range r.textWords {
			if _, found := slices.BinarySearch(ix.postings[w], d); !found {
				return "Matches your search: " + strings.TrimSuffix(t.Title, ".") + ", the field for \u2018" + r.out.Text + "\u2019."
			}
		}
	}
	return ""
}

// Interpret returns the filter as the index reads it: the filters its
// query's words stand for set, and the query as a careerpath.TextMatch
// instead of text. A finder that does not read queries answers it with
// the same matches, totals and facets as the index answers f.
func (ix *Index) Interpret(f careerpath.ProgramFilter, topics Topics) careerpath.ProgramFilter {
	if f.Query == "" {
		return f
	}
	f.Awards, f.States = slices.Clone(f.Awards), slices.Clone(f.States)
	r := ix.readQuery(&f, topics)
	m := &careerpath.TextMatch{}
	if r.none {
		m.Groups = []careerpath.MatchGroup{{}}
	}
	for _, g := range r.groups {
		var mg careerpath.MatchGroup
		for _, a := range g.alts {
			switch {
			case a.term != "":
				mg.Words = append(mg.Words, a.term)
			case a.cip != "":
				mg.CIPs = append(mg.CIPs, a.cip)
			}
			for _, in := range a.insts {
				mg.UnitIDs = append(mg.UnitIDs, ix.insts[in].UnitID)
			}
		}
		m.Groups = append(m.Groups, mg)
	}
	f.Query, f.Match = "", m
	return f
}

// didYouMean returns the query's text words spelt as the closest terms
// of the dictionary, or "" when no word needs it or none is close: one
// edit more than the word's typo budget, 2 at most, and none below 4
// letters (a correction within the budget was searched already).
func (ix *Index) didYouMean(r *queryReading) string {
	changed := false
	out := slices.Clone(r.textWords)
	for i, w := range out {
		n := len([]rune(w))
		if _, ok := ix.postings[w]; ok || n < 4 {
			continue
		}
		limit := min(typoBudget(n)+1, 2)
		best, bestD := "", limit+1
		for _, term := range ix.text.terms {
			if d := len(term) - len(w); d > limit || d < -limit {
				continue
			}
			if d := editDistance(w, term, limit); d < bestD || d == bestD && len(ix.postings[term]) > len(ix.postings[best]) {
				best, bestD = term, d
			}
		}
		if best != "" {
			out[i], changed = best, true
		}
	}
	if !changed {
		return ""
	}
	return strings.Join(out, " ")
}
