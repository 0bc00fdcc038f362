package similar_test

import (
	"context"
	"math"
	"slices"
	"sync"
	"testing"

	"github.com/careerpath/careerpath/importer/importtest"
	"github.com/careerpath/careerpath/similar"
	"github.com/careerpath/careerpath/sqlite"
)

func TestSynthetic(t *testing.T) {
	r := func(soc, code, el string, v float64) similar.Rating {
		return similar.Rating{Kind: "skill", Code: code, SOC: soc, Element: el, Name: el, Importance: v}
	}
	ix := similar.New([]similar.Rating{
		r("11-1111", "11-1111.00", "a", 5), r("11-1111", "11-1111.00", "b", 1),
		r("11-1111", "11-1111.01", "a", 1), // a specialty: left out
		r("22-2222", "22-2222.00", "a", 4), r("22-2222", "22-2222.00", "b", 2),
		r("33-3333", "33-3333.00", "a", 1), r("33-3333", "33-3333.00", "b", 5),
	}, map[string][]string{"11-1111": {"Python"}, "22-2222": {"Python", "SQL"}, "33-3333": {"Excel"}, "44-4444": {"python", "sql"}})
	// 44-4444 has no rating: it takes the mean of the five rated ones
	// most alike by technology, all three here.
	if got := ix.Imputed("44-4444"); len(got) != 3 || got[0] != "22-2222" {
		t.Errorf("Imputed(44-4444) = %v, want the three rated ones, 22-2222 (same technology) first", got)
	}
	if v := ix.Vector([]similar.Weighted{{"44-4444", 1}}); len(v) != 2 || math.Abs(v[0]-10.0/3) > 1e-9 || math.Abs(v[1]-8.0/3) > 1e-9 {
		t.Errorf("Vector(44-4444) = %v, want the mean of the three", v)
	}
	v := ix.Vector([]similar.Weighted{{"11-1111", 1}})
	if !slices.Equal(v, []float64{5, 1}) {
		t.Fatalf("Vector(11-1111) = %v, want [5 1] (the main occupation's)", v)
	}
	got := ix.Nearest(v, 2, "11-1111", "44-4444")
	if len(got) != 2 || got[0].SOC != "22-2222" || got[1].SOC != "33-3333" || got[1].Similarity >= 0 {
		t.Errorf("Nearest = %+v, want 22-2222 then 33-3333 (opposite: negative)", got)
	}
	// The mean is (10/3, 8/3): 11-1111 and 22-2222 both lean to a.
	if c := ix.Cosine(v, ix.Vector([]similar.Weighted{{"22-2222", 1}})); math.Abs(c-1) > 1e-9 {
		t.Errorf("Cosine(11-1111, 22-2222) = %v, want 1 (same direction from the mean)", c)
	}
	gaps := ix.Gaps(v, ix.Vector([]similar.Weighted{{"33-3333", 1}}), 5)
	if len(gaps) != 1 || gaps[0].ID != "b" || gaps[0].From != 1 || gaps[0].To != 5 {
		t.Errorf("Gaps(11-1111 → 33-3333) = %+v, want b from 1 to 5", gaps)
	}
	if d := ix.Distinctive(v, 5); len(d) != 1 || d[0].ID != "a" || d[0].Importance != 5 {
		t.Errorf("Distinctive(11-1111) = %+v, want a (5, above its mean)", d)
	}
	for v, want := range map[float64]string{1: "not important", 2.6: "important", 4.4: "very important", 5: "extremely important"} {
		if got := similar.Anchor(v); got != want {
			t.Errorf("Anchor(%v) = %q, want %q", v, got, want)
		}
	}
}

var (
	once  sync.Once
	index *similar.Index
	err   error
)

func bundled(t *testing.T) *similar.Index {
	if testing.Short() {
		t.Skip("imports the whole bundled release; skipped with -short")
	}
	once.Do(func() {
		ctx := context.Background()
		var path string
		if path, err = importtest.Bundled(t.TempDir()); err != nil {
			return
		}
		var db *sqlite.DB
		if db, err = sqlite.Open(ctx, path); err != nil {
			return
		}
		defer db.Close()
		var rs []similar.Rating
		if rs, err = db.Ratings(ctx); err != nil {
			return
		}
		var tech map[string][]string
		if tech, err = db.Technologies(ctx, nil); err == nil {
			index = similar.New(rs, tech)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	return index
}

func nearest(ix *similar.Index, blend []similar.Weighted, k int) []string {
	var exclude, out []string
	if len(blend) == 1 {
		exclude = []string{blend[0].SOC}
	}
	for _, n := range ix.Nearest(ix.Vector(blend), k, exclude...) {
		out = append(out, n.SOC)
	}
	return out
}

// TestWellKnownPairs checks the similarity on pairs anyone can judge.
func TestWellKnownPairs(t *testing.T) {
	ix := bundled(t)
	ml := []similar.Weighted{{"15-2051", 0.4}, {"15-1252", 0.4}, {"15-1221", 0.2}}
	if got := nearest(ix, ml, 10); !slices.Contains(got, "15-1252") {
		t.Errorf("10 nearest to the ML engineer blend = %v, want Software Developers (15-1252) among them", got)
	}
	rn := []similar.Weighted{{"29-1141", 1}}
	got := nearest(ix, rn, 20)
	if !slices.Contains(got[:10], "29-2061") && !slices.Contains(got[:10], "29-1171") {
		t.Errorf("10 nearest to Registered Nurses = %v, want Licensed Practical Nurses (29-2061) or Nurse Practitioners (29-1171)", got)
	}
	if slices.Contains(got, "13-2011") {
		t.Errorf("20 nearest to Registered Nurses = %v, want no Accountants and Auditors (13-2011)", got)
	}
	t.Logf("ML engineer: %v; Software Developers' vector from %v", nearest(ix, ml, 10), ix.Imputed("15-1252"))
	t.Logf("Registered Nurses: %v", got[:10])
}
