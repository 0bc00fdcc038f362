package search

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"reflect"
	"sync"
	"sync/atomic"
	"testing"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/relevance"
)

// lazyCatalog is smallIndex's catalog with a program for each of three
// occupations that no edited career covers: registered nurses, licensed
// practical nurses and accountants, one bachelor's program in each of
// their crosswalk fields.
type lazyCatalog struct {
	base   *Index // as Build made it: the edited career "ml" only
	models CareerModels
	ready  *atomic.Bool // the generated careers are prepared
	calls  *atomic.Int64
}

var generatedSlugs = []string{"registered-nurses", "licensed-practical-nurses", "accountants"}

func newLazyCatalog(t *testing.T) *lazyCatalog {
	t.Helper()
	crosswalk := []careerpath.CrosswalkLink{
		{CIP: "11.0701", CIPTitle: "Computer Science.", SOC: "15-2051", SOCTitle: "Data Scientists"},
		{CIP: "51.3801", CIPTitle: "Registered Nursing/Registered Nurse.", SOC: "29-1141", SOCTitle: "Registered Nurses"},
		{CIP: "51.3901", CIPTitle: "Licensed Practical/Vocational Nurse Training.", SOC: "29-2061", SOCTitle: "Licensed Practical and Licensed Vocational Nurses"},
		{CIP: "52.0301", CIPTitle: "Accounting.", SOC: "13-2011", SOCTitle: "Accountants and Auditors"},
	}
	ml := &careerpath.Career{Slug: "ml", Title: "ML", Occupations: []careerpath.OccupationWeight{{SOC: "15-2051", Weight: 1}}}
	var gen []*careerpath.Career
	for i, soc := range []string{"29-1141", "29-2061", "13-2011"} {
		gen = append(gen, &careerpath.Career{Slug: generatedSlugs[i], Title: generatedSlugs[i], Generated: true,
			Occupations: []careerpath.OccupationWeight{{SOC: soc, Weight: 1}}})
	}
	b := NewBuilder(relevance.New([]*careerpath.Career{ml}, crosswalk, nil))
	b.AddInstitution(careerpath.Institution{UnitID: 1, Name: "Université de Montréal", State: "QC", Country: "CA", OnlineShare: f64(0.5)})
	b.AddInstitution(careerpath.Institution{UnitID: 2, Name: "Cal State", State: "CA", Country: "US", Control: careerpath.ControlPublic,
		TuitionInState: f64(7000), TuitionOutOfState: f64(19000)})
	for _, p := range []careerpath.Program{
		{ID: 10, Institution: careerpath.Institution{UnitID: 1}, Name: "Computer Science", CIP: "11.0701", Award: careerpath.AwardLevel{Code: 5}},
		{ID: 12, Institution: careerpath.Institution{UnitID: 2}, Name: "Psychology", CIP: "42.0101", Award: careerpath.AwardLevel{Code: 5}},
		{ID: 20, Institution: careerpath.Institution{UnitID: 2}, Name: "Nursing", CIP: "51.3801", Award: careerpath.AwardLevel{Code: 5}, Completers: 40},
		{ID: 21, Institution: careerpath.Institution{UnitID: 1}, Name: "Practical Nursing", CIP: "51.3901", Award: careerpath.AwardLevel{Code: 5}},
		{ID: 22, Institution: careerpath.Institution{UnitID: 2}, Name: "Accounting", CIP: "52.0301", Award: careerpath.AwardLevel{Code: 5}},
	} {
		b.AddProgram(&p)
	}
	ix, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	genModel := relevance.New(gen, crosswalk, nil)
	c := &lazyCatalog{base: ix, ready: &atomic.Bool{}, calls: &atomic.Int64{}}
	c.ready.Store(true)
	c.models = func(slug string) (*relevance.Rule, error) {
		c.calls.Add(1)
		switch {
		case !c.ready.Load():
			return nil, careerpath.Errorf(careerpath.EUNAVAILABLE, "being prepared")
		case !genModel.Has(slug):
			return nil, careerpath.Errorf(careerpath.ENOTFOUND, "no career %q", slug)
		}
		return genModel, nil
	}
	return c
}

