package search_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/content"
	"github.com/careerpath/careerpath/importer/importtest"
	"github.com/careerpath/careerpath/relevance"
	"github.com/careerpath/careerpath/search"
	"github.com/careerpath/careerpath/search/internal/finderref"
	"github.com/careerpath/careerpath/sqlite"
)

// catalog is the real catalog, imported once per test binary.
type catalog struct {
	dir     string
	db      *sqlite.DB
	model   *relevance.Rule
	index   *search.Index
	finder  *finderref.Finder
	insts   []careerpath.Institution
	names   []string // program and institution names, for queries
	regions []string // of the test catalog's entries
	ipeds   int      // IPEDS programs, with ids 1 to ipeds
}

var (
	realOnce sync.Once
	real     *catalog
	realErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	for _, c := range []*catalog{real, small} {
		if c != nil {
			c.finder.Close()
			c.db.Close()
			os.RemoveAll(c.dir)
		}
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
	path, err := importtest.Bundled(dir)
	if err != nil {
		return nil, err
	}
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		return nil, err
	}
	c := &catalog{dir: dir, db: db}
	if err := c.open(ctx); err != nil {
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
	each := func(p *careerpath.Program) error {
		if !seen[p.Name] {
			seen[p.Name] = true
			c.names = append(c.names, p.Name)
		}
		if p.Institution.UnitID == 0 && !seen[p.Institution.Name] {
			seen[p.Institution.Name] = true
			c.names = append(c.names, p.Institution.Name)
		}
		return nil
	}
	if err = db.EachProgram(ctx, func(p *careerpath.Program) error { c.ipeds++; return each(p) }); err != nil {
		return nil, err
	}
	return c, db.EachCatalogProgram(ctx, each)
}

// open imports the test catalog into c.db and opens the model and both
// finders over it.
func (c *catalog) open(ctx context.Context) (err error) {
	if c.regions, err = importTestCatalog(ctx, c.db); err != nil {
		return err
	}
	if c.model, err = loadModel(ctx, c.db); err != nil {
		return err
	}
	if c.index, err = search.Load(ctx, c.db, c.model); err != nil {
		return err
	}
	c.finder, err = finderref.New(ctx, c.db, c.model)
	return err
}

// importTestCatalog imports a provider catalog of a few hundred random
// entries into db, so that the property test covers catalog programs:
// countries other than the US, degrees not recognised, durations, formats
// and tuition in several currencies of their own, and fields of study
// given by the provider or predicted by the classifier (some of those
// held for review, out of the finder; some with a concentration). It
// returns the entries' regions.
func importTestCatalog(ctx context.Context, db *sqlite.DB) ([]string, error) {
	r := rand.New(rand.NewPCG(7, 2026))
	insts := []string{"Harbor Institute of Technology", "Université Laval", "Technische Hochschule Nord", "Data College", "Open University of the North"}
	places := []struct{ city, region, country string }{{"Toronto", "ON", "CA"}, {"Québec", "QC", "CA"}, {"Munich", "BY", "DE"},
		{"London", "", "GB"}, {"Boston", "MA", "US"}, {"Austin", "TX", "US"}, {"", "", ""}}
	fields := []struct{ name, cip string }{{"Computer Science", "11.0701"}, {"Artificial Intelligence", "11.0102"}, {"Data Science", "30.7001"},
		{"Statistics", "27.0501"}, {"Applied Mathematics", "27.0301"}, {"Psychology", "42.0101"}, {"Business Administration", "52.0201"}}
	degrees := []struct {
		name  string
		award int
	}{{"Master's", 7}, {"MSc", 7}, {"Bachelor's", 5}, {"PhD", 17}, {"Certificate", 21}, {"Diplom", 0}, {"Nanodegree", 0}}
	formats := []string{careerpath.FormatOnline, careerpath.FormatOnCampus, careerpath.FormatHybrid, ""}
	currencies := []string{"USD", "USD", "CAD", "EUR"}
	var entries []careerpath.CatalogEntry
	var regions []string
	for i := range 400 {
		fl, pl, dg := fields[r.IntN(len(fields))], places[r.IntN(len(places))], degrees[r.IntN(len(degrees))]
		e := careerpath.CatalogEntry{Line: i + 2, Institution: insts[r.IntN(len(insts))], Program: fl.name, Degree: dg.name, Award: dg.award,
			Format: formats[r.IntN(len(formats))], City: pl.city, Region: pl.region, Country: pl.country}
		if r.IntN(3) > 0 {
			e.CIP = fl.cip
		}
		if r.IntN(2) == 0 {
			e.DurationYears = fp([]float64{0.5, 1, 1.5, 2, 3, 4}[r.IntN(6)])
		}
		if r.IntN(3) > 0 {
			e.Tuition, e.Currency = fp(float64(1000*r.IntN(60))), currencies[r.IntN(len(currencies))]
		}
		entries = append(entries, e)
		regions = append(regions, pl.region)
	}
	if _, err := db.ImportCatalog(ctx, careerpath.CatalogImport{Name: "test-catalog", SourceFile: "test", ImportedBy: "test", Entries: entries}); err != nil {
		return nil, err
	}
	pending, err := db.PendingCatalogEntries(ctx, 0)
	if err != nil {
		return nil, err
	}
	concentrations := map[string]string{"52.0201": "30.7001", "42.0101": "11.0701", "30.7001": "27.0501", "27.0301": "30.7001"}
	var preds []careerpath.CatalogPrediction
	for _, e := range pending {
		cip := ""
		for _, fl := range fields {
			if fl.name == e.Text.Program {
				cip = fl.cip
			}
		}
		p := careerpath.CatalogPrediction{EntryID: e.ID, CIP: cip, Confidence: 0.3 + 0.7*r.Float64(), Status: careerpath.CatalogActive}
		if p.Confidence < careerpath.CatalogMinConfidence {
			p.Status = careerpath.CatalogHeldForReview
		}
		// Some name a concentration, which can make them related (an MBA
		// in data science, psychology in computer science) or change
		// nothing (data science in statistics).
		if conc := concentrations[cip]; conc != "" && r.IntN(2) == 0 {
			p.ConcentrationCIP = conc
		}
		preds = append(preds, p)
	}
	return regions, db.SetCatalogPredictions(ctx, preds)
}

func loadModel(ctx context.Context, db *sqlite.DB) (*relevance.Rule, error) {
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
		if chance(0.2) {
			f.Awards = append(f.Awards, careerpath.AwardUnknown)
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
		if chance(0.3) {
			f.States = append(f.States, c.regions[r.IntN(len(c.regions))])
		}
	}
	if chance(0.2) {
		f.Country = []string{"US", "CA", "DE", "GB", "FR"}[r.IntN(5)]
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
	if chance(0.35) {
		f.Query = randomQuery(r, c)
	}
	f.Sort = []string{"", careerpath.SortRelevance, careerpath.SortRelevanceScore, careerpath.SortTuition, careerpath.SortEarnings, careerpath.SortDuration, careerpath.SortCompleters, careerpath.SortName, careerpath.SortOutcomes}[r.IntN(9)]
	costFilter(r, c, &f)
	if chance(0.4) {
		f.Order = []string{careerpath.OrderAsc, careerpath.OrderDesc}[r.IntN(2)]
	}
	f.Page = 1 + r.IntN(3)
	f.PerPage = []int{1, 10, 20, 50, 100}[r.IntN(5)]
	return f
}

// randomQuery draws what a student might type: words of names, some
// misspelt or half typed, an institution's alias, filter words.
func randomQuery(r *rand.Rand, c *catalog) string {
	chance := func(p float64) bool { return r.Float64() < p }
	var parts []string
	if chance(0.2) {
		for {
			in := c.insts[r.IntN(len(c.insts))]
			if len(in.Aliases) > 0 {
				parts = append(parts, in.Aliases[r.IntN(len(in.Aliases))])
				break
			}
		}
	}
	words := careerpath.Tokenize(c.names[r.IntN(len(c.names))])
	for k := range min(len(words), 1+r.IntN(3)) {
		w := words[(k+r.IntN(len(words)))%len(words)]
		switch {
		case chance(0.2) && len(w) >= 5: // a typo
			i := r.IntN(len(w))
			w = w[:i] + string(rune('a'+r.IntN(26))) + w[i+1:]
		case chance(0.2) && len(w) >= 4: // half typed
			w = w[:3+r.IntN(len(w)-3)]
		}
		parts = append(parts, w)
	}
	if chance(0.2) {
		parts = append(parts, []string{"online", "masters", "PhD", "certificate", "bachelor's", "Texas", "new york", "CA", "MS"}[r.IntN(9)])
	}
	if chance(0.05) {
		return "Écòle ÇOLLEGE"
	}
	if chance(0.03) {
		return "?!"
	}
	r.Shuffle(len(parts), func(i, j int) { parts[i], parts[j] = parts[j], parts[i] })
	return strings.Join(parts, " ")
}

// titleTopics reads a text as the fields of study whose CIP title holds
// its first word: a stand-in for the classifier that the reference
// finder receives through the reading of the query, so that the test
// covers topic matches.
func titleTopics(titles map[string]string) search.Topics {
	byWord := map[string][]search.Topic{}
	for code, title := range titles {
		if len(code) != 7 {
			continue
		}
		for _, w := range careerpath.Tokenize(title) {
			if len(w) >= 5 {
				byWord[w] = append(byWord[w], search.Topic{CIP: code, Title: title, Probability: 0.5})
			}
		}
	}
	for _, l := range byWord {
		slices.SortFunc(l, func(a, b search.Topic) int { return strings.Compare(a.CIP, b.CIP) })
	}
	return func(text string) []search.Topic {
		words := careerpath.Tokenize(text)
		if len(words) == 0 {
			return nil
		}
		return byWord[words[0]]
	}
}

// TestIndexMatchesSQL runs hundreds of random filters through the index and
// the SQL finder: totals, every facet count and the page must be equal:
// on the real catalog, or on the small synthetic one in -short.
func TestIndexMatchesSQL(t *testing.T) {
	indexMatchesSQL(t, propertyCatalog(t))
}

// propertyCatalog is the catalog of the property tests: the real one, or
// the small synthetic one in -short.
func propertyCatalog(t *testing.T) *catalog {
	if testing.Short() {
		return smallCatalog(t)
	}
	return realCatalog(t)
}

func indexMatchesSQL(t *testing.T, c *catalog) {
	ctx := context.Background()
	svc := search.NewService(c.index)
	titles, err := c.db.CIPTitles(ctx)
	if err != nil {
		t.Fatal(err)
	}
	topics := titleTopics(titles)
	svc.UseTopics(topics)
	r := rand.New(rand.NewPCG(4, 2026))
	n := propertyFilters
	nonEmpty, withCatalog, predicted, concentrated, read := 0, 0, 0, 0, 0
	// After the random filters, a few that always reach the test catalog's
	// entries (the only programs outside the US), so that catalogs are
	// covered whatever the random draw.
	careers := c.model.Careers()
	var fixed []careerpath.ProgramFilter
	for i, country := range []string{"CA", "DE", "GB", "FR"} {
		fixed = append(fixed, careerpath.ProgramFilter{Country: country, Career: careers[i%len(careers)]})
	}
	for i := range n + len(fixed) {
		var f careerpath.ProgramFilter
		if i < n {
			f = randomFilter(r, c, careers)
		} else {
			f = fixed[i-n]
		}
		got, gerr := svc.FindPrograms(ctx, f)
		// The reference answers the query as the index read it.
		want, werr := c.finder.FindPrograms(ctx, c.index.Interpret(f, topics))
		if f.Query != "" && got != nil && got.Total > 0 {
			read++
		}
		if (gerr != nil) != (werr != nil) || gerr != nil && careerpath.ErrorCode(gerr) != careerpath.ErrorCode(werr) {
			t.Fatalf("filter %d %+v: index error %v, SQL error %v", i, f, gerr, werr)
		}
		if gerr != nil {
			continue
		}
		if got.Total > 0 {
			nonEmpty++
		}
		for _, m := range got.Items {
			if m.Institution.UnitID == 0 {
				withCatalog++
				if m.Level != "" && m.Confidence < 1 {
					predicted++
				}
				if m.Level != "" && m.ConcentrationCIP != "" {
					concentrated++
				}
			}
		}
		if err := samePage(got, want, itemsComparable(f)); err != nil {
			t.Errorf("filter %d %s: %v", i, describe(f), err)
			if t.Failed() && i > 20 {
				break
			}
		}
	}
	if nonEmpty < n/3 {
		t.Errorf("only %d of %d filters matched anything: the test says little", nonEmpty, n)
	}
	if withCatalog == 0 || predicted == 0 {
		t.Errorf("%d catalog programs in the pages, %d with a predicted field of study: the test says little about catalogs", withCatalog, predicted)
	}
	if read < n/20 {
		t.Errorf("only %d of %d filters had a query with results: the test says little about queries", read, n)
	}
	t.Logf("%d filters, %d with results, %d with a query and results; %d catalog programs in the pages, %d with a predicted field, %d relevant with a concentration",
		n, nonEmpty, read, withCatalog, predicted, concentrated)
}

// itemsComparable reports whether the reference orders the results of f
// as the index does. Only the index ranks by match quality: with a query,
// best match compares counts and facets.
func itemsComparable(f careerpath.ProgramFilter) bool {
	return f.Query == "" || f.Sort != "" && f.Sort != careerpath.SortRelevance && f.Sort != careerpath.SortBest
}

func samePage(got, want *careerpath.ProgramPage, items bool) error {
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
	if !items {
		return nil
	}
	for i := range got.Items {
		g, w := got.Items[i], want.Items[i]
		if g.ID != w.ID || g.Level != w.Level || g.Score != w.Score || g.Confidence != w.Confidence || !reflect.DeepEqual(g.Reasons, w.Reasons) {
			return fmt.Errorf("item %d = %d %s %g %g, SQL %d %s %g %g", i, g.ID, g.Level, g.Score, g.Confidence, w.ID, w.Level, w.Score, w.Confidence)
		}
		if g.Institution.Name != w.Institution.Name || g.Institution.Country != w.Institution.Country || g.Award.Name != w.Award.Name ||
			g.Format != w.Format || !reflect.DeepEqual(g.DurationYears, w.DurationYears) || !reflect.DeepEqual(g.Tuition, w.Tuition) ||
			g.TuitionCurrency != w.TuitionCurrency || g.CIPSource != w.CIPSource || g.CIPConfidence != w.CIPConfidence || g.Source != w.Source {
			return fmt.Errorf("item %d (%d) differs:\n index %+v\n SQL   %+v", i, g.ID, *g.Program, *w.Program)
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
