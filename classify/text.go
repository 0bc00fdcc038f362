package classify

import (
	"bytes"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/kljensen/snowball/english"
)

// Degree is the level of a qualification as a catalog names it, kept apart
// from the field of study so that "MSc", "M.Sc." and "Master of Science"
// read alike and none of them reads as a field.
type Degree int

// Degree levels, from the program name or the entry's degree text.
const (
	DegreeUnknown Degree = iota
	DegreeCertificate
	DegreeAssociate
	DegreeBachelor
	DegreeMaster
	DegreeDoctorate             // research doctorate: PhD, DPhil, Doctorado
	DegreeProfessionalDoctorate // JD, MD, PharmD, PsyD, DNP...
)

var degreeNames = [...]string{"", "certificate", "associate", "bachelor", "master", "doctorate", "professional-doctorate"}

// String returns the level as a short word ("master"), "" when unknown.
func (d Degree) String() string {
	if d < 0 || int(d) >= len(degreeNames) {
		return ""
	}
	return degreeNames[d]
}

// abbrev is a degree written as one token once dots are dropped ("msc",
// "mtech", "phd"). Field names the field the degree itself implies, for
// the degrees that imply one (an MBA is business administration); it is
// used only when the name says nothing else about the field.
type abbrev struct {
	level Degree
	field string
	// anywhere: recognised in any position. Short abbreviations that are
	// also words or initials ("ma", "ms", "ab", "as") count only at the
	// start or end of a name.
	anywhere bool
}

