package search

import (
	"context"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/relevance"
)

func TestWebStem(t *testing.T) {
	for in, want := range map[string]string{"www.gatech.edu/": "gatech", "https://www.utexas.edu/": "utexas", "web.mit.edu": "mit",
		"www.ox.ac.uk/": "ox", "localhost": "", "": "", "http://a.b/": ""} {
		if got := webStem(in); got != want {
			t.Errorf("webStem(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestEditDistance(t *testing.T) {
	for _, tt := range []struct {
		a, b   string
		budget int
		want   int
	}{{"computr", "computer", 1, 1}, {"inteligence", "intelligence", 2, 1}, {"science", "science", 0, 0},
		{"kitten", "sittin", 2, 2}, {"kitten", "sitting", 2, 3}, {"abc", "xyz", 2, 3}} {
		if got := editDistance(tt.a, tt.b, tt.budget); got != tt.want {
			t.Errorf("editDistance(%q, %q, %d) = %d, want %d", tt.a, tt.b, tt.budget, got, tt.want)
		}
	}
	for n, want := range map[int]int{2: 0, 4: 0, 5: 1, 8: 1, 9: 2, 20: 2} {
		if got := typoBudget(n); got != want {
			t.Errorf("typoBudget(%d) = %d, want %d", n, got, want)
		}
	}
}

// textIndex is a small catalog for free-text search: an institution with
// an alias and a web address, programs in a few fields.
func textService(t *testing.T, topics Topics) *Service {
	t.Helper()
	career := &careerpath.Career{Slug: "ml", Title: "ML Engineer", Occupations: []careerpath.OccupationWeight{{SOC: "15-2051", Weight: 1}}}
	model := relevance.New([]*careerpath.Career{career}, []careerpath.CrosswalkLink{
		{CIP: "11.0701", CIPTitle: "Computer Science.", SOC: "15-2051", SOCTitle: "Data Scientists"},
		{CIP: "11.0102", CIPTitle: "Artificial Intelligence.", SOC: "15-2051", SOCTitle: "Data Scientists"}},
		map[string]string{"11.0701": "Computer Science.", "11.0102": "Artificial Intelligence.", "51.3801": "Registered Nursing."})
	b := NewBuilder(model)
	b.AddInstitution(careerpath.Institution{UnitID: 1, Name: "Georgia Institute of Technology", State: "GA", Country: "US",
		Aliases: []string{"Georgia Tech"}, Web: "www.gatech.edu/", OnlineShare: f64(0.3)})
	b.AddInstitution(careerpath.Institution{UnitID: 2, Name: "Texas State College", State: "TX", Country: "US", Web: "www.tsc.edu"})
	b.AddInstitution(careerpath.Institution{UnitID: 3, Name: "Harbor University", State: "CA", Country: "US"})
	for _, p := range []careerpath.Program{
		{ID: 1, Institution: careerpath.Institution{UnitID: 1}, Name: "Computer Science", CIP: "11.0701", Award: careerpath.AwardLevel{Code: 7}, Completers: 900},
		{ID: 2, Institution: careerpath.Institution{UnitID: 1}, Name: "Artificial Intelligence", CIP: "11.0102", Award: careerpath.AwardLevel{Code: 5}, Completers: 10},
		{ID: 3, Institution: careerpath.Institution{UnitID: 2}, Name: "Computer Science", CIP: "11.0701", Award: careerpath.AwardLevel{Code: 5}, Completers: 50},
		{ID: 4, Institution: careerpath.Institution{UnitID: 2}, Name: "Registered Nursing", CIP: "51.3801", Award: careerpath.AwardLevel{Code: 5}, Completers: 80},
		{ID: 5, Institution: careerpath.Institution{UnitID: 3}, Name: "Artificial Intelligence", CIP: "11.0102", Award: careerpath.AwardLevel{Code: 7}},
		{ID: 6, Institution: careerpath.Institution{UnitID: 3}, Name: "Computer Sciences", CIP: "11.0701", Award: careerpath.AwardLevel{Code: 7}, Completers: 5},
	} {
		b.AddProgram(&p)
	}
	ix, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	s := NewService(ix)
	s.UseTopics(topics)
	return s
}

func TestTextSearch(t *testing.T) {
	topics := func(text string) []Topic {
		if strings.Contains(text, "machine learning") {
			return []Topic{{CIP: "11.0102", Title: "Artificial Intelligence", Probability: 0.9}, {CIP: "11.0701", Title: "Computer Science", Probability: 0.1}}
		}
		return nil
	}
	s := textService(t, topics)
	for _, tt := range []struct {
		q    string
		want []int64
	}{
		{"georgia tech", []int64{1, 2}},             // alias first; no diversifying
		{"gatech", []int64{1, 2}},                   // web stem
		{"computr science", []int64{1, 3, 6}},       // a typo; exact "science" above "sciences"
		{"computer sci", []int64{1, 3, 6}},          // the last word a prefix
		{"comp sci", []int64{1, 3, 6}},              // every word without an exact term a prefix
		{"machine learning", []int64{2, 5}},         // a topic; 0.1 is below minTopic
		{"nursing texas", []int64{4}},               // a state filter
		{"computer science masters", []int64{1, 6}}, // an award filter
		{"texas state", []int64{4, 3}},              // a state before "state" is a name
		{"artificial intelligence online", []int64{2}},
		{"scien", []int64{1, 3, 6}},
		{"cs", []int64{}},
		{"?!", []int64{}},
	} {
		if got := pageIDs(t, s, careerpath.ProgramFilter{Query: tt.q}); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Query %q: ids = %v, want %v", tt.q, got, tt.want)
		}
	}
	page, err := s.FindPrograms(context.Background(), careerpath.ProgramFilter{Query: "machine learning"})
	if err != nil {
		t.Fatal(err)
	}
	if want := "Matches your search: Artificial Intelligence, the field for \u2018machine learning\u2019."; page.Items[0].Match != want {
		t.Errorf("topic match reason = %q, want %q", page.Items[0].Match, want)
	}
	page, _ = s.FindPrograms(context.Background(), careerpath.ProgramFilter{Query: "nursing online"})
	if page.Total != 0 || page.Reading == nil || len(page.Reading.Without) == 0 || page.Reading.Without[0].Total != 1 {
		t.Errorf("nursing online: total %d, reading %+v; want 0 and 1 program without online", page.Total, page.Reading)
	}
	// Two edits in 7 letters: beyond the typo budget, a spelling to offer.
	page, _ = s.FindPrograms(context.Background(), careerpath.ProgramFilter{Query: "nrusnig"})
	if page.Reading == nil || page.Reading.DidYouMean != "nursing" {
		t.Errorf("did you mean = %+v, want nursing", page.Reading)
	}
	// Spellings searched already, which find nothing together: none to offer.
	page, _ = s.FindPrograms(context.Background(), careerpath.ProgramFilter{Query: "nursng harbr"})
	if page.Reading == nil || page.Reading.DidYouMean != "" {
		t.Errorf("did you mean = %+v, want none: nursing harbor finds nothing", page.Reading)
	}
}

func TestSuggest(t *testing.T) {
	s := textService(t, nil)
	got, err := s.Suggest(context.Background(), "georgia te")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Kind != careerpath.SuggestInstitution || got[0].Text != "Georgia Institute of Technology" || got[0].Count != 2 {
		t.Errorf("Suggest(georgia te) = %+v", got)
	}
	got, _ = s.Suggest(context.Background(), "comp sci")
	if len(got) != 1 || got[0].Kind != careerpath.SuggestField || got[0].Text != "Computer Science" || got[0].Count != 3 {
		t.Errorf("Suggest(comp sci) = %+v", got)
	}
	got, _ = s.Suggest(context.Background(), "ml eng")
	if len(got) != 1 || got[0].Kind != careerpath.SuggestCareer || got[0].URL != "/careers/ml" {
		t.Errorf("Suggest(ml eng) = %+v", got)
	}
}

// FuzzQuery runs any query, of any bytes, through the reader and the
// matcher: it must never fail or return more than the catalog.
func FuzzQuery(f *testing.F) {
	for _, q := range []string{"georgia tech", "computr scien", "MS online TX", "機械学習", "🎓 data", "تعلم الآلة", "e\u0301cole", "of in at an to", strings.Repeat("ab ", 70)} {
		f.Add(q)
	}
	topics := func(text string) []Topic {
		return []Topic{{CIP: "11.0701", Title: "Computer Science", Probability: 0.5}}
	}
	career := &careerpath.Career{Slug: "ml", Title: "ML", Occupations: []careerpath.OccupationWeight{{SOC: "15-2051", Weight: 1}}}
	model := relevance.New([]*careerpath.Career{career}, nil, nil)
	b := NewBuilder(model)
	b.AddInstitution(careerpath.Institution{UnitID: 1, Name: "Université de Montréal", Aliases: []string{"UdeM"}, Web: "www.umontreal.ca"})
	for i, name := range []string{"Computer Science", "Informatique", "機械学習", "Data Science"} {
		b.AddProgram(&careerpath.Program{ID: int64(i + 1), Institution: careerpath.Institution{UnitID: 1}, Name: name, CIP: "11.0701", Award: careerpath.AwardLevel{Code: 5}})
	}
	ix, err := b.Build()
	if err != nil {
		f.Fatal(err)
	}
	s := NewService(ix)
	s.UseTopics(topics)
	f.Fuzz(func(t *testing.T, q string) {
		if len(q) > 200 {
			q = q[:200] // the web's cap
		}
		for _, career := range []string{"", "ml"} {
			page, err := s.FindPrograms(context.Background(), careerpath.ProgramFilter{Query: q, Career: career})
			if err != nil {
				t.Fatalf("FindPrograms(%q): %v", q, err)
			}
			if page.Total > ix.Len() {
				t.Fatalf("FindPrograms(%q): total %d of %d programs", q, page.Total, ix.Len())
			}
			if in := ix.Interpret(careerpath.ProgramFilter{Query: q}, topics); q != "" && (in.Query != "" || in.Match == nil) {
				t.Fatalf("Interpret(%q) = query %q, match %v; want the query read", q, in.Query, in.Match)
			}
		}
		if _, err := s.Suggest(context.Background(), q); err != nil {
			t.Fatalf("Suggest(%q): %v", q, err)
		}
	})
}

// TestMatchGroups compares matchGroups, blocks of bits, with matching
// program by program, on random groups of lists and bitmaps, sparse and
// dense, over catalogs of a few programs to a few blocks' worth.
func TestMatchGroups(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 10))
	for iter := range 300 {
		n := []int{1, 63, 1024, 1500, 5000, 70000}[iter%6]
		groups := make([]group, 1+r.IntN(4))
		for gi := range groups {
			g := &groups[gi]
			for range r.IntN(5) {
				// Densities from a program or two to most.
				p := []float64{0.0005, 0.01, 0.2, 0.9}[r.IntN(4)]
				var a alt
				for d := range n {
					if r.Float64() < p {
						a.docs = append(a.docs, uint32(d))
					}
				}
				a.quality = float32(r.IntN(250)+5) / 50
				if r.IntN(2) == 0 {
					a.bits = make([]uint64, (n+1<<blockShift-1)>>blockShift*blockWords)
					for _, d := range a.docs {
						a.bits[d/64] |= 1 << (d % 64)
					}
				}
				g.alts = append(g.alts, a)
				g.size += len(a.docs)
			}
		}
		var want textOut
		for d := range n {
			var sum uint16
			ok := true
			for _, g := range groups {
				var best uint8
				in := false
				for _, a := range g.alts {
					if _, found := slices.BinarySearch(a.docs, uint32(d)); found {
						in, best = true, max(best, qualityCode(a.quality))
					}
				}
				ok = ok && in
				sum += uint16(best)
			}
			if ok {
				want.docs = append(want.docs, uint32(d))
				want.quals = append(want.quals, qualityOf(sum))
			}
		}
		for _, quality := range []bool{true, false} {
			got := textOut{docs: []uint32{99}, quals: []float32{1}} // reused
			matchGroups(groups, n, quality, &got)
			if !slices.Equal(got.docs, want.docs) {
				t.Fatalf("iteration %d (n %d, quality %v): %d matches, want %d", iter, n, quality, len(got.docs), len(want.docs))
			}
			if quality && !slices.Equal(got.quals, want.quals) {
				t.Fatalf("iteration %d (n %d): qualities differ", iter, n)
			}
			if !quality && len(got.quals) != 0 {
				t.Fatalf("iteration %d: qualities without quality", iter)
			}
		}
	}
}
