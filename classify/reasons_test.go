package classify

import (
	"fmt"
	"testing"

	"github.com/careerpath/careerpath/relevance"
)

// TestReasonText checks that the cached reason texts are fmt's, for
// percentages that round alike and apart, and for NaN.
func TestReasonText(t *testing.T) {
	for _, x := range []float64{0, 0.4, 0.5, 1.5, 2.5, 49.5, 50.49, 99.99, 100, 12.5000001} {
		for range 2 { // the second call reads the cache
			if got, want := reasons.text(reasonPredicted, "Data Science", "30.7001", x), fmt.Sprintf("Field of study predicted from the name: %s (CIP %s), %.0f%% likely.", "Data Science", "30.7001", x); got != want {
				t.Errorf("text(%v) = %q, want %q", x, got, want)
			}
			if got, want := reasons.text(reasonUnknownWords, "", "", x), fmt.Sprintf("Most words of the program name are unknown to the model (%.0f%% known): the field of study is not clear.", x); got != want {
				t.Errorf("text(%v) = %q, want %q", x, got, want)
			}
		}
	}
}

// TestClassifyEntryAllocs holds classifying an entry with a *Linear to
// one allocation, its reasons, once the buffers and caches are warm.
func TestClassifyEntryAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("sync.Pool drops buffers at random under the race detector")
	}
	m, rel := smallWithRule(t)
	es := []Entry{
		{Institution: "Acme University", Program: "Master of Science in Computer Science, Specialization in Machine Learning", Degree: "Master's"},
		{Institution: "Acme University", Program: "MBA with a concentration in Data Science (Online)", Degree: "MBA"},
		{Program: "Graduate Certificate in Data Analytics", Degree: "Certificate"},
	}
	for _, e := range es {
		ClassifyEntry(rel, DevSetCareer, m, "v1", e)
		if n := testing.AllocsPerRun(100, func() { ClassifyEntry(rel, DevSetCareer, m, "v1", e) }); n > 1 {
			t.Errorf("ClassifyEntry(%q) allocates %.0f times, want at most 1", e.Program, n)
		}
	}
}

// smallWithRule trains a small model and reads the bundled relevance rule.
func smallWithRule(t *testing.T) (*Linear, *relevance.Rule) {
	t.Helper()
	d, cfg := small(t)
	m, err := Train(d, cfg, 1)
	if err != nil {
		t.Fatal(err)
	}
	rel, err := relevanceModel()
	if err != nil {
		t.Fatal(err)
	}
	return m, rel
}
