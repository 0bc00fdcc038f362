package search

import (
	"context"
	"testing"

	careerpath "github.com/careerpath/careerpath"
)

// TestSuggestTypos: suggestions read a typed word that starts no word of
// their names as the names' words within its typo budget.
func TestSuggestTypos(t *testing.T) {
	if got := editDistance("tehc", "tech", 1); got != 1 {
		t.Errorf("editDistance(tehc, tech) = %d, want 1: a swap is one edit", got)
	}
	s := textService(t, nil)
	for _, tt := range []struct {
		q, want string
		kind    string
	}{
		{"georgia tehc", "Georgia Institute of Technology", careerpath.SuggestInstitution}, // the alias Georgia Tech
		{"gerogia te", "Georgia Institute of Technology", careerpath.SuggestInstitution},
		{"computr sci", "Computer Science", careerpath.SuggestField},
		{"artifical intel", "Artificial Intelligence", careerpath.SuggestField},
		{"harbr", "Harbor University", careerpath.SuggestInstitution}, // the last word: a typo in a word's start
	} {
		got, err := s.Suggest(context.Background(), tt.q)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) == 0 || got[0].Text != tt.want || got[0].Kind != tt.kind || got[0].Count == 0 {
			t.Errorf("Suggest(%q) = %+v, want %s (%s) first, with its count", tt.q, got, tt.want, tt.kind)
		}
		if len(got) > careerpath.MaxSuggestions {
			t.Errorf("Suggest(%q): %d suggestions", tt.q, len(got))
		}
	}
	// Below 4 letters, no typo: "tex" starts Texas; "txe" is nothing.
	if got, _ := s.Suggest(context.Background(), "txe"); len(got) != 0 {
		t.Errorf("Suggest(txe) = %+v, want none", got)
	}
}
