package search

import (
	"cmp"
	"context"
	"net/url"
	"slices"
	"strings"

	careerpath "github.com/careerpath/careerpath"
)

// Suggestions as a student types (Service.Suggest): institutions whose
// name or alias holds every typed word, each as a word or a word's
// prefix; fields of study whose CIP title does; careers whose title does.
// Within a kind: a name typed in full first, then names that start with
// the typed words, then by number of programs. At most careerpath.MaxSuggestions in all: up to 5 institutions,
// 4 fields and 2 careers, the places a kind leaves going to the others.
//
// A typed word that starts no word of the suggestions' names stands for
// the words of those names within its typo budget (suggestTypos), or,
// the last word, for those whose start is: "georgia tehc" suggests
// Georgia Tech.

var _ careerpath.Suggester = (*Service)(nil)

// suggestIndex is what suggestions read, built with the index.
type suggestIndex struct {
	insts  []suggestName // institutions with programs, by name and by each alias
	fields []suggestName // CIP codes of the programs, by title
	words  []string      // the words of all names, sorted, once each
	// By word of words: the insts and fields whose names hold it.
	instsOf, fieldsOf [][]int32
}

type suggestName struct {
	words []string
	text  string
	id    uint32 // institution or CIP index
}

func newSuggestName(text string, id uint32) suggestName {
	return suggestName{words: careerpath.Tokenize(text), text: text, id: id}
}

// namesOf returns, for each word of words, the names of l that hold it.
func namesOf(words []string, l []suggestName) [][]int32 {
	out := make([][]int32, len(words))
	for i, n := range l {
		for _, w := range n.words {
			k, _ := slices.BinarySearch(words, w)
			if m := out[k]; len(m) == 0 || m[len(m)-1] != int32(i) {
				out[k] = append(m, int32(i))
			}
		}
	}
	return out
}

