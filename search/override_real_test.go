package search_test

import (
	"context"
	"math/rand/v2"
	"strconv"
	"testing"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/search"
	"github.com/careerpath/careerpath/sqlite"
)

// TestIndexMatchesSQLWithOverrides is TestIndexMatchesSQL with editors'
// decisions in effect: relevances set for IPEDS and catalog programs
// (strong, related, none; programs the career had and programs it had
// not), fields of study set for IPEDS programs, some undone. The decisions
// go through the review queue of the real database, and both finders
// apply the override log it keeps.
func TestIndexMatchesSQLWithOverrides(t *testing.T) {
	c := propertyCatalog(t)
	ctx := context.Background()
	r := rand.New(rand.NewPCG(16, 2026))
	careers := c.model.Careers()
	focus := careers[:min(3, len(careers))] // overrides and queries on a few careers, so that they meet

	// Candidates: programs each focus career lists, and programs at random.
	var listed, catalog []int64
	for _, career := range focus {
		page, err := c.finder.FindPrograms(ctx, careerpath.ProgramFilter{Career: career, PerPage: 100})
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range page.Items {
			listed = append(listed, m.ID)
		}
	}
	all, err := c.finder.FindPrograms(ctx, careerpath.ProgramFilter{Country: "CA", PerPage: 100})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range all.Items {
		catalog = append(catalog, m.ID)
	}
	codes, err := c.db.ProgramCIPCodes(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var cips []string
	for code := range codes {
		cips = append(cips, code)
	}
	levels := []string{careerpath.RelevanceStrong, careerpath.RelevanceRelated, careerpath.RelevanceNone}
	decide := func(id int64, career string, d careerpath.Decision) int64 {
		t.Helper()
		it, err := c.db.FlagProgram(ctx, strconv.FormatInt(id, 10), career, "property test", "test")
		if err != nil {
			t.Fatal(err)
		}
		d.Editor, d.Note = "test", "property test"
		if _, err := c.db.Decide(ctx, it.ID, d); err != nil {
			t.Fatalf("decide item %d (program %d): %v", it.ID, id, err)
		}
		return it.ID
	}
	var decided []int64
	for i := range 150 {
		career := focus[r.IntN(len(focus))]
		var id int64
		switch {
		case i%5 == 0 && len(catalog) > 0:
			id = catalog[r.IntN(len(catalog))]
		case i%2 == 0:
			id = listed[r.IntN(len(listed))]
		default:
			id = int64(1 + r.IntN(c.ipeds)) // mostly IPEDS programs the career does not list
		}
		d := careerpath.Decision{Career: career, Relevance: levels[r.IntN(len(levels))]}
		if id < sqlite.CatalogProgramIDBase && i%7 == 0 {
			d.CIP = cips[r.IntN(len(cips))]
			if i%3 == 0 {
				d.Relevance, d.Career = "", ""
			}
		}
		decided = append(decided, decide(id, career, d))
	}
	for _, id := range decided[:20] {
		// A decision a later one replaced has nothing left to undo.
		if _, err := c.db.UndoDecision(ctx, id, "test", "property test"); err != nil && careerpath.ErrorCode(err) != careerpath.ECONFLICT {
			t.Fatal(err)
		}
	}
	log, err := c.db.OverridesSince(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	ov := &careerpath.Overrides{}
	ov.Apply(log)
	ix, err := c.index.WithOverrides(ov)
	if err != nil {
		t.Fatal(err)
	}
	svc, plain := search.NewService(ix), search.NewService(c.index)
	finder := c.finder.WithOverrides(ov)

	n, differ := propertyFilters/2, 0
	for i := range n {
		f := randomFilter(r, c, focus)
		got, gerr := svc.FindPrograms(ctx, f)
		// The reference answers the query as the index read it (no topics).
		want, werr := finder.FindPrograms(ctx, ix.Interpret(f, nil))
		if (gerr != nil) != (werr != nil) || gerr != nil && careerpath.ErrorCode(gerr) != careerpath.ErrorCode(werr) {
			t.Fatalf("filter %d %+v: index error %v, SQL error %v", i, f, gerr, werr)
		}
		if gerr != nil {
			continue
		}
		if err := samePage(got, want, itemsComparable(f)); err != nil {
			t.Errorf("filter %d %s: %v", i, describe(f), err)
			if i > 20 {
				break
			}
		}
		if base, err := plain.FindPrograms(ctx, f); err == nil && samePage(got, base, itemsComparable(f)) != nil {
			differ++
		}
	}
	// The overrides must change answers, or the test says nothing.
	if differ < n/10 {
		t.Errorf("only %d of %d filters answer differently with %d overrides in effect", differ, n, ov.Len())
	}
	t.Logf("%d overrides in effect (%d changes); %d of %d filters answer differently with them", ov.Len(), len(log), differ, n)
}

// BenchmarkWithOverrides is the cost of applying the editors' overrides
// to the real catalog's index, as each change of the log costs a
// replica: 100 relevance overrides on programs of three careers and 10
// fields of study (every career laid out again).
func BenchmarkWithOverrides(b *testing.B) {
	c := realCatalog(b)
	ctx := context.Background()
	careers := c.model.Careers()[:3]
	var log []*careerpath.Override
	for i, career := range careers {
		page, err := search.NewService(c.index).FindPrograms(ctx, careerpath.ProgramFilter{Career: career, PerPage: 40})
		if err != nil {
			b.Fatal(err)
		}
		for j, m := range page.Items[:min(34, len(page.Items))] {
			log = append(log, &careerpath.Override{Version: int64(len(log) + 1), ProgramID: m.ID, Career: career,
				Relevance: careerpath.RelevanceNone, LabelID: int64(100*i + j)})
		}
	}
	for i := range 10 {
		log = append(log, &careerpath.Override{Version: int64(len(log) + 1), ProgramID: int64(1 + 1000*i), CIP: "11.0701", LabelID: int64(10000 + i)})
	}
	ov := &careerpath.Overrides{}
	ov.Apply(log)
	b.ResetTimer()
	for range b.N {
		if _, err := c.index.WithOverrides(ov); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(ov.Len()), "overrides")
}