var abbrevs = map[string]abbrev{
	// Bachelor's.
	"bs": {DegreeBachelor, "", false}, "bsc": {DegreeBachelor, "", true}, "ba": {DegreeBachelor, "", false},
	"ab": {DegreeBachelor, "", false}, "sb": {DegreeBachelor, "", false}, "bse": {DegreeBachelor, "engineering", true},
	"beng": {DegreeBachelor, "engineering", true}, "btech": {DegreeBachelor, "technology", true}, "be": {DegreeBachelor, "engineering", false},
	"bcom": {DegreeBachelor, "commerce", true}, "bba": {DegreeBachelor, "business administration", true},
	"bsba": {DegreeBachelor, "business administration", true}, "bfa": {DegreeBachelor, "fine arts", true},
	"bsn": {DegreeBachelor, "nursing", true}, "bcs": {DegreeBachelor, "computer science", true},
	"bsw": {DegreeBachelor, "social work", true}, "barch": {DegreeBachelor, "architecture", true},
	"llb": {DegreeBachelor, "law", true}, "bed": {DegreeBachelor, "education", true}, "bmus": {DegreeBachelor, "music", true},
	"bphil": {DegreeBachelor, "", true}, "bas": {DegreeBachelor, "", true}, "bca": {DegreeBachelor, "computer applications", true},
	"mbbs": {DegreeProfessionalDoctorate, "medicine", true}, "bds": {DegreeProfessionalDoctorate, "dentistry", true},
	// Master's.
	"ms": {DegreeMaster, "", false}, "msc": {DegreeMaster, "", true}, "ma": {DegreeMaster, "", false},
	"sm": {DegreeMaster, "", false}, "mres": {DegreeMaster, "", true}, "mphil": {DegreeMaster, "", true},
	"msci": {DegreeMaster, "", true}, "mst": {DegreeMaster, "", true}, "mas": {DegreeMaster, "", true},
	"meng": {DegreeMaster, "engineering", true}, "mtech": {DegreeMaster, "technology", true}, "mse": {DegreeMaster, "engineering", true},
	"mba": {DegreeMaster, "business administration", true}, "emba": {DegreeMaster, "business administration", true},
	"mfa": {DegreeMaster, "fine arts", true}, "med": {DegreeMaster, "education", true}, "edm": {DegreeMaster, "education", true},
	"mat": {DegreeMaster, "teaching", true}, "mph": {DegreeMaster, "public health", true}, "msw": {DegreeMaster, "social work", true},
	"mpa": {DegreeMaster, "public administration", true}, "mpp": {DegreeMaster, "public policy", true},
	"msn": {DegreeMaster, "nursing", true}, "llm": {DegreeMaster, "law", true}, "mcs": {DegreeMaster, "computer science", true},
	"mds": {DegreeMaster, "data science", true}, "mmath": {DegreeMaster, "mathematics", true}, "mchem": {DegreeMaster, "chemistry", true},
	"mphys": {DegreeMaster, "physics", true}, "mcom": {DegreeMaster, "commerce", true}, "mca": {DegreeMaster, "computer applications", true},
	"mha": {DegreeMaster, "health administration", true}, "mpharm": {DegreeMaster, "pharmacy", true}, "mmus": {DegreeMaster, "music", true},
	"msba": {DegreeMaster, "business analytics", true}, "mfin": {DegreeMaster, "finance", true}, "macc": {DegreeMaster, "accounting", true},
	"mdiv": {DegreeMaster, "divinity", true}, "mlis": {DegreeMaster, "library information science", true},
	"mim": {DegreeMaster, "management", true},
	// Doctorates.
	"phd": {DegreeDoctorate, "", true}, "dphil": {DegreeDoctorate, "", true}, "edd": {DegreeProfessionalDoctorate, "education", true},
	"dba": {DegreeProfessionalDoctorate, "business administration", true},
	"jd":  {DegreeProfessionalDoctorate, "law", true}, "juris": {DegreeProfessionalDoctorate, "law", true}, "md": {DegreeProfessionalDoctorate, "medicine", false},
	"pharmd": {DegreeProfessionalDoctorate, "pharmacy", true}, "psyd": {DegreeProfessionalDoctorate, "psychology", true},
	"dnp": {DegreeProfessionalDoctorate, "nursing practice", true}, "dpt": {DegreeProfessionalDoctorate, "physical therapy", true},
	"dds": {DegreeProfessionalDoctorate, "dentistry", true}, "dmd": {DegreeProfessionalDoctorate, "dentistry", true},
	"dvm": {DegreeProfessionalDoctorate, "veterinary medicine", true}, "od": {DegreeProfessionalDoctorate, "optometry", false},
	"do": {DegreeProfessionalDoctorate, "osteopathic medicine", false}, "otd": {DegreeProfessionalDoctorate, "occupational therapy", true},
	"dsw": {DegreeProfessionalDoctorate, "social work", true}, "dma": {DegreeProfessionalDoctorate, "music", false},
	// Associate's and shorter.
	"aas": {DegreeAssociate, "", true}, "aa": {DegreeAssociate, "", false}, "as": {DegreeAssociate, "", false},
	"hnd": {DegreeAssociate, "", true}, "hnc": {DegreeCertificate, "", true}, "pgdip": {DegreeCertificate, "", true},
	"pgcert": {DegreeCertificate, "", true}, "pgce": {DegreeCertificate, "education", true}, "gradcert": {DegreeCertificate, "", true},
}

