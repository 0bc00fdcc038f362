package classify

import (
	"bytes"
	"strings"
	"unicode/utf8"
)

// A catalog name is often a head field with qualifiers: "Master of Science
// in Computer Science, Specialization in Information Management", "MS in
// X – Y Track", "MBA with a concentration in Data Science", "Informatik
// (M.Sc.)", "MS in CS (AI) – (Online)". splitName cuts it into the head
// and the qualifiers, so that the model reads the head field alone and
// the named concentration as a second signal.
//
// The rules, on the text outside brackets (brackets nest; an unclosed one
// runs to the end, a stray closing one is ignored):
//
//   - Every bracketed part, "(…)", "[…]" or "{…}", is a qualifier.
//   - ":", ";", "|", a dash with spaces around it (" - ", " – ", " — ")
//     and a dash that opens a part start a new qualifier.
//   - A comma starts a qualifier only when what follows holds a
//     concentration word ("…, Specialization in X", "…, Y Track");
//     otherwise it stays in its part ("Biomathematics, Bioinformatics,
//     and Computational Biology").
//   - Inside the head, a concentration word followed by "in", "on" or
//     "of" ("MBA Concentration in Data Science", "MBA with a
//     concentration in X") starts a qualifier there, and so does a second
//     "in" after a field ("BS in Computer Science in Interactive
//     Simulation").
//
// In a qualifier the concentration words and the joiners that lead into
// them are dropped: "Business Analytics Option" reads "business
// analytics".

// concentrationWords name a part of a program: "Specialization in",
// "Concentration", "Track", "Option" and their spellings in a few
// languages.
var concentrationWords = map[string]bool{
	"concentration": true, "concentrations": true, "specialization": true, "specialisation": true,
	"specializing": true, "specialising": true, "specializations": true, "specialisations": true,
	"emphasis": true, "option": true, "options": true, "track": true, "tracks": true, "focus": true,
	"pathway": true, "pathways": true, "stream": true, "minor": true, "subplan": true,
	"mencion": true, "vertiefung": true, "schwerpunkt": true, "parcours": true, "indirizzo": true,
	"curriculum": true, "ênfase": true, "enfase": true, "orientacion": true,
}

// leadWords lead into a concentration word: "with a concentration in".
var leadWords = map[string]bool{"with": true, "a": true, "an": true, "and": true, "in": true, "on": true, "of": true, "the": true, "en": true, "em": true, "con": true, "com": true, "mit": true, "de": true}

// maxNameParts bounds the parts of a name, so that a name of thousands
// of brackets costs no more than reading it.
const maxNameParts = 16

// splitName returns the head of a program name and its qualifiers, in
// the order they appear (the bracketed ones after the others), as text in
// the buffer: valid until its next reading.
func (tb *textBuf) splitName(s string) (head []byte, quals [][]byte) {
	if !strings.ContainsAny(s, "()[]{}:;|–—-,") {
		tb.cur = append(tb.cur[:0], s...)
		return tb.cur, nil // most names: nothing to cut
	}
	// cur holds the text outside brackets, br the text inside; a part is
	// a run of one of them.
	cur, br := tb.cur[:0], tb.br[:0]
	parts, brackets := tb.parts[:0], tb.brs[:0]
	curStart, brStart := 0, 0
	depth := 0
	for i, r := range s {
		if depth > 0 {
			switch r {
			case '(', '[', '{':
				depth++
				br = append(br, ' ')
			case ')', ']', '}':
				depth--
				if depth > 0 {
					br = append(br, ' ')
					continue
				}
				brackets = append(brackets, span{brStart, len(br)})
				brStart = len(br)
				cur = append(cur, ' ')
			default:
				br = utf8.AppendRune(br, r)
			}
			continue
		}
		switch r {
		case '(', '[', '{':
			depth = 1
			cur = append(cur, ' ')
			continue
		case ')', ']', '}':
			cur = append(cur, ' ')
			continue
		case ':', ';', '|', '–', '—':
			parts = tb.appendPart(parts, cur, curStart)
			curStart = len(cur)
			continue
		case '-':
			// A hyphen inside a word ("Part-time", "Co-op") does not cut;
			// one with a space before it does ("MBA -Finance").
			if i == 0 || s[i-1] == ' ' {
				parts = tb.appendPart(parts, cur, curStart)
				curStart = len(cur)
				continue
			}
		}
		cur = utf8.AppendRune(cur, r)
	}
	if depth > 0 {
		brackets = append(brackets, span{brStart, len(br)})
	}
	parts = tb.appendPart(parts, cur, curStart)
	tb.cur, tb.br, tb.parts, tb.brs = cur, br, parts, brackets
	qs := tb.quals[:0]
	if len(parts) > 0 {
		head = cur[parts[0].lo:parts[0].hi]
		for _, p := range parts[1:] {
			qs = append(qs, cur[p.lo:p.hi])
		}
	}
	for _, p := range brackets {
		qs = append(qs, br[p.lo:p.hi])
	}
	tb.quals = qs
	if len(qs) > maxNameParts {
		qs = qs[:maxNameParts]
	}
	return head, qs
}

