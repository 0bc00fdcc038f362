// Package jobtitle normalises free-text job titles so that the salary
// survey's titles can be matched to the titles a career lists.
package jobtitle

import "strings"

// abbreviations are the short forms that survey respondents and editors use
// interchangeably with the long ones. Only whole words are expanded, so
// "Mail Clerk" keeps its "ai" and "HTML" its "ml".
var abbreviations = map[string]string{
	"ml": "machine learning",
	"ai": "artificial intelligence",
}

// Normalize returns the form of a job title used to compare titles: lower
// case, words separated by single spaces, and the abbreviations "ML" and
// "AI" written out, so that "ML  Engineer" and "machine learning engineer"
// compare equal. It changes nothing else: "Data Scientist" and "Data
// Scientists" stay different titles.
func Normalize(title string) string {
	words := strings.Fields(strings.ToLower(title))
	for i, w := range words {
		if long, ok := abbreviations[w]; ok {
			words[i] = long
		}
	}
	return strings.Join(words, " ")
}
