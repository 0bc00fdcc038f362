//go:build bleve

package search_test

// BenchmarkFinderVsBleve runs the finder's queries side by side with
// Bleve v2, the usual Go full-text engine, on the real catalog: the same
// programs in a Bleve index (scorch, on disk in a temporary directory),
// each query answered by both in turn, iteration by iteration, so that
// both see the same machine load. Bleve answers with what it offers for
// the same intent: fuzzy term queries (edit distance by the index's own
// typo budget) and prefix queries over program and institution names, a
// conjunction of term and numeric range queries for the filters, and
// terms facets of award level, state, control and delivery. The index
// does more (aliases, fields of study, filter words, exact facets that
// ignore their own filter), so the comparison flatters Bleve.
//
// It is behind the build tag bleve, so that the normal build and test run
// do not compile Bleve:
//
//	go test -tags bleve ./search -run '^$' -bench FinderVsBleve -benchtime 500x -timeout 30m

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search/query"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/search"
)

// bleveProgram is a program as Bleve indexes it.
type bleveProgram struct {
	Name        string  `json:"name"`
	Institution string  `json:"institution"`
	Award       string  `json:"award"`
	State       string  `json:"state"`
	Control     string  `json:"control"`
	Delivery    string  `json:"delivery"`
	Career      string  `json:"career"` // "strong" or "related" for machine-learning-engineer, "" otherwise
	Tuition     float64 `json:"tuition"`
	Earnings    float64 `json:"earnings"`
}

const bleveCareer = "machine-learning-engineer"

func bleveIndex(b *testing.B, c *catalog) bleve.Index {
	b.Helper()
	ctx := context.Background()
	insts := map[int]careerpath.Institution{}
	if err := c.db.EachInstitution(ctx, func(in careerpath.Institution) error { insts[in.UnitID] = in; return nil }); err != nil {
		b.Fatal(err)
	}
	m := bleve.NewIndexMapping()
	doc := bleve.NewDocumentMapping()
	text := func() *mapping.FieldMapping { f := bleve.NewTextFieldMapping(); f.Analyzer = "en"; return f }
	keyword := func() *mapping.FieldMapping { f := bleve.NewKeywordFieldMapping(); return f }
	doc.AddFieldMappingsAt("name", text())
	doc.AddFieldMappingsAt("institution", text())
	for _, k := range []string{"award", "state", "control", "delivery", "career"} {
		doc.AddFieldMappingsAt(k, keyword())
	}
	doc.AddFieldMappingsAt("tuition", bleve.NewNumericFieldMapping())
	doc.AddFieldMappingsAt("earnings", bleve.NewNumericFieldMapping())
	m.DefaultMapping = doc
	dir, err := os.MkdirTemp("", "careerpath-bleve-")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { os.RemoveAll(dir) })
	ix, err := bleve.New(dir+"/index", m)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { ix.Close() })
	start, n := time.Now(), 0
	batch := ix.NewBatch()
	err = c.db.EachProgram(ctx, func(p *careerpath.Program) error {
		p.Institution = insts[p.Institution.UnitID]
		d := bleveProgram{Name: p.Name, Institution: strings.Join(append([]string{p.Institution.Name}, p.Institution.Aliases...), " "),
			Award: fmt.Sprint(p.Award.Code), State: p.Institution.State, Control: p.Institution.Control.String(), Delivery: "campus", Tuition: -1, Earnings: -1}
		if careerpath.IsOnline(p.Institution.OnlineShare) {
			d.Delivery = "online"
		}
		if t := p.TuitionFor("").Amount; t != nil {
			d.Tuition = *t
		}
		if p.Earnings1Yr != nil {
			d.Earnings = *p.Earnings1Yr
		}
		if r := c.model.OfProgram(bleveCareer, p); r.Level != careerpath.RelevanceNone && r.Level != "" {
			d.Career = r.Level
		}
		if err := batch.Index(fmt.Sprint(p.ID), d); err != nil {
			return err
		}
		n++
		if batch.Size() >= 2000 {
			if err := ix.Batch(batch); err != nil {
				return err
			}
			batch = ix.NewBatch()
		}
		return nil
	})
	if err == nil {
		err = ix.Batch(batch)
	}
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("Bleve index of %d programs built in %v", n, time.Since(start).Round(time.Millisecond))
	return ix
}

// typoFuzziness is the index's typo budget (Meilisearch's rule): no typo
// below 5 letters, 1 from 5, 2 from 9.
func typoFuzziness(w string) int {
	switch n := len([]rune(w)); {
	case n >= 9:
		return 2
	case n >= 5:
		return 1
	}
	return 0
}

