package search

import (
	"cmp"
	"io/fs"
	"regexp"
	"slices"
	"strings"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/opendata"
)

// Topics from CIP 2020 itself, beside the relevance model's
// (CIPTopics, CombineTopics). A text is the field of study
//
//   - whose title ("Data Science, General", also without "General"; each
//     side of a "/" between runs of two words or more) or
//     one of whose example program names ("Machine Learning") it is, or
//     holds as a run of words: probability 0.9 for a title, 0.8 for an
//     example, times the share of the text's words the run covers;
//   - that a field so found names as a cross-reference: half its
//     probability;
//   - whose definition holds every pair of neighbouring words of a text
//     of two words or more, when at most cipDefinitionMax definitions do:
//     0.3.
const (
	cipTitleP        = 0.9
	cipExampleP      = 0.8
	cipDefinitionP   = 0.3
	cipDefinitionMax = 3
)

// cipTopics is what CIPTopics reads a text with.
type cipTopics struct {
	phrases map[string][]Topic  // words joined by spaces → fields, by probability
	pairs   map[string][]string // "w1 w2" of a definition → its codes
	cross   map[string][]string // code → codes it cross-references
	titles  map[string]string   // code → title
}

var cipCodeRe = regexp.MustCompile(`\b\d{2}\.\d{4}\b`)

// CIPTopics returns Topics read from the CIP 2020 codes: their titles,
// examples, definitions and cross-references. Codes no longer in use and
// those above the 6-digit level are left out.
func CIPTopics(codes []opendata.CIPCode) Topics {
	t := &cipTopics{phrases: map[string][]Topic{}, pairs: map[string][]string{}, cross: map[string][]string{}, titles: map[string]string{}}
	add := func(phrase, code string, p float64) {
		key := strings.Join(careerpath.Tokenize(phrase), " ")
		if key == "" {
			return
		}
		for _, x := range t.phrases[key] {
			if x.CIP == code {
				return
			}
		}
		t.phrases[key] = append(t.phrases[key], Topic{CIP: code, Title: t.titles[code], Probability: p})
	}
	for _, c := range codes {
		if len(c.Code) != 7 || c.Action == opendata.CIPMovedFrom || c.Action == opendata.CIPDeleted {
			continue
		}
		title := strings.TrimSuffix(strings.TrimSpace(c.Title), ".")
		t.titles[c.Code] = title
		add(title, c.Code, cipTitleP)
		add(strings.TrimSuffix(strings.TrimSuffix(title, "General"), ", "), c.Code, cipTitleP)
		if sides := strings.Split(title, "/"); len(sides) == 2 && len(careerpath.Tokenize(sides[0])) >= 2 && len(careerpath.Tokenize(sides[1])) >= 2 {
			add(sides[0], c.Code, cipTitleP)
			add(sides[1], c.Code, cipTitleP)
		}
		for _, x := range c.Examples {
			add(x, c.Code, cipExampleP)
		}
		words := careerpath.Tokenize(c.Definition)
		var seen []string
		for i := 1; i < len(words); i++ {
			pair := words[i-1] + " " + words[i]
			if !slices.Contains(seen, pair) {
				seen = append(seen, pair)
				t.pairs[pair] = append(t.pairs[pair], c.Code)
			}
		}
		for _, x := range cipCodeRe.FindAllString(c.CrossReferences, -1) {
			if x != c.Code {
				t.cross[c.Code] = appendNew(t.cross[c.Code], x)
			}
		}
	}
	for _, l := range t.phrases {
		slices.SortStableFunc(l, func(a, b Topic) int { return cmp.Compare(b.Probability, a.Probability) })
	}
	return t.read
}

// BundledCIPTopics returns CIPTopics of the CIP 2020 file of a data
// release (the bundled data.FS).
func BundledCIPTopics(release fs.FS) (Topics, error) {
	const file = "cip-2020/CIPCode2020.csv.gz"
	f, err := release.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	codes, err := opendata.ParseCIP(opendata.Source{Dataset: opendata.DatasetCIP, File: file}, f)
	if err != nil {
		return nil, err
	}
	return CIPTopics(codes), nil
}

// read is the Topics of t.
func (t *cipTopics) read(text string) []Topic {
	words := careerpath.Tokenize(text)
	if len(words) == 0 || len(words) > maxQueryWords {
		return nil
	}
	found := map[string]float64{}
	put := func(code string, p float64) {
		if t.titles[code] != "" && p > found[code] {
			found[code] = p
		}
	}
	// Runs of words, the longest first: a run inside a longer one that
	// names a field adds nothing.
	covered := make([]bool, len(words))
	for n := min(len(words), maxAliasWords); n > 0; n-- {
		for i := 0; i+n <= len(words); i++ {
			if covered[i] && covered[i+n-1] {
				continue
			}
			l := t.phrases[strings.Join(words[i:i+n], " ")]
			for _, x := range l {
				put(x.CIP, x.Probability*float64(n)/float64(len(words)))
			}
			if len(l) > 0 {
				for k := i; k < i+n; k++ {
					covered[k] = true
				}
			}
		}
	}
	for code, p := range found {
		for _, x := range t.cross[code] {
			put(x, p/2)
		}
	}
	if len(words) >= 2 {
		var codes []string
		for i := 1; i < len(words); i++ {
			l := t.pairs[words[i-1]+" "+words[i]]
			if i == 1 {
				codes = slices.Clone(l)
			} else {
				codes = slices.DeleteFunc(codes, func(c string) bool { return !slices.Contains(l, c) })
			}
		}
		if len(codes) <= cipDefinitionMax {
			for _, c := range codes {
				put(c, cipDefinitionP)
			}
		}
	}
	out := make([]Topic, 0, len(found))
	for code, p := range found {
		out = append(out, Topic{CIP: code, Title: t.titles[code], Probability: p})
	}
	sortTopics(out)
	return out
}

// sortTopics orders topics most likely first, then by code.
func sortTopics(ts []Topic) {
	slices.SortFunc(ts, func(a, b Topic) int {
		if c := cmp.Compare(b.Probability, a.Probability); c != 0 {
			return c
		}
		return strings.Compare(a.CIP, b.CIP)
	})
}

// CombineTopics returns Topics that reads a text with each of ts (nil
// ones left out) and keeps each field once, with the highest probability
// any gives it.
func CombineTopics(ts ...Topics) Topics {
	ts = slices.DeleteFunc(ts, func(t Topics) bool { return t == nil })
	return func(text string) []Topic {
		var out []Topic
		for _, t := range ts {
			for _, x := range t(text) {
				i := slices.IndexFunc(out, func(y Topic) bool { return y.CIP == x.CIP })
				switch {
				case i < 0:
					out = append(out, x)
				case x.Probability > out[i].Probability:
					out[i].Probability = x.Probability
				}
			}
		}
		sortTopics(out)
		return out
	}
}
