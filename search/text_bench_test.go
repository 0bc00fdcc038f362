package search_test

import (
	"context"
	"strings"
	"sync"
	"testing"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/classify"
	"github.com/careerpath/careerpath/data"
	"github.com/careerpath/careerpath/search"
)

// BenchmarkFinderSearch is free-text search on the real catalog and at 2M
// synthetic programs, with the champion relevance model reading topics:
// a typo, a half-typed word, a topic, and the worst case, 200 characters
// of 2-letter words. Each reports p50 and p99, and the process's CPU
// time per query (cpu-ms/op), which a loaded machine distorts less.
//
//	go test ./search -run '^$' -bench 'FinderSearch' -benchtime 2000x
func BenchmarkFinderSearch(b *testing.B) {
	ctx := context.Background()
	c := realCatalog(b)
	topics := championTopics(b)
	worst := strings.TrimSpace(strings.Repeat("of in at an to de la el ", 9))[:200]
	qs := []struct{ name, q string }{
		{"typo", "computr science"}, {"prefix", "data scien"}, {"topic", "machine learning"},
		{"alias-words", "georgia tech online masters"}, {"worst-2-letter", worst},
	}
	run := func(b *testing.B, ix *search.Index) {
		svc := search.NewService(ix)
		svc.UseTopics(topics)
		for _, q := range qs {
			b.Run(q.name, func(b *testing.B) {
				withCPU(b, func() {
					latencies(b, func() error {
						_, err := svc.FindPrograms(ctx, careerpath.ProgramFilter{Query: q.q, PerPage: 20})
						return err
					})
				})
			})
		}
	}
	b.Run("real", func(b *testing.B) { run(b, c.index) })
	b.Run("synthetic-2M", func(b *testing.B) { run(b, syntheticCatalog(b, false).index) })
}

// championTopics reads topics with the relevance model as serve does: a
// model trained on the bundled data with the default config (the test
// import registers none).
func championTopics(tb testing.TB) search.Topics {
	modelOnce.Do(func() {
		var d *classify.TrainingData
		if d, modelErr = classify.DefaultTrainingData(data.FS); modelErr == nil {
			trained, modelErr = classify.Train(d, classify.DefaultConfig(), 1)
		}
	})
	if modelErr != nil {
		tb.Fatal(modelErr)
	}
	m := trained
	return func(text string) []search.Topic {
		var out []search.Topic
		for _, p := range m.Predict(classify.Entry{Program: text}).Predictions {
			out = append(out, search.Topic{CIP: p.CIP, Title: p.Title, Probability: p.Probability})
		}
		return out
	}
}

var (
	modelOnce sync.Once
	trained   *classify.Linear
	modelErr  error
)

// BenchmarkSuggest is suggestions for partial queries on the real
// catalog, p50 and p99.
//
//	go test ./search -run '^$' -bench 'Suggest' -benchtime 5000x
func BenchmarkSuggest(b *testing.B) {
	ix := realCatalog(b).index
	for _, q := range []string{"georgia te", "comp sci", "nurs", "ut a", "m"} {
		b.Run(strings.ReplaceAll(q, " ", "_"), func(b *testing.B) {
			withCPU(b, func() { latencies(b, func() error { ix.Suggest(q); return nil }) })
		})
	}
}
