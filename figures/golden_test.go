package figures_test

import (
	"context"
	"encoding/json"
	"flag"
	"maps"
	"math"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/content"
	"github.com/careerpath/careerpath/figures"
	"github.com/careerpath/careerpath/importer/importtest"
	"github.com/careerpath/careerpath/opendata"
	"github.com/careerpath/careerpath/sqlite"
)

var (
	dump        = flag.String("dump", "", "write the figures of the careers, as JSON, to this file")
	dumpCareers = flag.String("dump.careers", "", "comma-separated slugs of the careers to compute with -dump; all if empty")
)

// The database imported from the bundled release, built once for all
// tests and benchmarks of the package.
var (
	dbOnce sync.Once
	dbDir  string
	db     *sqlite.DB
	dbErr  error
)

func TestMain(m *testing.M) {
	flag.Parse()
	code := m.Run()
	if db != nil {
		db.Close()
	}
	if dbDir != "" {
		os.RemoveAll(dbDir)
	}
	os.Exit(code)
}

func openDB(tb testing.TB) *sqlite.DB {
	tb.Helper()
	if testing.Short() {
		tb.Skip("imports the whole bundled release; skipped with -short")
	}
	dbOnce.Do(func() {
		ctx := context.Background()
		if dbDir, dbErr = os.MkdirTemp("", "figures-test-"); dbErr != nil {
			return
		}
		var path string
		if path, dbErr = importtest.Bundled(dbDir); dbErr != nil {
			return
		}
		db, dbErr = sqlite.Open(ctx, path)
	})
	if dbErr != nil {
		tb.Fatal(dbErr)
	}
	return db
}

func careers(tb testing.TB) []*careerpath.Career {
	tb.Helper()
	cs, err := content.Load(content.Embedded())
	if err != nil {
		tb.Fatal(err)
	}
	return cs
}

// pick returns the careers with the given slugs, in that order.
func pick(tb testing.TB, cs []*careerpath.Career, slugs ...string) []*careerpath.Career {
	tb.Helper()
	var out []*careerpath.Career
	for _, slug := range slugs {
		i := slices.IndexFunc(cs, func(c *careerpath.Career) bool { return c.Slug == slug })
		if i < 0 {
			tb.Fatalf("no career %s in the content", slug)
		}
		out = append(out, cs[i])
	}
	return out
}

