package search_test

import (
	"context"
	"math"
	"testing"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/search"
)

func TestOutcomeScore(t *testing.T) {
	for _, c := range []struct {
		earnings   float64
		completers int
		want       float64
	}{
		{math.NaN(), -1, 0.3},              // nothing reported: neutral earnings, no completers
		{math.NaN(), 0, 0.3},               // none last year
		{50_000, 999, 0.6*0.5 + 0.4*1},     // 1,000 = log10(1000)/3 = full marks
		{250_000, 1_000_000, 1},            // clamped
		{-5, 9, 0.4 * math.Log10(10) / 3},  // negative earnings clamp to 0
		{100_000, 99, 0.6 + 0.4*2.0/3.0},   // log10(100) = 2
		{20_000, 0, 0.6 * 0.2},             // reported earnings, no completers
		{math.NaN(), 9, 0.3 + 0.4*1.0/3.0}, // completers only
	} {
		if got := search.OutcomeScore(c.earnings, c.completers); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("OutcomeScore(%v, %d) = %v, want %v", c.earnings, c.completers, got, c.want)
		}
	}
	// A strong match stays above every related one, whatever its outcomes.
	if s, r := search.OutcomeKey(0.7, 0, true), search.OutcomeKey(0.69, 1, true); s <= r {
		t.Errorf("strong with no outcome %v <= related with full outcome %v", s, r)
	}
}

// TestOutcomeRanking checks the relevance-outcomes sort on the real
// catalog: keys computed from each item's public fields never increase
// down the pages, and the order differs from plain relevance (else the
// experiment would test nothing).
func TestOutcomeRanking(t *testing.T) {
	c := propertyCatalog(t)
	ctx := context.Background()
	svc := search.NewService(c.index)
	for _, career := range []string{c.model.Careers()[0], ""} {
		f := careerpath.ProgramFilter{Career: career, Sort: careerpath.SortOutcomes, PerPage: 100}
		base := f
		base.Sort = careerpath.SortRelevance
		prev := math.Inf(1)
		differs := false
		for page := 1; page <= 3; page++ {
			f.Page, base.Page = page, page
			got, err := svc.FindPrograms(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			plain, err := svc.FindPrograms(ctx, base)
			if err != nil {
				t.Fatal(err)
			}
			if got.Total != plain.Total {
				t.Errorf("career %q: total %d, plain relevance %d", career, got.Total, plain.Total)
			}
			for i, m := range got.Items {
				e := math.NaN()
				if m.Earnings1Yr != nil {
					e = *m.Earnings1Yr
				}
				completers := m.Completers
				if m.Institution.UnitID == 0 {
					completers = -1
				}
				k := search.OutcomeKey(m.Score, search.OutcomeScore(e, completers), career != "")
				if k > prev+1e-12 {
					t.Fatalf("career %q page %d item %d (program %d): key %v above the previous %v", career, page, i, m.ID, k, prev)
				}
				prev = k
				if i < len(plain.Items) && plain.Items[i].ID != m.ID {
					differs = true
				}
			}
		}
		if !differs {
			t.Errorf("career %q: relevance-outcomes gives the same first 300 programs as relevance", career)
		}
	}
}

// BenchmarkRanking compares the finder's default queries — a career's
// programs, and all programs — under plain relevance and under the
// relevance-outcomes ranking of the experiment arm:
//
//	go test ./search -run '^$' -bench Ranking -count 3
func BenchmarkRanking(b *testing.B) {
	c := realCatalog(b)
	ctx := context.Background()
	svc := search.NewService(c.index)
	for _, q := range []struct{ name, career string }{{"career", "machine-learning-engineer"}, {"all", ""}} {
		for _, sort := range []string{careerpath.SortRelevance, careerpath.SortOutcomes} {
			b.Run(q.name+"/"+sort, func(b *testing.B) {
				f := careerpath.ProgramFilter{Career: q.career, Sort: sort}
				for b.Loop() {
					if _, err := svc.FindPrograms(ctx, f); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