// appendPart appends the depth-0 part of a name cur[start:] to parts, cut
// at the first comma that a concentration word follows: "Computer
// Science, Specialization in Data Science" is two parts, "Biomathematics,
// Bioinformatics, and Computational Biology" one.
func (tb *textBuf) appendPart(parts []span, cur []byte, start int) []span {
	p := cur[start:]
	if len(bytes.TrimSpace(p)) == 0 {
		return parts
	}
	for j := bytes.IndexByte(p, ','); j >= 0; {
		piece := p[j+1:]
		next := bytes.IndexByte(piece, ',')
		if next >= 0 {
			piece = piece[:next]
		}
		if tb.hasConcentrationWord(piece) {
			return append(parts, span{start, start + j}, span{start + j + 1, len(cur)})
		}
		if next < 0 {
			break
		}
		j += 1 + next
	}
	return append(parts, span{start, len(cur)})
}

// hasConcentrationWord reports whether text holds a concentration word.
func (tb *textBuf) hasConcentrationWord(text []byte) bool {
	mark := len(tb.toks)
	defer func() { tb.toks = tb.toks[:mark] }()
	for _, t := range appendTokens(tb, text) {
		if concentrationWords[t] {
			return true
		}
	}
	return false
}

// headAndConcentration splits the tokens of a head at an inline
// concentration word followed by "in", "on" or "of", and the "with a" that
// leads into it: it returns the head's tokens and the concentration's
// (nil when there is none).
func headAndConcentration(ts []string) (head, conc []string) {
	for i := 1; i+1 < len(ts); i++ {
		if !concentrationWords[ts[i]] {
			continue
		}
		if n := ts[i+1]; n != "in" && n != "on" && n != "of" && n != "en" && n != "em" {
			continue
		}
		j := i
		for j > 0 && leadWords[ts[j-1]] {
			j--
		}
		return ts[:j], ts[i+2:]
	}
	// "BS in Computer Science in Real-Time Simulation": a second "in"
	// after a field opens its concentration. Between two "in"s that hold
	// only generic words ("Bachelor of Science in Engineering in Computer
	// Engineering") the field is what follows, as analyze reads it.
	first := -1
	for i, t := range ts {
		if !inWords[t] {
			continue
		}
		if first < 0 {
			first = i
			continue
		}
		for _, w := range ts[first+1 : i] {
			if !genericOf[w] && !noise[w] && w != "engineering" {
				return ts[:i], ts[i+1:]
			}
		}
		first = i
	}
	return ts, nil
}

// qualifierTokens drops the concentration words of a qualifier and the
// joiners around them: "Specialization in Data Science" and "Data Science
// Specialization" both read "data science".
func (tb *textBuf) qualifierTokens(ts []string) []string {
	mark := len(tb.toks)
	for i := 0; i < len(ts); i++ {
		if concentrationWords[ts[i]] {
			// Drop the joiners before it and the one after it.
			for len(tb.toks) > mark && leadWords[tb.toks[len(tb.toks)-1]] {
				tb.toks = tb.toks[:len(tb.toks)-1]
			}
			if i+1 < len(ts) && leadWords[ts[i+1]] {
				i++
			}
			continue
		}
		tb.toks = append(tb.toks, ts[i])
	}
	return tb.since(mark)
}