func TestLazyCareers(t *testing.T) {
	c := newLazyCatalog(t)
	s := NewService(c.base.WithCareerModels(c.models, 1<<20))
	ctx := context.Background()
	for slug, want := range map[string][]int64{"ml": {10}, "registered-nurses": {20}, "licensed-practical-nurses": {21}, "accountants": {22}} {
		if got := pageIDs(t, s, careerpath.ProgramFilter{Career: slug}); !reflect.DeepEqual(got, want) {
			t.Errorf("career %s: ids %v, want %v", slug, got, want)
		}
	}
	// Every filter and facet applies as for an edited career.
	page, err := s.FindPrograms(ctx, careerpath.ProgramFilter{Career: "registered-nurses", Country: "US", Controls: []careerpath.Control{careerpath.ControlPublic}, TuitionMax: f64(20000)})
	if err != nil {
		t.Fatal(err)
	}
	if page.Total != 1 || page.Strong != 1 || len(page.Items) != 1 || page.Items[0].Level != careerpath.RelevanceStrong ||
		len(page.Facets[careerpath.FacetAward]) == 0 || len(page.Items[0].Reasons) == 0 {
		t.Errorf("filtered nurses page: total %d strong %d items %+v facets %v; want program 20, strong, with reasons and facets",
			page.Total, page.Strong, page.Items, page.Facets)
	}
	if got := pageIDs(t, s, careerpath.ProgramFilter{Career: "registered-nurses", Country: "CA"}); len(got) != 0 {
		t.Errorf("nurses in Canada: ids %v, want none", got)
	}
	m, err := s.FindProgram(ctx, 20, "registered-nurses")
	if err != nil || m.Level != careerpath.RelevanceStrong {
		t.Errorf("FindProgram(20, registered-nurses) = %+v, %v; want strong", m, err)
	}
	st := s.Index().CareerCacheStats()
	if st.Careers != 3 || st.Misses != 3 || st.Hits < 2 || st.Evictions != 0 || st.Bytes <= 0 || st.Bytes > st.Budget {
		t.Errorf("cache %+v; want the three generated careers held, built once each", st)
	}
	if _, ok := s.Index().careers["registered-nurses"]; ok {
		t.Error("a generated career is in the eager careers")
	}

	for _, slug := range []string{"nope"} {
		if _, err := s.FindPrograms(ctx, careerpath.ProgramFilter{Career: slug}); careerpath.ErrorCode(err) != careerpath.EINVALID {
			t.Errorf("unknown career: err %v, want EINVALID", err)
		}
		if _, err := s.FindProgram(ctx, 20, slug); careerpath.ErrorCode(err) != careerpath.EINVALID {
			t.Errorf("FindProgram of an unknown career: err %v, want EINVALID", err)
		}
	}
	// While the careers are being prepared: unavailable, and not kept.
	c.ready.Store(false)
	s = NewService(c.base.WithCareerModels(c.models, 1<<20))
	if _, err := s.FindPrograms(ctx, careerpath.ProgramFilter{Career: "accountants"}); careerpath.ErrorCode(err) != careerpath.EUNAVAILABLE {
		t.Errorf("before the careers are ready: err %v, want EUNAVAILABLE", err)
	}
	c.ready.Store(true)
	if got := pageIDs(t, s, careerpath.ProgramFilter{Career: "accountants"}); !reflect.DeepEqual(got, []int64{22}) {
		t.Errorf("accountants once ready: ids %v, want [22]", got)
	}
	// An index without CareerModels knows the edited careers only.
	if _, err := NewService(c.base).FindPrograms(ctx, careerpath.ProgramFilter{Career: "accountants"}); careerpath.ErrorCode(err) != careerpath.EINVALID {
		t.Errorf("index without CareerModels: err %v, want EINVALID", err)
	}
}

// TestLazyCareersEviction: the cache holds at most its budget, evicting
// the least recently used career.
func TestLazyCareersEviction(t *testing.T) {
	c := newLazyCatalog(t)
	ctx := context.Background()
	// The three careers have one program each: their columns weigh the same.
	probe := NewService(c.base.WithCareerModels(c.models, 1<<20))
	pageIDs(t, probe, careerpath.ProgramFilter{Career: "accountants"})
	one := probe.Index().CareerCacheStats().Bytes
	if one <= 0 {
		t.Fatalf("one career weighs %d bytes", one)
	}

	s := NewService(c.base.WithCareerModels(c.models, 2*one))
	query := func(slug string) {
		t.Helper()
		if _, err := s.FindPrograms(ctx, careerpath.ProgramFilter{Career: slug}); err != nil {
			t.Fatal(err)
		}
		if st := s.Index().CareerCacheStats(); st.Bytes > st.Budget || st.Careers > 2 {
			t.Fatalf("after %s: cache %+v, over its budget of two careers", slug, st)
		}
	}
	query("registered-nurses")
	query("licensed-practical-nurses")
	query("registered-nurses") // now the most recently used
	query("accountants")       // evicts licensed-practical-nurses
	st := s.Index().CareerCacheStats()
	if st.Careers != 2 || st.Bytes != 2*one || st.Evictions != 1 || st.Misses != 3 || st.Hits != 1 {
		t.Errorf("cache %+v; want 2 careers of %d bytes, 1 eviction, 3 misses, 1 hit", st, one)
	}
	query("registered-nurses") // held: a hit
	query("licensed-practical-nurses")
	if st := s.Index().CareerCacheStats(); st.Misses != 4 || st.Hits != 2 || st.Evictions != 2 {
		t.Errorf("cache %+v; want registered-nurses held (a hit) and licensed-practical-nurses built again (a miss)", st)
	}

	// A career larger than the whole budget is answered, not kept.
	tiny := NewService(c.base.WithCareerModels(c.models, one-1))
	if got := pageIDs(t, tiny, careerpath.ProgramFilter{Career: "accountants"}); !reflect.DeepEqual(got, []int64{22}) {
		t.Errorf("over the budget: ids %v, want [22]", got)
	}
	if st := tiny.Index().CareerCacheStats(); st.Careers != 0 || st.Bytes != 0 {
		t.Errorf("over the budget: cache %+v, want nothing held", st)
	}
}

