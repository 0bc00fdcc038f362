package classify

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/kljensen/snowball/english"
)

// tokensReference is the first, plain tokens: one string per folded
// rune, a strings.Builder per word. tokens must give the same words
// (FuzzTokens), since a model reads only the features its training
// tokens gave.
func tokensReference(s string) []string {
	var out []string
	var b strings.Builder
	flush := func() {
		w := b.String()
		b.Reset()
		w = strings.Trim(w, ".'")
		w = strings.TrimSuffix(w, "'s")
		w = strings.ReplaceAll(w, ".", "")
		w = strings.ReplaceAll(w, "'", "")
		if w != "" {
			out = append(out, w)
		}
	}
	for _, r := range s {
		for _, c := range foldRune(r) {
			switch {
			case c == '&':
				flush()
				out = append(out, "and")
			case c == '.' || c == '\'':
				b.WriteRune(c)
			case unicode.IsLetter(c) || unicode.IsDigit(c):
				if isIdeograph(c) {
					flush()
					b.WriteRune(c)
					flush()
					continue
				}
				b.WriteRune(c)
			default:
				flush()
			}
		}
	}
	flush()
	return mergeInitials(out)
}

var tokenSeeds = []string{
	"MSc Machine Learning", "B. Sc. (Hons)", "Ingeniería en Sistemas", "计算机科学与技术", "Ph. D.",
	"Master's Programme in Machine Learning, Data Science and Artificial Intelligence",
	"M.Sc. Informatik & Straße", "Ünïversité d’Économie 'quoted' .dots. o'neil's", "ÆØÅ œuvre Kelvin \u212a",
	"BS in Information Technology", "Licenciatura en Administración de Empresas", "\xff\xfe broken utf8",
	"'s", "...", "A&M", "ΜΗΧΑΝΙΚΗ μάθηση", "Машинное обучение", "ปริญญาโท", "x86-64 C++ .NET",
}

func TestTokensMatchReference(t *testing.T) {
	ins := append([]string{}, tokenSeeds...)
	for _, e := range benchEntries(t) {
		ins = append(ins, e.Program, e.Institution, e.Degree)
	}
	for _, s := range ins {
		if got, want := tokens(s), tokensReference(s); !slices.Equal(got, want) {
			t.Errorf("tokens(%q) = %q, want %q", s, got, want)
		}
	}
}

func FuzzTokens(f *testing.F) {
	for _, s := range tokenSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := tokens(s), tokensReference(s); !slices.Equal(got, want) {
			t.Fatalf("tokens(%q) = %q, want %q", s, got, want)
		}
	})
}

// TestStemCache checks that the cached stem is Snowball's, before and
// after the cache is full, and that the cache stops at maxCachedStems.
func TestStemCache(t *testing.T) {
	words := []string{"engineering", "sciences", "learning", "informatique", "statistics"}
	check := func() {
		for _, w := range words {
			for range 2 { // the second call reads the cache
				if got, want := stem(w), english.Stem(w, true); got != want {
					t.Errorf("stem(%q) = %q, want %q", w, got, want)
				}
			}
		}
	}
	check()
	for i := range maxCachedStems + 100 {
		stem(fmt.Sprintf("filler%dword", i))
	}
	stems.mu.RLock()
	n := len(stems.m)
	stems.mu.RUnlock()
	if n > maxCachedStems {
		t.Errorf("stem cache holds %d words, want at most %d", n, maxCachedStems)
	}
	words = append(words, "neurosciences", "mechatronics")
	check()
}
