package catalog

import (
	"fmt"
	"math"
	"net/url"
	"strconv"
	"strings"
	"unicode"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/opendata"
)

// The catalog fields, in the order of PRODUCT.md.
var columns = [...]string{
	"institution", "program", "degree", "format", "city", "region", "country",
	"duration_years", "tuition", "currency", "url", "description", "cip",
}

const (
	colInstitution = iota
	colProgram
	colDegree
	colFormat
	colCity
	colRegion
	colCountry
	colDuration
	colTuition
	colCurrency
	colURL
	colDescription
	colCIP
	numColumns
)

// columnIndex returns the index of the lower-case column name, or -1.
func columnIndex(name string) int {
	for i, c := range columns {
		if c == name {
			return i
		}
	}
	return -1
}

// suggest returns ` (did you mean "x"?)` for a name close to a column.
func suggest(name string) string {
	best, bestD := "", 3
	for _, c := range columns {
		if d := distance(name, c); d < bestD {
			best, bestD = c, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}

// distance is the Levenshtein distance of short ASCII-ish names.
func distance(a, b string) int {
	if len(a) > 64 || len(b) > 64 {
		return 99
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// record is one entry as read, by catalog column.
type record struct {
	line, col int
	f         [numColumns]field
}

// row validates a record and, if it has no problem, keeps its entry.
func (p *parser) row(rec *record, isJSON bool) {
	before := p.nproblems
	ok := [numColumns]bool{}
	for i := range rec.f {
		ok[i] = p.checkField(columns[i], &rec.f[i], i == colDuration || i == colTuition || i == colCIP)
	}
	text := func(i int) string {
		if ok[i] {
			return rec.f[i].val
		}
		return ""
	}
	e := careerpath.CatalogEntry{Line: rec.line}

	for _, i := range []int{colInstitution, colProgram} {
		f := &rec.f[i]
		switch {
		case p.absent[i] || f.present && !ok[i]:
		case !f.present && isJSON:
			p.add(rec.line, rec.col, columns[i], "missing required field %q", columns[i])
		case f.val == "":
			line, col := f.line, f.col
			if line == 0 {
				line, col = rec.line, 0
			}
			p.add(line, col, columns[i], "%s is required and empty", columns[i])
		}
	}
	e.Institution = text(colInstitution)
	e.Program = text(colProgram)
	e.Degree = text(colDegree)
	e.City = text(colCity)
	e.Region = text(colRegion)
	e.Description = text(colDescription)

	if v := text(colFormat); v != "" {
		switch f := strings.ToLower(v); f {
		case careerpath.FormatOnline, careerpath.FormatOnCampus, careerpath.FormatHybrid:
			e.Format = f
		default:
			p.bad(&rec.f[colFormat], "format", "%q is not a format: want online, on-campus or hybrid", v)
		}
	}
	if v := text(colCountry); v != "" {
		c := strings.ToUpper(v)
		switch {
		case countries[c]:
			e.Country = c
		case c == "UK":
			p.bad(&rec.f[colCountry], "country", "%q is not an ISO 3166-1 code: the United Kingdom is GB", v)
		default:
			p.bad(&rec.f[colCountry], "country", "%q is not a country code: want an ISO 3166-1 alpha-2 code such as US, GB or DE", v)
		}
	}
	e.DurationYears = p.number(&rec.f[colDuration], ok[colDuration], "duration_years", 20, "years (is it in months?)")
	e.Tuition = p.number(&rec.f[colTuition], ok[colTuition], "tuition", 0, "")
	if v := text(colCurrency); v != "" {
		c := strings.ToUpper(v)
		if currencies[c] {
			e.Currency = c
		} else {
			p.bad(&rec.f[colCurrency], "currency", "%q is not a currency: want an ISO 4217 code such as USD, EUR or GBP", v)
		}
	}
	if e.Tuition != nil && text(colCurrency) == "" && !(rec.f[colCurrency].present && !ok[colCurrency]) {
		p.bad(&rec.f[colTuition], "tuition", "tuition without a currency: give the currency (USD, EUR, ...) in the currency field")
	}
	if v := text(colURL); v != "" {
		if u, err := url.Parse(v); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || strings.ContainsAny(v, " \t\n") {
			p.bad(&rec.f[colURL], "url", "%q is not a web address: want an http or https URL such as https://example.edu/programs/cs", clip(v))
		} else {
			e.URL = v
		}
	}
	if v := text(colCIP); v != "" {
		code, valid := opendata.NormalizeCIP(v)
		switch {
		case !valid:
			p.bad(&rec.f[colCIP], "cip", "%q is not a CIP code: want a 6-digit CIP 2020 code such as 11.0701", clip(v))
		case len(code) != 7:
			p.bad(&rec.f[colCIP], "cip", "%q is a CIP family or series, not a program: want a 6-digit CIP 2020 code such as 11.0701", v)
		case p.opt.KnownCIP != nil && !p.opt.KnownCIP[code]:
			p.bad(&rec.f[colCIP], "cip", "%s is not a CIP 2020 program code in use (see https://nces.ed.gov/ipeds/cipcode/)", code)
		default:
			e.CIP = code
		}
	}
	e.Award = AwardOf(e.Degree, e.Program, e.DurationYears)

	if e.Institution != "" && e.Program != "" {
		key := fold(e.Institution) + "\x00" + fold(e.Program) + "\x00" + fold(e.Degree) + "\x00" + e.Country
		if first, dup := p.seen[key]; dup {
			f := rec.f[colInstitution]
			p.add(f.line, f.col, "", "duplicate entry: same institution, program, degree and country as the entry at line %d", first)
		} else {
			p.seen[key] = rec.line
		}
	}
	if p.nproblems == before {
		p.entries = append(p.entries, e)
	}
}

// checkField reports what is wrong with a value whatever its column: size,
// encoding, control characters, JSON type. It returns whether the value
// can be read further.
func (p *parser) checkField(name string, f *field, numeric bool) bool {
	if !f.present {
		return false
	}
	ok := true
	if f.tooLarge {
		p.add(f.line, f.col, name, "value is %d bytes, over the limit of %s", f.size, sizeString(int64(p.opt.MaxField)))
		ok = false
	}
	if f.badLine != 0 {
		p.add(f.badLine, f.badCol, name, "invalid UTF-8: the file must be UTF-8 encoded (was it saved as Latin-1 or Windows-1252?)")
		ok = false
	}
	if f.ctrlLine != 0 && f.badLine == 0 {
		p.add(f.ctrlLine, f.ctrlCol, name, "control character %U in text", f.ctrl)
		ok = false
	}
	switch f.kind {
	case kindNull:
		f.val = ""
	case kindOther:
		want := "a string"
		if numeric {
			want = "a number or a string"
		}
		p.add(f.line, f.col, name, "wrong type: want %s", want)
		ok = false
	case kindNumber:
		if !numeric {
			p.add(f.line, f.col, name, "wrong type: want a string, not the number %s", clip(f.val))
			ok = false
		}
	}
	return ok
}

// bad reports a problem with a value.
func (p *parser) bad(f *field, name, format string, args ...any) {
	p.add(f.line, f.col, name, format, args...)
}

// number reads a decimal number ≥ 0 (and ≤ max if max > 0). Thousands
// separators, currency signs and units are refused rather than guessed.
func (p *parser) number(f *field, ok bool, name string, max float64, unit string) *float64 {
	if !ok || f.val == "" {
		return nil
	}
	v := f.val
	x, err := strconv.ParseFloat(v, 64)
	if err != nil || !isDecimal(v) || math.IsInf(x, 0) || math.IsNaN(x) {
		p.bad(f, name, "%q is not a number: want a plain decimal number such as 2 or 1.5, without thousands separators or units", clip(v))
		return nil
	}
	if x < 0 {
		p.bad(f, name, "%s is negative: want a number ≥ 0", v)
		return nil
	}
	if max > 0 && x > max {
		p.bad(f, name, "%s is more than %g %s", v, max, unit)
		return nil
	}
	return &x
}

// isDecimal accepts an optional minus sign, digits, an optional fraction
// and exponent, as JSON numbers are written.
func isDecimal(s string) bool {
	s = strings.TrimPrefix(s, "-")
	digits := func() int {
		n := 0
		for n < len(s) && s[n] >= '0' && s[n] <= '9' {
			n++
		}
		s = s[n:]
		return n
	}
	if digits() == 0 {
		return false
	}
	if strings.HasPrefix(s, ".") {
		s = s[1:]
		if digits() == 0 {
			return false
		}
	}
	if len(s) > 0 && (s[0] == 'e' || s[0] == 'E') {
		s = strings.TrimLeft(s[1:], "+-")
		if digits() == 0 {
			return false
		}
	}
	return s == ""
}

// fold normalises text for duplicate detection: case and runs of spaces
// do not make two entries different.
func fold(s string) string {
	return strings.Join(strings.FieldsFunc(strings.ToLower(s), unicode.IsSpace), " ")
}

// clip shortens a value quoted in a message.
func clip(s string) string {
	const n = 80
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && s[cut]&0xC0 == 0x80 {
		cut--
	}
	return s[:cut] + "…"
}