// headWords open a spelled-out degree ("Master of ...", "Licence en ...");
// what follows "of" up to "in" names the degree, what follows "in" (or
// "en", "de", "em", "in" in other languages) names the field.
var headWords = map[string]Degree{
	"bachelor": DegreeBachelor, "bachelors": DegreeBachelor, "baccalaureate": DegreeBachelor, "licence": DegreeBachelor,
	"licenciatura": DegreeBachelor, "licenciado": DegreeBachelor, "licenciada": DegreeBachelor, "grado": DegreeBachelor,
	"bacharelado": DegreeBachelor, "laurea": DegreeBachelor, "graduacao": DegreeBachelor, "bachelier": DegreeBachelor,
	"master": DegreeMaster, "masters": DegreeMaster, "maestria": DegreeMaster, "mestrado": DegreeMaster, "magister": DegreeMaster,
	"mastere": DegreeMaster, "masterado": DegreeMaster, "magistrale": DegreeMaster, "specialistica": DegreeMaster,
	"doctor": DegreeDoctorate, "doctorate": DegreeDoctorate, "doctoral": DegreeDoctorate, "doctorat": DegreeDoctorate,
	"doctorado": DegreeDoctorate, "doutorado": DegreeDoctorate, "dottorato": DegreeDoctorate, "promotion": DegreeDoctorate,
	"associate": DegreeAssociate, "associates": DegreeAssociate,
	"certificate": DegreeCertificate, "certificat": DegreeCertificate, "certificado": DegreeCertificate,
	"certification": DegreeCertificate, "zertifikat": DegreeCertificate, "diploma": DegreeCertificate,
	"diplome": DegreeCertificate, "diplom": DegreeCertificate, "nanodegree": DegreeCertificate, "bootcamp": DegreeCertificate,
	"microcredential": DegreeCertificate, "postgraduate": DegreeUnknown, "graduate": DegreeUnknown, "undergraduate": DegreeUnknown,
	"postgrado": DegreeUnknown, "posgrado": DegreeUnknown, "tecnico": DegreeAssociate, "tecnologo": DegreeAssociate,
}

// professionalDoctorates are "Doctor of X" forms that are practice degrees.
var professionalDoctorates = map[string]bool{
	"pharmacy": true, "medicine": true, "law": true, "jurisprudence": true, "psychology": true, "nursing": true,
	"physical": true, "dental": true, "veterinary": true, "optometry": true, "occupational": true, "education": true,
	"business": true, "social": true, "osteopathic": true, "chiropractic": true, "audiology": true, "ministry": true,
}

// genericOf are the words of "Master of Science", "Bachelor of Arts" and
// the like: they name the degree, not its field.
var genericOf = map[string]bool{
	"science": true, "sciences": true, "arts": true, "art": true, "philosophy": true, "letters": true, "applied": true,
	"professional": true, "studies": true, "liberal": true, "ciencias": true, "ciencia": true, "sciencias": true, "artes": true,
	"scienze": true, "lettres": true, "lettere": true, "advanced": true,
}

// inWords separate a degree from its field: "in", and its equivalents.
var inWords = map[string]bool{"in": true, "en": true, "em": true, "im": true, "of": false}

// noise are words a catalog adds around a field that say nothing about
// it: joiners in several languages, and words like "programme", "hons" and
// "online".
var noise = map[string]bool{
	"a": true, "an": true, "and": true, "the": true, "of": true, "in": true, "for": true, "with": true, "to": true, "on": true,
	"at": true, "by": true, "or": true, "from": true, "into": true, "its": true,
	"de": true, "del": true, "des": true, "du": true, "la": true, "las": true, "le": true, "les": true, "los": true, "el": true,
	"en": true, "y": true, "e": true, "et": true, "und": true, "im": true, "der": true, "die": true, "das": true, "fur": true,
	"von": true, "di": true, "della": true, "delle": true, "degli": true, "dei": true, "il": true, "da": true, "do": true,
	"dos": true, "em": true, "van": true, "het": true, "voor": true, "en-": true, "al": true, "et-": true, "och": true, "og": true,
	"university": true, "universidad": true, "universite": true, "universitat": true, "universita": true, "college": true,
	"institute": true, "faculty": true, "department": true, "program": true, "programme": true, "programa": true,
	"programm": true, "course": true, "courses": true, "curso": true, "cours": true, "studiengang": true, "track": true,
	"online": true, "campus": true, "degree": true, "degrees": true, "hons": true, "honours": true, "honors": true,
	"year": true, "years": true, "full": true, "time": true, "part": true, "fulltime": true, "parttime": true,
	"executive": true, "accelerated": true, "integrated": true, "joint": true, "dual": true, "double": true,
	"level": true, "qualification": true, "award": true, "s": true, "th": true, "st": true, "nd": true, "rd": true,
	"titulo": true, "titulacion": true, "oficial": true, "universitario": true, "universitaria": true, "diplomado": true,
	"master's": true, "one": true, "two": true, "three": true, "four": true, "1": true, "2": true, "3": true, "4": true,
	"ii": true, "iii": true, "i": true, "etc": true, "via": true, "per": true,
}

