package classify

import (
	"context"
	"slices"
	"testing"
	"time"

	careerpath "github.com/careerpath/careerpath"
)

func TestWarmUp(t *testing.T) {
	d, cfg := small(t)
	m, rel := smallWithRule(t)
	if err := WarmUp(m, rel); err != nil {
		t.Errorf("WarmUp(a sane model) = %v", err)
	}
	// Without the computing family the model cannot read "MSc Computer
	// Science".
	noCS := &TrainingData{}
	for _, c := range d.Classes {
		if c.CIP[:2] != "11" {
			noCS.Classes = append(noCS.Classes, c)
		}
	}
	for _, e := range d.Examples {
		if e.CIP[:2] != "11" {
			noCS.Examples = append(noCS.Examples, e)
		}
	}
	bad, err := Train(noCS, cfg, 1)
	if err != nil {
		t.Fatal(err)
	}
	if err := WarmUp(bad, rel); err == nil {
		t.Error("WarmUp accepted a model that cannot read MSc Computer Science")
	}
}

// pendingStore is a CatalogPredictionStore in memory.
type pendingStore struct {
	pending []careerpath.PendingCatalogEntry
	codes   map[string]bool
	got     []careerpath.CatalogPrediction
}

func (s *pendingStore) PendingCatalogEntries(context.Context, int64) ([]careerpath.PendingCatalogEntry, error) {
	return s.pending, nil
}
func (s *pendingStore) SetCatalogPredictions(_ context.Context, p []careerpath.CatalogPrediction) error {
	s.got = p
	return nil
}
func (s *pendingStore) ProgramCIPCodes(context.Context) (map[string]bool, error) {
	return s.codes, nil
}

func TestClassifyPending(t *testing.T) {
	d, cfg := small(t)
	m, err := Train(d, cfg, 1)
	if err != nil {
		t.Fatal(err)
	}
	codes := map[string]bool{}
	for _, c := range d.Classes {
		codes[c.CIP] = true
	}
	s := &pendingStore{codes: codes, pending: []careerpath.PendingCatalogEntry{
		{ID: 1, Text: careerpath.CatalogText{Institution: "Acme", Program: "MSc Machine Learning", Degree: "MSc"}},
		{ID: 2, Text: careerpath.CatalogText{Institution: "Acme", Program: "Xqzv Wrrplk", Degree: "MSc"}},
		{ID: 3, Text: careerpath.CatalogText{Institution: "Acme", Program: "Master of Science", Degree: "MSc"}},
		{ID: 4, Text: careerpath.CatalogText{Institution: "Acme", Program: "Statistics Xqzv", Degree: "BSc"}},
		{ID: 5, Text: careerpath.CatalogText{Institution: "Acme", Program: "计算机科学与技术 (本科)", Degree: "Bachelor's"}},
	}}
	sum, err := ClassifyPending(context.Background(), s, m, 0)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Classified != 1 || sum.HeldForReview != 4 || sum.Unreadable != 3 {
		t.Errorf("ClassifyPending = %+v, want 1 classified and 4 held, 3 of them unreadable", sum)
	}
	want := []string{careerpath.CatalogActive, careerpath.CatalogHeldForReview, careerpath.CatalogHeldForReview, careerpath.CatalogHeldForReview, careerpath.CatalogHeldForReview}
	for i, p := range s.got {
		if p.EntryID != int64(i+1) || p.Status != want[i] {
			t.Errorf("prediction %d = %+v, want entry %d %s", i, p, i+1, want[i])
		}
	}
	if p := s.got[0]; p.CIP[:2] != "11" || p.Confidence < careerpath.CatalogMinConfidence {
		t.Errorf("MSc Machine Learning = %+v, want a computing code at ≥ %.2f", p, careerpath.CatalogMinConfidence)
	}
	if p := s.got[1]; p.CIP != "" || p.Confidence != 0 {
		t.Errorf("an unreadable name = %+v, want no code", p)
	}
	if p := s.got[3]; p.CIP == "" || p.Confidence >= careerpath.CatalogMinConfidence {
		t.Errorf("a half-read name = %+v, want a guess below the threshold, kept for the editor", p)
	}
}

// BenchmarkClassify reports the latency of classifying one entry for a
// career — prediction, relevance and reasons, as the API and the classify
// command do (issue 5: p99 ≤ 100 µs per entry):
//
//	go test ./classify -run '^$' -bench Classify -benchtime 200000x
func BenchmarkClassify(b *testing.B) {
	m, _ := trained(b)
	es := benchEntries(b)
	lat := make([]time.Duration, 0, b.N)
	i := 0
	for b.Loop() {
		start := time.Now()
		ClassifyEntry(shared.rel, evalCareer, m, "v1", es[i%len(es)])
		lat = append(lat, time.Since(start))
		i++
	}
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Nanoseconds())/1e3, "p50-µs")
	b.ReportMetric(float64(lat[len(lat)*99/100].Nanoseconds())/1e3, "p99-µs")
}

// BenchmarkClassifyEntryCost reports the cost of the dearest entry and of
// the median one, each the fastest of its b.N runs, so that a loaded
// machine's waits for a core drop out: at idle, the p99 of
// BenchmarkClassify is bounded by the dearest entry's cost.
//
//	go test ./classify -run '^$' -bench ClassifyEntryCost -benchtime 30x
func BenchmarkClassifyEntryCost(b *testing.B) {
	m, _ := trained(b)
	es := benchEntries(b)
	fastest := make([]time.Duration, len(es))
	for i := range fastest {
		fastest[i] = time.Hour
	}
	for b.Loop() {
		for i, e := range es {
			start := time.Now()
			ClassifyEntry(shared.rel, evalCareer, m, "v1", e)
			fastest[i] = min(fastest[i], time.Since(start))
		}
	}
	slices.Sort(fastest)
	b.ReportMetric(float64(fastest[len(fastest)-1].Nanoseconds())/1e3, "dearest-µs")
	b.ReportMetric(float64(fastest[len(fastest)/2].Nanoseconds())/1e3, "median-µs")
}