// TestLazyCareersConcurrent: concurrent first queries build a career once
// (run with -race).
func TestLazyCareersConcurrent(t *testing.T) {
	c := newLazyCatalog(t)
	s := NewService(c.base.WithCareerModels(c.models, 1<<20))
	var wg sync.WaitGroup
	errs := make(chan error, 32)
	for i := range 32 {
		wg.Go(func() {
			slug := generatedSlugs[i%len(generatedSlugs)]
			page, err := s.FindPrograms(context.Background(), careerpath.ProgramFilter{Career: slug})
			if err == nil && page.Total != 1 {
				err = fmt.Errorf("%s: total %d, want 1", slug, page.Total)
			}
			if err != nil {
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if st := s.Index().CareerCacheStats(); st.Careers != 3 || st.Misses+st.Hits != 32 {
		t.Errorf("cache %+v; want 3 careers held and 32 lookups", st)
	}
}

// TestLazyCareersOverrides: editors' overrides apply to a career built on
// first request, before and after it is built, and undoing one restores it.
func TestLazyCareersOverrides(t *testing.T) {
	c := newLazyCatalog(t)
	ctx := context.Background()
	s := NewService(nil)
	src := &overrideLog{}
	ov := NewOverlay(s, src, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err := ov.SetBase(ctx, c.base.WithCareerModels(c.models, 1<<20)); err != nil {
		t.Fatal(err)
	}
	nurses := careerpath.ProgramFilter{Career: "registered-nurses"}
	check := func(step string, want []int64) *careerpath.ProgramPage {
		t.Helper()
		if _, err := ov.Poll(ctx); err != nil {
			t.Fatal(err)
		}
		page, err := s.FindPrograms(ctx, nurses)
		if err != nil {
			t.Fatal(err)
		}
		var got []int64
		for _, m := range page.Items {
			got = append(got, m.ID)
		}
		if !reflect.DeepEqual(got, want) || page.Total != len(want) {
			t.Errorf("%s: ids %v total %d, want %v", step, got, page.Total, want)
		}
		return page
	}
	check("computed", []int64{20})
	// Practical nursing (none for registered nurses) set to related.
	src.add(careerpath.Override{ProgramID: 21, Career: "registered-nurses", Relevance: careerpath.RelevanceRelated, LabelID: 1, Editor: "ana", At: decidedAt})
	page := check("21 related", []int64{20, 21})
	if r := page.Items[1].Reasons; page.Related != 1 || len(r) == 0 || r[0] != "An editor set this to related on 2026-12-03." {
		t.Errorf("program 21: related %d, reasons %q; want related with the editor's decision first", page.Related, r)
	}
	m, err := s.FindProgram(ctx, 21, "registered-nurses")
	if err != nil || m.Level != careerpath.RelevanceRelated {
		t.Errorf("FindProgram(21) = %+v, %v; want related, as the editor set", m, err)
	}
	// The overrides of another career leave this one's list alone, and
	// a career never queried before the decision gets it too.
	src.add(careerpath.Override{ProgramID: 22, Career: "accountants", Relevance: careerpath.RelevanceNone, LabelID: 2, Editor: "ana", At: decidedAt})
	check("accountants' override", []int64{20, 21})
	if got := pageIDs(t, s, careerpath.ProgramFilter{Career: "accountants"}); len(got) != 0 {
		t.Errorf("accountants after program 22 set to none: ids %v, want none", got)
	}
	src.add(careerpath.Override{ProgramID: 21, Career: "registered-nurses", Relevance: careerpath.RelevanceRelated, LabelID: 1, Undo: true, Editor: "ana", At: decidedAt})
	check("undone", []int64{20})
}