// foldRune lowercases a letter and drops its accent, for the Latin
// letters catalogs use. Other scripts pass through lowercased: they stay
// unknown tokens, which lowers confidence as they should.
func foldRune(r rune) string {
	if r < utf8.RuneSelf {
		if 'A' <= r && r <= 'Z' {
			return string(r + 'a' - 'A')
		}
		return string(r)
	}
	if f, ok := foldLatin(r); ok {
		return f
	}
	return string(unicode.ToLower(r))
}

// foldLatin is foldRune for the non-ASCII letters it folds to ASCII.
func foldLatin(r rune) (string, bool) {
	switch r {
	case 'à', 'á', 'â', 'ã', 'ä', 'å', 'ā', 'ă', 'ą', 'À', 'Á', 'Â', 'Ã', 'Ä', 'Å', 'Ā', 'Ă', 'Ą':
		return "a", true
	case 'ç', 'ć', 'č', 'Ç', 'Ć', 'Č':
		return "c", true
	case 'ď', 'đ', 'Ď', 'Đ':
		return "d", true
	case 'è', 'é', 'ê', 'ë', 'ē', 'ė', 'ę', 'ě', 'È', 'É', 'Ê', 'Ë', 'Ē', 'Ė', 'Ę', 'Ě':
		return "e", true
	case 'ğ', 'Ğ':
		return "g", true
	case 'ì', 'í', 'î', 'ï', 'ī', 'į', 'ı', 'Ì', 'Í', 'Î', 'Ï', 'Ī', 'Į', 'İ':
		return "i", true
	case 'ł', 'Ł', 'ľ', 'Ľ':
		return "l", true
	case 'ñ', 'ń', 'ň', 'Ñ', 'Ń', 'Ň':
		return "n", true
	case 'ò', 'ó', 'ô', 'õ', 'ö', 'ø', 'ō', 'ő', 'Ò', 'Ó', 'Ô', 'Õ', 'Ö', 'Ø', 'Ō', 'Ő':
		return "o", true
	case 'ř', 'Ř':
		return "r", true
	case 'ś', 'š', 'ş', 'ș', 'Ś', 'Š', 'Ş', 'Ș':
		return "s", true
	case 'ß':
		return "ss", true
	case 'ť', 'ţ', 'ț', 'Ť', 'Ţ', 'Ț':
		return "t", true
	case 'ù', 'ú', 'û', 'ü', 'ū', 'ů', 'ű', 'ų', 'Ù', 'Ú', 'Û', 'Ü', 'Ū', 'Ů', 'Ű', 'Ų':
		return "u", true
	case 'ý', 'ÿ', 'Ý', 'Ÿ':
		return "y", true
	case 'ź', 'ż', 'ž', 'Ź', 'Ż', 'Ž':
		return "z", true
	case 'æ', 'Æ':
		return "ae", true
	case 'œ', 'Œ':
		return "oe", true
	case '’', '‘', 'ʼ':
		return "'", true
	}
	return "", false
}

// tokens splits folded text into words. Dots inside a word are dropped so
// that "M.Sc." reads "msc"; "&" reads "and"; a trailing "'s" is dropped.
func tokens(s string) []string {
	var tb textBuf
	return appendTokens(&tb, s)
}