// candidates returns the names, of insts or fields (by), that hold a
// word starting with one of alts, sorted.
func (s *suggestIndex) candidates(alts []string, by [][]int32) []int32 {
	var out []int32
	for _, a := range alts {
		lo, _ := slices.BinarySearch(s.words, a)
		for k := lo; k < len(s.words) && strings.HasPrefix(s.words[k], a); k++ {
			out = append(out, by[k]...)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// fewest returns the candidates of the typed word that has the fewest.
func (s *suggestIndex) fewest(spellings [][]string, by [][]int32) []int32 {
	best, fewest := 0, -1
	for i, alts := range spellings {
		n := 0
		for _, a := range alts {
			lo, _ := slices.BinarySearch(s.words, a)
			for k := lo; k < len(s.words) && strings.HasPrefix(s.words[k], a); k++ {
				n += len(by[k])
			}
		}
		if fewest < 0 || n < fewest {
			best, fewest = i, n
		}
	}
	return s.candidates(spellings[best], by)
}

func (ix *Index) buildSuggest() {
	s := &ix.suggest
	for i, in := range ix.insts {
		if len(ix.instDocs[i]) == 0 || in.UnitID == 0 {
			continue
		}
		s.insts = append(s.insts, newSuggestName(in.Name, uint32(i)))
		for _, a := range in.Aliases {
			s.insts = append(s.insts, newSuggestName(a, uint32(i)))
		}
	}
	for ci, cip := range ix.cips {
		if t := ix.model.CIPTitle(cip); t != "" {
			s.fields = append(s.fields, newSuggestName(t, uint32(ci)))
		}
	}
	for _, l := range [][]suggestName{s.insts, s.fields} {
		for _, n := range l {
			s.words = append(s.words, n.words...)
		}
	}
	for _, slug := range ix.model.Careers() {
		s.words = append(s.words, careerpath.Tokenize(ix.model.CareerTitle(slug))...)
	}
	slices.Sort(s.words)
	s.words = slices.Compact(s.words)
	s.instsOf, s.fieldsOf = namesOf(s.words, s.insts), namesOf(s.words, s.fields)
}

// suggestTypos returns the edits a typed word of n letters may have in
// suggestions: one from 4 letters, two from 8. A suggestion list is
// short and read at a glance, so it tolerates more than search does.
func suggestTypos(n int) int {
	switch {
	case n >= 8:
		return 2
	case n >= 4:
		return 1
	}
	return 0
}

// spellings returns what a typed word stands for in suggestions: itself
// if it starts a word of the names, else the words within its typo
// budget (for the last word, also the words whose start is), at most
// maxExpansions; nil if none.
func (s *suggestIndex) spellings(w string, last bool) []string {
	if i, _ := slices.BinarySearch(s.words, w); i < len(s.words) && strings.HasPrefix(s.words[i], w) {
		return []string{w}
	}
	n := len([]rune(w))
	budget := suggestTypos(n)
	if budget == 0 {
		return nil
	}
	var out []string
	for _, v := range s.words {
		if len(out) == maxExpansions {
			break
		}
		d := len(v) - len(w)
		if -d > budget || d > budget && !last {
			continue
		}
		if editDistance(w, v, budget) <= budget || last && d > 0 && editDistance(w, v[:len(w)], budget) <= budget {
			out = append(out, v)
		}
	}
	return out
}

// completes reports whether name holds every typed word as one of its
// words or a prefix of one, how well: 2 when it is exactly the typed
// words, 1 when it starts with them, 0 otherwise. A word corrected
// (spelt, by typed word, its spellings, when the typed words had typos)
// counts where one of its spellings is found, and ranks 0.
func completes(name, typed []string, spelt [][]string) (ok bool, rank int) {
	for i, w := range typed {
		alts := []string{w}
		if spelt != nil {
			alts = spelt[i]
		}
		found := false
		for _, n := range name {
			for _, a := range alts {
				found = found || strings.HasPrefix(n, a)
			}
		}
		if !found {
			return false, 0
		}
	}
	if spelt != nil {
		return true, 0
	}
	if slices.Equal(name, typed) {
		return true, 2
	}
	if len(name) < len(typed) {
		return true, 0
	}
	for k, w := range typed {
		if name[k] != w && (k < len(typed)-1 || !strings.HasPrefix(name[k], w)) {
			return true, 0
		}
	}
	return true, 1
}

// Suggest returns the suggestions for a partial query.
func (s *Service) Suggest(ctx context.Context, q string) ([]careerpath.Suggestion, error) {
	ix := s.cur.Load()
	if ix == nil {
		return nil, errStarting
	}
	return ix.Suggest(q), nil
}

// Suggest returns the suggestions for a partial query (see Service.Suggest).
func (ix *Index) Suggest(q string) []careerpath.Suggestion {
	var typed []string
	for _, w := range splitQuery(q) {
		typed = append(typed, w.w)
	}
	if len(typed) == 0 || len(typed) == 1 && len(typed[0]) < 2 {
		return []careerpath.Suggestion{}
	}
	// Typed words that start no word of the names: their spellings.
	var spelt [][]string
	for i, w := range typed {
		alts := ix.suggest.spellings(w, i == len(typed)-1)
		if len(alts) == 0 {
			return []careerpath.Suggestion{}
		}
		if alts[0] != w && spelt == nil {
			spelt = make([][]string, len(typed))
			for k := range i {
				spelt[k] = []string{typed[k]}
			}
		}
		if spelt != nil {
			spelt[i] = alts
		}
	}
	spellings := spelt
	if spellings == nil {
		for _, w := range typed {
			spellings = append(spellings, []string{w})
		}
	}
	type scored struct {
		s    careerpath.Suggestion
		rank int
	}
	var insts, fields, careers []scored
	// An institution once, by its best-matching name or alias.
	best := map[uint32]int{}
	for _, i := range ix.suggest.fewest(spellings, ix.suggest.instsOf) {
		n := &ix.suggest.insts[i]
		ok, rank := completes(n.words, typed, spelt)
		if !ok {
			continue
		}
		if at, seen := best[n.id]; seen {
			insts[at].rank = max(insts[at].rank, rank)
			continue
		}
		best[n.id] = len(insts)
		in := ix.insts[n.id]
		insts = append(insts, scored{careerpath.Suggestion{Kind: careerpath.SuggestInstitution, Text: in.Name, Count: len(ix.instDocs[n.id])}, rank})
	}
	for _, i := range ix.suggest.fewest(spellings, ix.suggest.fieldsOf) {
		n := &ix.suggest.fields[i]
		if ok, rank := completes(n.words, typed, spelt); ok {
			fields = append(fields, scored{careerpath.Suggestion{Kind: careerpath.SuggestField, Text: n.text, Count: len(ix.text.cipDocs[n.id])}, rank})
		}
	}
	for _, slug := range ix.model.Careers() {
		title := ix.model.CareerTitle(slug)
		if ok, rank := completes(careerpath.Tokenize(title), typed, spelt); ok {
			careers = append(careers, scored{careerpath.Suggestion{Kind: careerpath.SuggestCareer, Text: title, Count: len(ix.careers[slug].docs),
				URL: "/careers/" + url.PathEscape(slug)}, rank})
		}
	}
	order := func(a, b scored) int {
		if a.rank != b.rank {
			return cmp.Compare(b.rank, a.rank)
		}
		if c := cmp.Compare(b.s.Count, a.s.Count); c != 0 {
			return c
		}
		return strings.Compare(a.s.Text, b.s.Text)
	}
	for _, l := range [][]scored{insts, fields, careers} {
		slices.SortFunc(l, order)
	}
	// Shares per kind; what a kind leaves goes to the others in turn.
	quota := []int{5, 4, 2}
	lists := [][]scored{insts, fields, careers}
	take := make([]int, 3)
	left := careerpath.MaxSuggestions
	for k := range lists {
		take[k] = min(quota[k], len(lists[k]))
		left -= take[k]
	}
	for k := 0; k < 3 && left > 0; k++ {
		more := min(left, len(lists[k])-take[k])
		take[k] += more
		left -= more
	}
	out := []careerpath.Suggestion{}
	for k, l := range lists {
		for _, x := range l[:take[k]] {
			if x.s.URL == "" { // an institution or a field: a search
				x.s.URL = "/programs?q=" + url.QueryEscape(x.s.Text)
			}
			out = append(out, x.s)
		}
	}
	return out
}
