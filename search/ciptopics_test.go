package search

import (
	"testing"

	"github.com/careerpath/careerpath/data"
)

// TestCIPTopics reads texts as fields of study by CIP 2020's own words:
// a title, an example program name, a cross-reference.
func TestCIPTopics(t *testing.T) {
	topics, err := BundledCIPTopics(data.FS)
	if err != nil {
		t.Fatal(err)
	}
	p := func(q, cip string) float64 {
		for _, x := range topics(q) {
			if x.CIP == cip {
				return x.Probability
			}
		}
		return 0
	}
	for _, tt := range []struct {
		q, cip string
		want   float64
	}{
		{"data science", "30.7001", cipTitleP},         // "Data Science, General."
		{"registered nurse", "51.3801", cipTitleP},     // "Registered Nursing/Registered Nurse."
		{"agroeconomics", "01.0103", cipExampleP},      // an example of Agricultural Economics
		{"computer science", "14.0901", cipTitleP / 2}, // Computer Science's cross-reference
		{"online data science", "30.7001", cipTitleP * 2 / 3},
	} {
		if got := p(tt.q, tt.cip); got != tt.want {
			t.Errorf("%q: %s with probability %v, want %v (topics %+v)", tt.q, tt.cip, got, tt.want, topics(tt.q))
		}
	}
	for _, q := range []string{"zzzz", "", "the study of"} {
		if got := topics(q); len(got) != 0 {
			t.Errorf("%q: topics %+v, want none", q, got)
		}
	}
	both := CombineTopics(topics, nil, func(string) []Topic {
		return []Topic{{CIP: "30.7001", Probability: 0.95}, {CIP: "11.0701", Probability: 0.1}}
	})
	if got := both("data science"); len(got) < 2 || got[0].CIP != "30.7001" || got[0].Probability != 0.95 || got[len(got)-1].CIP != "11.0701" {
		t.Errorf("combined topics = %+v, want 30.7001 at 0.95 first, 11.0701 last", got)
	}
}