// appendTokens is tokens into the buffer's arena. It runs for every
// prediction, so it reads bytes without building strings, and a pooled
// buffer interns the words: a name it has read words of before costs no
// allocation.
func appendTokens[T string | []byte](tb *textBuf, s T) []string {
	mark := len(tb.toks)
	tb.word = tb.word[:0]
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			tb.add(rune(c))
			i++
			continue
		}
		var rb [utf8.UTFMax]byte
		r, size := utf8.DecodeRune(rb[:copy(rb[:], s[i:])])
		i += size
		// foldRune, without building its string.
		if f, ok := foldLatin(r); ok {
			for _, c := range f {
				tb.add(c)
			}
		} else {
			tb.add(unicode.ToLower(r))
		}
	}
	tb.flush()
	tb.toks = tb.toks[:mark+len(tb.mergeInitials(tb.toks[mark:]))]
	return tb.since(mark)
}

// add reads one folded character into the word being read.
func (tb *textBuf) add(c rune) {
	switch {
	case c == '&':
		tb.flush()
		tb.toks = append(tb.toks, "and")
	case c == '.' || c == '\'':
		tb.word = append(tb.word, byte(c))
	case c < utf8.RuneSelf && ('a' <= c && c <= 'z' || '0' <= c && c <= '9'):
		tb.word = append(tb.word, byte(c))
	case c >= utf8.RuneSelf && (unicode.IsLetter(c) || unicode.IsDigit(c)):
		if isIdeograph(c) {
			// Scripts without spaces: one token a character.
			tb.flush()
			tb.word = utf8.AppendRune(tb.word, c)
			tb.flush()
			return
		}
		tb.word = utf8.AppendRune(tb.word, c)
	default:
		tb.flush()
	}
}

// flush ends the word being read: its dots and apostrophes are dropped.
func (tb *textBuf) flush() {
	w := bytes.Trim(tb.word, ".'")
	w = bytes.TrimSuffix(w, []byte("'s"))
	n := 0
	for _, c := range w {
		if c != '.' && c != '\'' {
			w[n] = c
			n++
		}
	}
	if n > 0 {
		tb.toks = append(tb.toks, tb.intern(w[:n]))
	}
	tb.word = tb.word[:0]
}

func isIdeograph(r rune) bool {
	return unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r) ||
		unicode.Is(unicode.Thai, r)
}

// mergeInitials joins a degree spelled with spaces, "B. Sc." or "Ph. D.",
// into one token when the join is a known abbreviation. It works in
// place.
func mergeInitials(ts []string) []string { return (*textBuf)(nil).mergeInitials(ts) }

func (tb *textBuf) mergeInitials(ts []string) []string {
	out := ts[:0] // written at or before the token read
	for i := 0; i < len(ts); i++ {
		if i+1 < len(ts) && len(ts[i]) <= 2 {
			if _, ok := abbrevs[ts[i]+ts[i+1]]; ok {
				if _, alone := abbrevs[ts[i+1]]; !alone || len(ts[i+1]) <= 2 {
					out = append(out, tb.join(ts[i], ts[i+1]))
					i++
					continue
				}
			}
		}
		out = append(out, ts[i])
	}
	return out
}

// join returns a+b, interned when tb interns.
func (tb *textBuf) join(a, b string) string {
	if tb == nil || tb.words == nil {
		return a + b
	}
	var buf [32]byte
	return tb.intern(append(append(buf[:0], a...), b...))
}

// Analysis is what the model reads in a catalog entry: the degree level
// and the words that name the field of study.
type Analysis struct {
	Degree Degree
	// Field holds the folded words that name the field, in order, with
	// degree words and joiners removed ("computer", "science"). A name
	// that is only a degree has none.
	Field []string
	// Implied is the field a degree implies ("mba" gives "business
	// administration"), already included in Field, unless the name names
	// the field after "in".
	Implied string
	// Concentrations are the field words of the qualifiers that follow
	// the head ("Specialization in Data Science", "– Y Track", "(AI)"),
	// first first: the named concentration is the first the model can
	// read. Field holds the head's words only.
	Concentrations [][]string
}

// Analyze reads a program name: the head field, and the concentrations
// named after it (see splitName). Institution, when not empty, is removed
// from the head where it appears in full ("University of Sydney Business
// School MBA").
func Analyze(program, institution string) Analysis {
	var tb textBuf
	a, _ := tb.analyzeEntry(program, institution)
	return a
}

