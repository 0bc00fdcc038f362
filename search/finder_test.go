package search_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"sync"
	"testing"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/content"
	"github.com/careerpath/careerpath/data"
	"github.com/careerpath/careerpath/importer"
	"github.com/careerpath/careerpath/relevance"
	"github.com/careerpath/careerpath/search"
	"github.com/careerpath/careerpath/sqlite"
)

// catalog is the real catalog, imported once per test binary.
type catalog struct {
	dir    string
	db     *sqlite.DB
	model  *relevance.Model
	index  *search.Index
	finder *sqlite.Finder
	insts  []careerpath.Institution
	names  []string // program and institution names, for queries
}

var (
	realOnce sync.Once
	real     *catalog
	realErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if real != nil {
		real.db.Close()
		os.RemoveAll(real.dir)
	}
	os.Exit(code)
}

// realCatalog imports the bundled open data into a temporary database and
// builds both finders over it.
func realCatalog(tb testing.TB) *catalog {
	tb.Helper()
	if testing.Short() {
		tb.Skip("imports the full bundled data")
	}
	realOnce.Do(func() { real, realErr = loadReal() })
	if realErr != nil {
		tb.Fatal(realErr)
	}
	return real
}

func loadReal() (*catalog, error) {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "careerpath-search-")
	if err != nil {
		return nil, err
	}
	path := filepath.Join(dir, "careerpath.db")
	progress := importer.NewProgress(io.Discard, false, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if _, err := importer.Run(ctx, importer.Options{Data: data.FS, DBPath: path, Progress: progress}); err != nil {
		return nil, err
	}
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		return nil, err
	}
	c := &catalog{dir: dir, db: db}
	if c.model, err = loadModel(ctx, db); err != nil {
		return nil, err
	}
	if c.index, err = search.Load(ctx, db, c.model); err != nil {
		return nil, err
	}
	if c.finder, err = sqlite.NewFinder(ctx, db, c.model); err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	err = db.EachInstitution(ctx, func(in careerpath.Institution) error {
		c.insts = append(c.insts, in)
		c.names = append(c.names, in.Name)
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = db.EachProgram(ctx, func(p *careerpath.Program) error {
		if !seen[p.Name] {
			seen[p.Name] = true
			c.names = append(c.names, p.Name)
		}
		return nil
	})
	return c, err
}

func loadModel(ctx context.Context, db *sqlite.DB) (*relevance.Model, error) {
	careers, err := content.Load(content.Embedded())
	if err != nil {
		return nil, err
	}
	cw, err := db.Crosswalk(ctx)
	if err != nil {
		return nil, err
	}
	titles, err := db.CIPTitles(ctx)
	if err != nil {
		return nil, err
	}
	return relevance.New(careers, cw, titles), nil
}

func fp(v float64) *float64 { return &v }

// randomFilter draws a filter that combines a few of every kind of
// condition, with values from the catalog.
func randomFilter(r *rand.Rand, c *catalog, careers []string) careerpath.ProgramFilter {
	var f careerpath.ProgramFilter
	chance := func(p float64) bool { return r.Float64() < p }
	if chance(0.6) {
		f.Career = careers[r.IntN(len(careers))]
		if chance(0.3) {
			f.MinRelevance = careerpath.RelevanceStrong
		}
	}
	if chance(0.4) {
		for range 1 + r.IntN(3) {
			f.Awards = append(f.Awards, careerpath.AwardLevels[r.IntN(len(careerpath.AwardLevels))].Code)
		}
	}
	if chance(0.3) {
		f.Delivery = []string{careerpath.DeliveryOnline, careerpath.DeliveryCampus}[r.IntN(2)]
	}
	if chance(0.3) {
		for range 1 + r.IntN(3) {
			f.States = append(f.States, c.insts[r.IntN(len(c.insts))].State)
		}
		if chance(0.1) {
			f.States = append(f.States, "ZZ")
		}
	}
	if chance(0.1) {
		f.Country = []string{"US", "CA"}[r.IntN(2)]
	}
	if chance(0.3) {
		for range 1 + r.IntN(2) {
			f.Controls = append(f.Controls, careerpath.Control(r.IntN(4)))
		}
	}
	if chance(0.2) {
		in := c.insts[r.IntN(len(c.insts))]
		if chance(0.5) && in.ZIP != "" && in.Latitude != nil {
			f.ZIP = in.ZIP[:5]
		} else {
			f.Near = &careerpath.GeoPoint{Lat: 25 + r.Float64()*23, Lon: -123 + r.Float64()*53}
		}
		f.RadiusMiles = float64(5 + r.IntN(300))
	}
	if chance(0.2) {
		lo := []float64{0, 0.5, 1, 2}[r.IntN(4)]
		f.DurationMin = &lo
		if chance(0.5) {
			f.DurationMax = fp(lo + float64(r.IntN(4)))
		}
	}
	if chance(0.25) {
		if chance(0.7) {
			f.TuitionMax = fp(float64(2000 + r.IntN(50000)))
		}
		if chance(0.4) {
			f.TuitionMin = fp(float64(r.IntN(8000)))
		}
	}
	if chance(0.2) {
		n := []int{0, 1, 5, 10, 50, 200}[r.IntN(6)]
		f.CompletersMin = &n
	}
	if chance(0.2) {
		f.EarningsMin = fp(float64(20000 + r.IntN(60000)))
		if chance(0.3) {
			f.EarningsMax = fp(*f.EarningsMin + float64(r.IntN(60000)))
		}
	}
	if chance(0.25) {
		words := careerpath.Tokenize(c.names[r.IntN(len(c.names))])
		if len(words) > 0 {
			f.Query = words[r.IntN(len(words))]
			if chance(0.4) {
				f.Query += " " + words[r.IntN(len(words))]
			}
		}
		if chance(0.1) {
			f.Query = "Écòle ÇOLLEGE"
		}
	}
	f.Sort = []string{"", careerpath.SortRelevance, careerpath.SortTuition, careerpath.SortEarnings, careerpath.SortDuration, careerpath.SortCompleters, careerpath.SortName}[r.IntN(7)]
	if chance(0.4) {
		f.Order = []string{careerpath.OrderAsc, careerpath.OrderDesc}[r.IntN(2)]
	}
	f.Page = 1 + r.IntN(3)
	f.PerPage = []int{1, 10, 20, 50, 100}[r.IntN(5)]
	return f
}

// TestIndexMatchesSQL runs hundreds of random filters through the index and
// the SQL finder: totals, every facet count and the page must be equal.
func TestIndexMatchesSQL(t *testing.T) {
	c := realCatalog(t)
	ctx := context.Background()
	svc := search.NewService(c.index)
	r := rand.New(rand.NewPCG(4, 2026))
	n := 200
	nonEmpty := 0
	for i := range n {
		f := randomFilter(r, c, c.model.Careers())
		got, gerr := svc.FindPrograms(ctx, f)
		want, werr := c.finder.FindPrograms(ctx, f)
		if (gerr != nil) != (werr != nil) || gerr != nil && careerpath.ErrorCode(gerr) != careerpath.ErrorCode(werr) {
			t.Fatalf("filter %d %+v: index error %v, SQL error %v", i, f, gerr, werr)
		}
		if gerr != nil {
			continue
		}
		if got.Total > 0 {
			nonEmpty++
		}
		if err := samePage(got, want); err != nil {
			t.Errorf("filter %d %s: %v", i, describe(f), err)
			if t.Failed() && i > 20 {
				break
			}
		}
	}
	if nonEmpty < n/3 {
		t.Errorf("only %d of %d filters matched anything: the test says little", nonEmpty, n)
	}
	t.Logf("%d filters, %d with results", n, nonEmpty)
}

func samePage(got, want *careerpath.ProgramPage) error {
	if got.Total != want.Total || got.Strong != want.Strong || got.Related != want.Related {
		return fmt.Errorf("total/strong/related = %d/%d/%d, SQL %d/%d/%d", got.Total, got.Strong, got.Related, want.Total, want.Strong, want.Related)
	}
	if !reflect.DeepEqual(got.Facets, want.Facets) {
		for k := range want.Facets {
			if !reflect.DeepEqual(got.Facets[k], want.Facets[k]) {
				return fmt.Errorf("facet %s = %v, SQL %v", k, got.Facets[k], want.Facets[k])
			}
		}
		return fmt.Errorf("facets = %v, SQL %v", got.Facets, want.Facets)
	}
	if len(got.Items) != len(want.Items) {
		return fmt.Errorf("%d items, SQL %d", len(got.Items), len(want.Items))
	}
	for i := range got.Items {
		g, w := got.Items[i], want.Items[i]
		if g.ID != w.ID || g.Level != w.Level || g.Score != w.Score || !reflect.DeepEqual(g.Reasons, w.Reasons) {
			return fmt.Errorf("item %d = %d %s %g, SQL %d %s %g", i, g.ID, g.Level, g.Score, w.ID, w.Level, w.Score)
		}
		if (g.DistanceMiles == nil) != (w.DistanceMiles == nil) || g.DistanceMiles != nil && *g.DistanceMiles != *w.DistanceMiles {
			return fmt.Errorf("item %d distance differs", i)
		}
	}
	return nil
}

func describe(f careerpath.ProgramFilter) string {
	s := fmt.Sprintf("%+v", f)
	for _, p := range []struct {
		name string
		v    *float64
	}{{"dmin", f.DurationMin}, {"dmax", f.DurationMax}, {"tmin", f.TuitionMin}, {"tmax", f.TuitionMax}, {"emin", f.EarningsMin}, {"emax", f.EarningsMax}} {
		if p.v != nil {
			s += fmt.Sprintf(" %s=%g", p.name, *p.v)
		}
	}
	if f.CompletersMin != nil {
		s += fmt.Sprintf(" cmin=%d", *f.CompletersMin)
	}
	if f.Near != nil {
		s += fmt.Sprintf(" near=%v", *f.Near)
	}
	return s
}
