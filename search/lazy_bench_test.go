package search_test

import (
	"context"
	"runtime"
	"slices"
	"testing"
	"time"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/content"
	"github.com/careerpath/careerpath/guides"
	"github.com/careerpath/careerpath/relevance"
	"github.com/careerpath/careerpath/search"
)

// BenchmarkLazyCareers measures the careers generated for every
// occupation in the finder, built on first query (search.WithCareerModels):
// the relevance rule of all of them, and for each career queried the
// first (cold) query, later (warm) queries with the career benchmark's
// filters, and the bytes its columns hold. On the real catalog every
// generated career is queried; on the 2M synthetic one, every 20th.
//
//	go test ./search -run '^$' -bench LazyCareers -benchtime 1x -timeout 30m
func BenchmarkLazyCareers(b *testing.B) {
	b.Run("real", func(b *testing.B) {
		c := realCatalog(b)
		runLazy(b, c, c.index, 1)
	})
	b.Run("synthetic-2M", func(b *testing.B) {
		c, s := realCatalog(b), syntheticCatalog(b, false)
		runLazy(b, c, s.index, 20)
		// The index's heap per program with the cache full.
		b.ReportMetric(float64(s.bytes+search.DefaultCareerCacheBytes)/float64(s.n), "heap-bytes/program-cache-full")
	})
}

func runLazy(b *testing.B, c *catalog, ix *search.Index, every int) {
	ctx := context.Background()
	gs, err := guides.Load(ctx, content.Embedded(), c.db)
	if err != nil {
		b.Fatal(err)
	}
	if err := gs.Generate(ctx); err != nil {
		b.Fatal(err)
	}
	all, err := gs.SearchCareers(ctx, "", "")
	if err != nil {
		b.Fatal(err)
	}
	var gen []*careerpath.Career
	for _, g := range all {
		if g.Generated {
			gen = append(gen, g.Career)
		}
	}
	cw, err := c.db.Crosswalk(ctx)
	if err != nil {
		b.Fatal(err)
	}
	titles, err := c.db.CIPTitles(ctx)
	if err != nil {
		b.Fatal(err)
	}
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	model := relevance.New(gen, cw, titles)
	modelTime := time.Since(start)
	runtime.GC()
	runtime.ReadMemStats(&after)
	modelHeap := int64(after.HeapAlloc) - int64(before.HeapAlloc)

	// No eviction here: the bytes of every career queried add up.
	lix := ix.WithCareerModels(func(slug string) (*relevance.Rule, error) { return model, nil }, 1<<50)
	svc := search.NewService(lix)
	tmax := 25000.0
	var cold, warm []time.Duration
	for b.Loop() {
		for i, cr := range gen {
			if i%every != 0 {
				continue
			}
			t0 := time.Now()
			if _, err := svc.FindPrograms(ctx, careerpath.ProgramFilter{Career: cr.Slug}); err != nil {
				b.Fatal(err)
			}
			cold = append(cold, time.Since(t0))
			f := careerpath.ProgramFilter{Career: cr.Slug, Awards: []int{careerpath.AwardBachelor, careerpath.AwardMaster},
				Controls: []careerpath.Control{careerpath.ControlPublic}, TuitionMax: &tmax, Sort: careerpath.SortEarnings, Page: 2, PerPage: 20}
			for range 20 {
				t0 := time.Now()
				if _, err := svc.FindPrograms(ctx, f); err != nil {
					b.Fatal(err)
				}
				warm = append(warm, time.Since(t0))
			}
		}
	}
	st := lix.CareerCacheStats()
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	b.ReportMetric(float64(len(gen)), "generated-careers")
	b.ReportMetric(float64(st.Careers), "careers-built")
	b.ReportMetric(ms(modelTime), "model-build-ms")
	b.ReportMetric(float64(modelHeap)/(1<<20), "model-heap-MB")
	b.ReportMetric(ms(percentile(cold, 0.5)), "cold-p50-ms")
	b.ReportMetric(ms(percentile(cold, 0.99)), "cold-p99-ms")
	b.ReportMetric(ms(slices.Max(cold)), "cold-max-ms")
	b.ReportMetric(ms(percentile(warm, 0.5)), "warm-p50-ms")
	b.ReportMetric(ms(percentile(warm, 0.99)), "warm-p99-ms")
	b.ReportMetric(float64(st.Bytes)/(1<<20), "cache-MB-queried")
	b.ReportMetric(float64(st.Bytes)/float64(st.Careers)/(1<<10), "KB/career")
	b.ReportMetric(float64(search.DefaultCareerCacheBytes)/(float64(st.Bytes)/float64(st.Careers)), "careers-in-default-budget")
}