// bleveText is the Bleve query for a student's words: every word in the
// program's or the institution's name, fuzzily by the typo budget, the
// last word also as a prefix.
func bleveText(q string) query.Query {
	words := strings.Fields(strings.ToLower(q))
	var all []query.Query
	for i, w := range words {
		var alts []query.Query
		for _, field := range []string{"name", "institution"} {
			mq := bleve.NewMatchQuery(w)
			mq.SetField(field)
			mq.SetFuzziness(typoFuzziness(w))
			alts = append(alts, mq)
			if i == len(words)-1 && len(w) >= 3 {
				pq := bleve.NewPrefixQuery(w)
				pq.SetField(field)
				alts = append(alts, pq)
			}
		}
		all = append(all, bleve.NewDisjunctionQuery(alts...))
	}
	return bleve.NewConjunctionQuery(all...)
}

func term(field, v string) query.Query {
	t := bleve.NewTermQuery(v)
	t.SetField(field)
	return t
}

// bleveQueries are the finder's queries as Bleve requests: the same
// intent, with terms facets.
func bleveQueries() []struct {
	name string
	f    careerpath.ProgramFilter
	req  func() *bleve.SearchRequest
} {
	tmax := 25000.0
	facets := func(r *bleve.SearchRequest) *bleve.SearchRequest {
		for _, k := range []string{"award", "state", "control", "delivery"} {
			r.AddFacet(k, bleve.NewFacetRequest(k, 60))
		}
		return r
	}
	textReq := func(q string) func() *bleve.SearchRequest {
		return func() *bleve.SearchRequest {
			r := bleve.NewSearchRequestOptions(bleveText(q), 20, 0, false)
			return facets(r)
		}
	}
	return []struct {
		name string
		f    careerpath.ProgramFilter
		req  func() *bleve.SearchRequest
	}{
		{"career", careerpath.ProgramFilter{Career: bleveCareer, Awards: []int{careerpath.AwardBachelor, careerpath.AwardMaster},
			Controls: []careerpath.Control{careerpath.ControlPublic}, TuitionMax: &tmax, Sort: careerpath.SortEarnings, Page: 2, PerPage: 20},
			func() *bleve.SearchRequest {
				zero := 0.0
				tr := bleve.NewNumericRangeInclusiveQuery(&zero, &tmax, nil, nil)
				tr.SetField("tuition")
				q := bleve.NewConjunctionQuery(
					bleve.NewDisjunctionQuery(term("career", careerpath.RelevanceStrong), term("career", careerpath.RelevanceRelated)),
					bleve.NewDisjunctionQuery(term("award", fmt.Sprint(careerpath.AwardBachelor)), term("award", fmt.Sprint(careerpath.AwardMaster))),
					term("control", careerpath.ControlPublic.String()), tr)
				r := bleve.NewSearchRequestOptions(q, 20, 20, false)
				r.SortBy([]string{"-earnings", "_id"})
				return facets(r)
			}},
		{"text", careerpath.ProgramFilter{Query: "computer science", PerPage: 20}, textReq("computer science")},
		{"typo", careerpath.ProgramFilter{Query: "computr sciense", PerPage: 20}, textReq("computr sciense")},
		{"prefix", careerpath.ProgramFilter{Query: "data scien", PerPage: 20}, textReq("data scien")},
		{"institution", careerpath.ProgramFilter{Query: "georgia tech computer", PerPage: 20}, textReq("georgia tech computer")},
	}
}

func BenchmarkFinderVsBleve(b *testing.B) {
	ctx := context.Background()
	c := realCatalog(b)
	svc := search.NewService(c.index)
	bix := bleveIndex(b, c)
	for _, q := range bleveQueries() {
		b.Run(q.name, func(b *testing.B) {
			var ours, theirs []time.Duration
			var total int
			var hits uint64
			b.ResetTimer()
			for b.Loop() {
				start := time.Now()
				page, err := svc.FindPrograms(ctx, q.f)
				if err != nil {
					b.Fatal(err)
				}
				ours = append(ours, time.Since(start))
				start = time.Now()
				res, err := bix.Search(q.req())
				if err != nil {
					b.Fatal(err)
				}
				theirs = append(theirs, time.Since(start))
				total, hits = page.Total, res.Total
			}
			b.StopTimer()
			o50, o99 := percentile(ours, 0.5), percentile(ours, 0.99)
			t50, t99 := percentile(theirs, 0.5), percentile(theirs, 0.99)
			b.ReportMetric(ms(o50), "index-p50-ms")
			b.ReportMetric(ms(o99), "index-p99-ms")
			b.ReportMetric(ms(t50), "bleve-p50-ms")
			b.ReportMetric(ms(t99), "bleve-p99-ms")
			b.ReportMetric(float64(t50)/float64(max(o50, 1)), "x-p50")
			b.ReportMetric(float64(t99)/float64(max(o99, 1)), "x-p99")
			b.ReportMetric(float64(total), "index-total")
			b.ReportMetric(float64(hits), "bleve-total")
		})
	}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