func TestDump(t *testing.T) {
	if *dump == "" {
		t.Skip("no -dump file")
	}
	cs := careers(t)
	if *dumpCareers != "" {
		cs = pick(t, cs, strings.Split(*dumpCareers, ",")...)
	}
	site, err := figures.Compute(context.Background(), openDB(t), cs)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.MarshalIndent(site, "", "  ")
	if err := os.WriteFile(*dump, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestGoldenFacts checks figures that anyone can look up in the sources,
// computed through the database the importer builds.
func TestGoldenFacts(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)

	ds, err := db.FindDatasets(ctx)
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(ds, func(d *careerpath.Dataset) bool { return d.ID == opendata.DatasetSalaries })
	if i < 0 {
		t.Fatalf("no dataset %s in the database", opendata.DatasetSalaries)
	}
	rs, err := db.SalaryRecords(ctx, []string{"Machine Learning Engineer"})
	if err != nil {
		t.Fatal(err)
	}
	year, err := figures.LatestFullYear(ds[i].AsOf, rs)
	if err != nil || year != 2024 {
		t.Fatalf("LatestFullYear(%q) = %d, %v; want 2024", ds[i].AsOf, year, err)
	}
	var in []figures.Salary
	for _, r := range rs {
		if r.Year == year && r.CompanyLocation == figures.SurveyCompanyLocation && r.Employment == figures.SurveyEmployment {
			in = append(in, r)
		}
	}
	if p, n := figures.Pay(in); p == nil || p.Median != 194000 || n != 4220 {
		t.Errorf("survey 2024 US full-time \"Machine Learning Engineer\": median %v, n %d; want 194000, 4220", p, n)
	}

	oews, err := db.OEWS(ctx, []string{"15-2051"})
	if err != nil {
		t.Fatal(err)
	}
	if len(oews) != 1 || oews[0].Annual[2] != (figures.Wage{Value: 112590, Known: true}) {
		t.Errorf("OEWS 15-2051 = %+v, want one row with median 112590", oews)
	}

	ps, err := db.Projections(ctx, []string{"15-2051"})
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 1 || ps[0].ChangePct != 33.5 {
		t.Errorf("projections 15-2051 = %+v, want one row with change 33.5%%", ps)
	}
}

type goldenLevel struct {
	level  string
	median float64
	n      int
}

type goldenCareer struct {
	pay              [5]float64
	n                int
	levels           []goldenLevel
	wages            [5]float64
	growth, growth5y float64 // to 4 decimals
	openings         float64
	rank             float64
	hot              bool
	education        string
	zone             int
	tiers            map[string]int // skills per tier
	mustHave         []string
	firstTasks       []string // first task of each highest-weight occupation
}

// golden are the figures of two careers, computed from the bundled data
// and the career files, inspected, and frozen. Reproduce them with
//
//	go test ./figures -run TestDump -dump /tmp/two.json -dump.careers machine-learning-engineer,data-scientist
//
// Survey pay (n and percentiles) was cross-checked with an independent
// Python computation over the CSV (type-7 percentiles); the OEWS blend,
// growth and openings by hand from the published rows: for example the ML
// engineer's base median is 0.4·112,590 + 0.4·133,080 + 0.2·140,910 =
// 126,450. A change to a career file's titles, blend or skills changes
// these figures: check the new ones and freeze them again.
var golden = map[string]goldenCareer{
	"machine-learning-engineer": {
		pay: [5]float64{124800, 146900, 194000, 250000, 303400}, n: 4330,
		levels: []goldenLevel{{"EN", 139650, 286}, {"MI", 172000, 984}, {"SE", 201400, 3018}, {"EX", 220000, 42}},
		wages:  [5]float64{73534, 94814, 126450, 166166, 208768},
		// (0.4·328.3 + 0.4·1961.4 + 0.2·48.3) / (0.4·245.9 + 0.4·1693.8 + 0.2·40.3) − 1
		growth: 18.0626, growth5y: 8.6566,
		openings:  56080, // 1000 · (0.4·23.4 + 0.4·115.2 + 0.2·3.2)
		rank:      7,     // 75th by openings, 16th by growth, among the two careers and 831 occupations
		hot:       true,
		education: "Bachelor's degree", zone: 4,
		tiers: map[string]int{careerpath.TierMustHave: 8, careerpath.TierImportant: 8, careerpath.TierNiceToHave: 172, careerpath.TierSkip: 309},
		// The six highest-weight, then the editors' two pins.
		mustHave: []string{"PyTorch", "TensorFlow", "Git", "Scikit-learn", "pandas", "Amazon Web Services AWS software", "Python", "Structured query language SQL"},
		firstTasks: []string{
			"Analyze, manipulate, or process large sets of data using statistical software.",
			"Analyze information to determine, recommend, and plan installation of a new system or modification of an existing system.",
		},
	},
	"data-scientist": {
		pay: [5]float64{92986, 115980, 156511.5, 200000, 242997.4}, n: 8312,
		levels: []goldenLevel{{"EN", 106500, 356}, {"MI", 138250, 2842}, {"SE", 165000, 4995}, {"EX", 200000, 119}},
		wages:  [5]float64{63650, 82630, 112590, 155810, 194410},
		growth: 33.5096, growth5y: 15.5463, // 328.3 / 245.9 − 1; BLS publishes 33.5
		openings:  23400,
		rank:      21, // 152nd by openings, 4th by growth
		hot:       true,
		education: "Bachelor's degree", zone: 4,
		tiers:      map[string]int{careerpath.TierMustHave: 8, careerpath.TierImportant: 10, careerpath.TierNiceToHave: 64, careerpath.TierSkip: 4},
		mustHave:   []string{"NumPy", "Scikit-learn", "pandas", "PyTorch", "TensorFlow", "Microsoft Power BI", "Python", "Structured query language SQL"},
		firstTasks: []string{"Analyze, manipulate, or process large sets of data using statistical software."},
	},
}

func round4(v float64) float64 { return math.Round(v*1e4) / 1e4 }

func TestGoldenCareers(t *testing.T) {
	cs := pick(t, careers(t), "machine-learning-engineer", "data-scientist")
	site, err := figures.Compute(context.Background(), openDB(t), cs)
	if err != nil {
		t.Fatal(err)
	}
	for slug, want := range golden {
		f := site.Careers[slug]
		if f.Pay == nil || f.Pay.Percentiles.Values() != want.pay || *f.Pay.N != want.n {
			t.Errorf("%s pay = %+v, want %v with n %d", slug, f.Pay, want.pay, want.n)
		}
		var levels []goldenLevel
		for _, l := range f.PayByLevel {
			levels = append(levels, goldenLevel{l.Level, l.Pay.Value, *l.Pay.N})
		}
		if !slices.Equal(levels, want.levels) {
			t.Errorf("%s pay by level = %v, want %v", slug, levels, want.levels)
		}
		if f.BaseWages == nil || f.BaseWages.Percentiles.Values() != want.wages || f.BaseWages.AtLeast {
			t.Errorf("%s base wages = %+v, want %v", slug, f.BaseWages, want.wages)
		}
		if f.Growth == nil || round4(f.Growth.Value) != want.growth {
			t.Errorf("%s growth = %+v, want %v", slug, f.Growth, want.growth)
		}
		if f.Growth5y == nil || round4(f.Growth5y.Value) != want.growth5y || !f.Growth5y.Derived {
			t.Errorf("%s 5-year growth = %+v, want derived %v", slug, f.Growth5y, want.growth5y)
		}
		if f.Openings == nil || f.Openings.Value != want.openings {
			t.Errorf("%s openings = %+v, want %v", slug, f.Openings, want.openings)
		}
		// Among the two careers and every occupation with a projection
		// except data scientists, whom the data-scientist career stands
		// for alone: 2 + 832 − 1.
		if f.DemandRank == nil || f.DemandRank.Value != want.rank || f.DemandRank.OutOf != 833 {
			t.Errorf("%s demand rank = %+v, want %v of 833", slug, f.DemandRank, want.rank)
		}
		if f.Hot.On != want.hot {
			t.Errorf("%s hot = %+v, want %v", slug, f.Hot, want.hot)
		}
		if f.EntryEducation == nil || f.EntryEducation.Value != want.education {
			t.Errorf("%s entry education = %+v, want %q", slug, f.EntryEducation, want.education)
		}
		if f.JobZone == nil || f.JobZone.Level != want.zone {
			t.Errorf("%s job zone = %+v, want %d", slug, f.JobZone, want.zone)
		}
		tiers := map[string]int{}
		var must []string
		for _, s := range f.Skills.Skills {
			tiers[s.Tier]++
			if s.Tier == careerpath.TierMustHave {
				must = append(must, s.Name)
			}
		}
		if !maps.Equal(tiers, want.tiers) {
			t.Errorf("%s skills per tier = %v, want %v", slug, tiers, want.tiers)
		}
		if !slices.Equal(must, want.mustHave) {
			t.Errorf("%s must-have skills =\n%q\nwant\n%q", slug, must, want.mustHave)
		}
		var first []string
		for _, o := range f.TopTasks.Occupations {
			first = append(first, o.Tasks[0])
		}
		if !slices.Equal(first, want.firstTasks) {
			t.Errorf("%s first tasks = %q, want %q", slug, first, want.firstTasks)
		}
	}
	// 12,642 of the 56,347 answers by full-time employees of US companies
	// in 2024 are under the two careers' titles.
	if c := site.SurveyCoverage; *c.N != 56347 || math.Abs(c.Value-100*12642.0/56347) > 1e-9 {
		t.Errorf("survey coverage = %v%% of %d, want 12,642 of 56,347", c.Value, *c.N)
	}
}

// BenchmarkCompute computes the figures of every career from the
// database, as the server does once at startup.
func BenchmarkCompute(b *testing.B) {
	db := openDB(b)
	cs := careers(b)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := figures.Compute(ctx, db, cs); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(cs)), "careers")
}