// analyzeEntry is Analyze in the buffer, and also returns the degree
// level of the program name read whole (institution left in), which
// DegreeOf needs: the name is tokenised once for both.
func (tb *textBuf) analyzeEntry(program, institution string) (a Analysis, whole Degree) {
	head, quals := tb.splitName(program)
	ts, inline := headAndConcentration(appendTokens(tb, head))
	field := ts
	if institution != "" {
		field = tb.removeRun(ts, appendTokens(tb, institution))
	}
	a = tb.analyze(field)
	whole = a.Degree
	if len(field) != len(ts) {
		whole = tb.analyze(ts).Degree
	}
	if inline == nil && len(quals) == 0 {
		return a, whole
	}
	read := func(q []string) {
		qa := tb.analyze(tb.qualifierTokens(q))
		a.Degree, whole = max(a.Degree, qa.Degree), max(whole, qa.Degree)
		switch {
		case len(qa.Field) == 0:
		case len(a.Field) == 0:
			// "Master of Science (Data Science)": the head names only a
			// degree, so the first qualifier with a field is the field.
			a.Field, a.Implied = qa.Field, qa.Implied
		case len(a.Concentrations) < maxConcentrations:
			if a.Concentrations == nil {
				a.Concentrations = tb.concs[:0]
			}
			a.Concentrations = append(a.Concentrations, qa.Field)
		}
	}
	if inline != nil {
		read(inline)
	}
	for _, q := range quals {
		read(appendTokens(tb, q))
	}
	return a, whole
}

// maxConcentrations is how many qualifiers with field words an analysis
// keeps as candidate concentrations; the model reads the first it knows
// words of.
const maxConcentrations = 3

// impliedWords are the words of the fields degrees imply ("business
// administration": "business", "administration"), split once.
var impliedWords = func() map[string][]string {
	m := map[string][]string{}
	for _, ab := range abbrevs {
		if ab.field != "" {
			m[ab.field] = strings.Fields(ab.field)
		}
	}
	return m
}()

// analyze reads the tokens of a program name (see Analyze), with the
// field's words in the buffer's arena.
func (tb *textBuf) analyze(ts []string) Analysis {
	var a Analysis
	mark := len(tb.toks) // the field's words are appended from here
	var impliedBuf [4]string
	implied := impliedBuf[:0]
	explicit := false // the name says "<degree> in <field>"
	setDegree := func(d Degree) {
		if d > a.Degree {
			a.Degree = d
		}
	}
	for i := 0; i < len(ts); i++ {
		t := ts[i]
		if ab, ok := abbrevs[t]; ok && (ab.anywhere || i == 0 || i == len(ts)-1 || (i+1 < len(ts) && inWords[ts[i+1]])) {
			setDegree(ab.level)
			if i+1 < len(ts) && inWords[ts[i+1]] {
				explicit = true
			}
			if ab.field != "" {
				implied = append(implied, ab.field)
			}
			continue
		}
		d, head := headWords[t]
		if !head {
			if !noise[t] {
				tb.toks = append(tb.toks, t)
			}
			continue
		}
		setDegree(d)
		// Skip the words that qualify the head: "Master's Programme",
		// "Graduate Certificate", then read "of X" and "in Y".
		j := i + 1
		for j < len(ts) && (noise[ts[j]] && ts[j] != "of" && ts[j] != "de" && !inWords[ts[j]]) {
			j++
		}
		for j < len(ts) {
			if _, h := headWords[ts[j]]; !h {
				break
			}
			setDegree(headWords[ts[j]])
			j++
		}
		if j < len(ts) && (ts[j] == "of" || ts[j] == "de" || ts[j] == "do" || ts[j] == "di") {
			// "of X [in Y]": X names the degree when Y follows or when X is
			// only generic words ("of Science").
			k := j + 1
			for k < len(ts) && !inWords[ts[k]] {
				k++
			}
			x := ts[j+1 : k]
			if d == DegreeDoctorate && len(x) > 0 && professionalDoctorates[x[0]] {
				setDegree(DegreeProfessionalDoctorate)
			}
			if k < len(ts) || allGeneric(x) {
				explicit = explicit || k < len(ts)
				i = k // "in" is noise; Y is read by the loop
				continue
			}
			i = j
			continue
		}
		explicit = explicit || j < len(ts) && inWords[ts[j]]
		i = j - 1
	}
	// A degree's own field ("mba": business administration) counts unless
	// the name gives the field after "in": "Wharton MBA" is business
	// administration, "MBA in Business Analytics" is business analytics.
	// "Engineering" and "technology" (BEng, MTech) are too broad to add
	// to a named field: "B.Tech Computer Science" is computer science.
	if len(tb.toks) > mark {
		implied = slices.DeleteFunc(implied, func(f string) bool { return f == "engineering" || f == "technology" })
	}
	if !explicit && len(implied) > 0 {
		a.Implied = strings.Join(implied, " ")
		for _, f := range implied {
			tb.toks = append(tb.toks, impliedWords[f]...)
		}
	}
	if len(tb.toks) > mark {
		a.Field = tb.since(mark)
	}
	return a
}

