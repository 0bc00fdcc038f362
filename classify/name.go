package classify

import "strings"

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
// the order they appear (the bracketed ones after the others).
func splitName(s string) (head string, quals []string) {
	if !strings.ContainsAny(s, "()[]{}:;|–—-,") {
		return s, nil // most names: nothing to cut
	}
	var parts, brackets []string
	var cur, br strings.Builder
	depth := 0
	for i, r := range s {
		if depth > 0 {
			switch r {
			case '(', '[', '{':
				depth++
				br.WriteByte(' ')
			case ')', ']', '}':
				depth--
				if depth > 0 {
					br.WriteByte(' ')
					continue
				}
				brackets = append(brackets, br.String())
				br.Reset()
				cur.WriteByte(' ')
			default:
				br.WriteRune(r)
			}
			continue
		}
		switch r {
		case '(', '[', '{':
			depth = 1
			cur.WriteByte(' ')
			continue
		case ')', ']', '}':
			cur.WriteByte(' ')
			continue
		case ':', ';', '|', '–', '—':
			parts = appendPart(parts, cur.String())
			cur.Reset()
			continue
		case '-':
			// A hyphen inside a word ("Part-time", "Co-op") does not cut;
			// one with a space before it does ("MBA -Finance").
			if i == 0 || s[i-1] == ' ' {
				parts = appendPart(parts, cur.String())
				cur.Reset()
				continue
			}
		}
		cur.WriteRune(r)
	}
	if depth > 0 {
		brackets = append(brackets, br.String())
	}
	parts = appendPart(parts, cur.String())
	if len(parts) == 0 {
		return "", capParts(brackets)
	}
	return parts[0], capParts(append(parts[1:], brackets...))
}

// appendPart appends a depth-0 part of a name to parts, cut at the first
// comma that a concentration word follows: "Computer Science,
// Specialization in Data Science" is two parts, "Biomathematics,
// Bioinformatics, and Computational Biology" one.
func appendPart(parts []string, p string) []string {
	if strings.TrimSpace(p) == "" {
		return parts
	}
	pieces := strings.Split(p, ",")
	for k := 1; k < len(pieces); k++ {
		if hasConcentrationWord(pieces[k]) {
			return append(parts, strings.Join(pieces[:k], ","), strings.Join(pieces[k:], ","))
		}
	}
	return append(parts, p)
}

func capParts(ps []string) []string {
	if len(ps) > maxNameParts {
		return ps[:maxNameParts]
	}
	return ps
}

// hasConcentrationWord reports whether text holds a concentration word.
func hasConcentrationWord(text string) bool {
	for _, t := range tokens(text) {
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
func qualifierTokens(ts []string) []string {
	out := ts[:0:0]
	for i := 0; i < len(ts); i++ {
		if concentrationWords[ts[i]] {
			// Drop the joiners before it and the one after it.
			for len(out) > 0 && leadWords[out[len(out)-1]] {
				out = out[:len(out)-1]
			}
			if i+1 < len(ts) && leadWords[ts[i+1]] {
				i++
			}
			continue
		}
		out = append(out, ts[i])
	}
	return out
}
