package careerpath

import (
	"slices"
	"strings"
)

// WithoutWords returns the query q without the words of the phrase
// (compared as Tokenize reads them): the query a student gets by removing
// a filter that words of the query stood for.
func WithoutWords(q, phrase string) string {
	drop := Tokenize(phrase)
	var kept []string
	for _, field := range strings.Fields(q) {
		words := Tokenize(field)
		all := len(words) > 0
		for _, w := range words {
			all = all && slices.Contains(drop, w)
		}
		if !all {
			kept = append(kept, field)
		}
	}
	return strings.Join(kept, " ")
}