func allGeneric(ws []string) bool {
	for _, w := range ws {
		if !genericOf[w] && !noise[w] {
			return false
		}
	}
	return true
}

// removeRun returns ts without the first occurrence of run (two tokens or
// more), in the buffer's arena.
func (tb *textBuf) removeRun(ts, run []string) []string {
	if len(run) < 2 || len(run) > len(ts) {
		return ts
	}
	for i := 0; i+len(run) <= len(ts); i++ {
		match := true
		for j := range run {
			if ts[i+j] != run[j] {
				match = false
				break
			}
		}
		if match {
			mark := len(tb.toks)
			tb.toks = append(append(tb.toks, ts[:i]...), ts[i+len(run):]...)
			return tb.since(mark)
		}
	}
	return ts
}

// DegreeOf reads a catalog's degree text ("Master's", "MBA", "Doctorate",
// "Certificate") and, when it says nothing, the program name.
func DegreeOf(degree, program string) Degree {
	tb := getTextBuf()
	defer putTextBuf(tb)
	return tb.degreeOf(degree, tb.analyze(appendTokens(tb, program)).Degree)
}

// degreeOf is DegreeOf with the level the program name gives, p.
func (tb *textBuf) degreeOf(degree string, p Degree) Degree {
	dts := appendTokens(tb, degree)
	d := tb.analyze(dts).Degree
	if d == DegreeUnknown && len(dts) == 1 {
		switch dts[0] {
		case "doctorate", "doctoral", "phd":
			d = DegreeDoctorate
		}
	}
	// The name is more specific about doctorates: "Juris Doctor" under
	// degree "Doctorate" is a professional doctorate.
	if d == DegreeUnknown || (d == DegreeDoctorate && p == DegreeProfessionalDoctorate) {
		return p
	}
	return d
}

// stem returns the English Snowball stem of a folded word. Words in other
// languages get the English rules too: they only need to be stemmed the
// same way at training and at prediction.
func stem(w string) string {
	if len(w) <= 3 {
		return w
	}
	stems.mu.RLock()
	s, ok := stems.m[w]
	stems.mu.RUnlock()
	if ok {
		return s
	}
	s = english.Stem(w, true)
	stems.mu.Lock()
	if len(stems.m) < maxCachedStems {
		stems.m[w] = s
	}
	stems.mu.Unlock()
	return s
}

// stems caches stem, which costs more than the rest of reading a name:
// catalog names reuse a small vocabulary. The cache stops growing at
// maxCachedStems words, so that unusual input cannot grow it without
// bound; words beyond are stemmed each time.
var stems = struct {
	mu sync.RWMutex
	m  map[string]string
}{m: make(map[string]string)}

const maxCachedStems = 1 << 15
