package opendata

import "strings"

// NormalizeCIP returns a CIP code in its canonical text form: a 2-digit
// family ("11"), a 4-digit series ("11.07") or a 6-digit program
// ("11.0701"), with the leading zero kept ("01.0101"). It accepts the forms
// found in the source files: "11.0701", "1.0701" (leading zero lost),
// Excel-quoted `="01.0101"`, and digits only as Scorecard writes them
// ("301" is 03.01, "110701" is 11.0701).
func NormalizeCIP(s string) (string, bool) {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(s, "=")
	s = strings.Trim(s, `"`)
	if s == "" || !isCIPText(s) {
		return "", false
	}
	var family, rest string
	if i := strings.IndexByte(s, '.'); i >= 0 {
		family, rest = s[:i], s[i+1:]
		if len(rest) != 2 && len(rest) != 4 {
			return "", false
		}
	} else {
		switch n := len(s); {
		case n <= 2:
			family = s
		case n <= 4:
			s = pad(s, 4)
			family, rest = s[:2], s[2:]
		case n <= 6:
			s = pad(s, 6)
			family, rest = s[:2], s[2:]
		default:
			return "", false
		}
	}
	if len(family) == 0 || len(family) > 2 {
		return "", false
	}
	family = pad(family, 2)
	if rest == "" {
		return family, true
	}
	return family + "." + rest, true
}

func isCIPText(s string) bool {
	dots := 0
	for _, r := range s {
		switch {
		case r == '.':
			dots++
		case r < '0' || r > '9':
			return false
		}
	}
	return dots <= 1
}

func pad(s string, n int) string {
	if len(s) >= n {
		return s
	}
	return strings.Repeat("0", n-len(s)) + s
}
