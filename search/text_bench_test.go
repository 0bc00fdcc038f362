package search_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/classify"
	"github.com/careerpath/careerpath/search"
)

// BenchmarkFinderSearch is free-text search on the real catalog and at 2M
// synthetic programs, with the champion relevance model reading topics:
// a typo, a half-typed word, a topic, and the worst case, 200 characters
// of 2-letter words. Each reports p50 and p99.
//
//	go test ./search -run '^$' -bench 'FinderSearch' -benchtime 2000x
func BenchmarkFinderSearch(b *testing.B) {
	ctx := context.Background()
	c := realCatalog(b)
	topics := championTopics(b, c)
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
				latencies(b, func() error {
					_, err := svc.FindPrograms(ctx, careerpath.ProgramFilter{Query: q.q, PerPage: 20})
					return err
				})
			})
		}
	}
	b.Run("real", func(b *testing.B) { run(b, c.index) })
	b.Run("synthetic-2M", func(b *testing.B) { run(b, syntheticCatalog(b, false).index) })
}

// championTopics reads topics with the champion model of the real
// catalog's registry, as serve does.
func championTopics(tb testing.TB, c *catalog) search.Topics {
	ctx := context.Background()
	v, err := c.db.Alias(ctx, "champion")
	if err != nil {
		tb.Fatal(err)
	}
	art, err := c.db.ModelArtifact(ctx, v)
	if err != nil {
		tb.Fatal(err)
	}
	m, err := classify.Load(bytes.NewReader(art))
	if err != nil {
		tb.Fatal(err)
	}
	return func(text string) []search.Topic {
		var out []search.Topic
		for _, p := range m.Predict(classify.Entry{Program: text}).Predictions {
			out = append(out, search.Topic{CIP: p.CIP, Title: p.Title, Probability: p.Probability})
		}
		return out
	}
}
