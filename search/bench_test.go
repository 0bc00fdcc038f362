package search_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/search"
	"github.com/careerpath/careerpath/search/internal/finderref"
	"github.com/careerpath/careerpath/sqlite"
)

// Benchmarks: the same queries through the in-memory index
// (BenchmarkFinderIndex) and through SQL on SQLite (BenchmarkFinderSQLite),
// with identical sub-benchmark names, on the real catalog and on a
// synthetic catalog of about 2 million programs. Each reports the p50 and
// p99 latency of its query; the SQLite one also reports how many times
// slower it is than the index at p50 and p99 (measured on the spot).
//
//	go test ./search -run '^$' -bench 'FinderIndex' -benchtime 2000x
//	go test ./search -run '^$' -bench 'FinderSQLite' -benchtime 20x -timeout 60m
//	go test ./search -run '^$' -bench 'FinderIndexBuild' -benchtime 1x
//
// The synthetic SQLite database takes minutes to build, so it is cached
// in the temporary directory under a name keyed by seed and size
// (careerpath-bench-synthetic-<seed>-<n>.db) and reused by later runs;
// delete it to rebuild.

const (
	synthSeed = 20260
	synthSize = 2_000_000
)

// queries is the benchmark mix: a career query with three filters, all
// facets, a sort and a page; a free-text query; a distance query.
func queries() []struct {
	name string
	f    careerpath.ProgramFilter
} {
	tmax := 25000.0
	return []struct {
		name string
		f    careerpath.ProgramFilter
	}{
		{"career", careerpath.ProgramFilter{Career: "machine-learning-engineer", Awards: []int{careerpath.AwardBachelor, careerpath.AwardMaster},
			Controls: []careerpath.Control{careerpath.ControlPublic}, TuitionMax: &tmax, Sort: careerpath.SortEarnings, Page: 2, PerPage: 20}},
		{"text", careerpath.ProgramFilter{Query: "computer science", Sort: careerpath.SortName, PerPage: 20}},
		{"distance", careerpath.ProgramFilter{Near: &careerpath.GeoPoint{Lat: 41.8781, Lon: -87.6298}, RadiusMiles: 50, Sort: careerpath.SortTuition, PerPage: 20}},
	}
}

// synthetic is the 2M catalog: the index, and the SQLite database behind a
// finder.
type synthetic struct {
	index  *search.Index
	finder *finderref.Finder
	n      int
	build  time.Duration
	bytes  uint64
}

var (
	synthOnce sync.Once
	synth     *synthetic
	synthErr  error
)

// syntheticCatalog draws a catalog of about synthSize programs from the
// real one: every real institution is cloned 8 times with coordinates
// jittered by up to ±0.25° and a place word added to its name, and each
// real program joins each clone with probability synthSize/(8 × real
// programs), so that awards, fields, states, tuition, earnings and sizes
// keep their real distribution. Everything comes from a seeded RNG.
func syntheticCatalog(tb testing.TB, withSQL bool) *synthetic {
	c := realCatalog(tb)
	synthOnce.Do(func() { synth, synthErr = makeSynthetic(c) })
	if synthErr != nil {
		tb.Fatal(synthErr)
	}
	if withSQL && synth.finder == nil {
		if err := synthSQL(c, synth); err != nil {
			tb.Fatal(err)
		}
	}
	return synth
}

const clones = 8

var places = []string{"North", "South", "East", "West", "Riverside", "Lakeview", "Hillcrest", "Harbor", "Valley", "Summit", "Meadow", "Bayview", "Pinecrest", "Fairview", "Oakridge", "Westfield"}

func synthInstitutions(c *catalog, r *rand.Rand) []careerpath.Institution {
	var out []careerpath.Institution
	for _, in := range c.insts {
		for k := range clones {
			s := in
			s.UnitID = in.UnitID*clones + k
			if k > 0 {
				s.Name = in.Name + " " + places[r.IntN(len(places))]
				if in.Latitude != nil && in.Longitude != nil {
					lat, lon := *in.Latitude+(r.Float64()-0.5)/2, *in.Longitude+(r.Float64()-0.5)/2
					s.Latitude, s.Longitude = &lat, &lon
				}
			}
			out = append(out, s)
		}
	}
	return out
}

// synthPrograms calls fn with each synthetic program, in ID order.
func synthPrograms(c *catalog, r *rand.Rand, fn func(p *careerpath.Program)) error {
	var real []careerpath.Program
	if err := c.db.EachProgram(context.Background(), func(p *careerpath.Program) error {
		real = append(real, *p)
		return nil
	}); err != nil {
		return err
	}
	rate := float64(synthSize) / float64(clones*len(real))
	id := int64(0)
	for k := range clones {
		for _, p := range real {
			if r.Float64() >= rate {
				continue
			}
			id++
			s := p
			s.ID = id
			s.Institution = careerpath.Institution{UnitID: p.Institution.UnitID*clones + k}
			fn(&s)
		}
	}
	return nil
}

func makeSynthetic(c *catalog) (*synthetic, error) {
	r := rand.New(rand.NewPCG(synthSeed, 1))
	insts := synthInstitutions(c, r)
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	b := search.NewBuilder(c.model)
	for _, in := range insts {
		b.AddInstitution(in)
	}
	if err := synthPrograms(c, r, b.AddProgram); err != nil {
		return nil, err
	}
	ix, err := b.Build()
	if err != nil {
		return nil, err
	}
	s := &synthetic{index: ix, n: ix.Len(), build: time.Since(start)}
	b = nil
	runtime.GC()
	runtime.ReadMemStats(&after)
	s.bytes = after.HeapAlloc - before.HeapAlloc
	return s, nil
}

// synthSQL opens, building it first if it is not cached, the synthetic
// catalog's SQLite database.
func synthSQL(c *catalog, s *synthetic) error {
	ctx := context.Background()
	path := filepath.Join(os.TempDir(), fmt.Sprintf("careerpath-bench-synthetic-%d-%d.db", synthSeed, synthSize))
	if _, err := os.Stat(path); err != nil {
		r := rand.New(rand.NewPCG(synthSeed, 1))
		insts := synthInstitutions(c, r)
		b, err := sqlite.NewBuilder(ctx, path)
		if err != nil {
			return err
		}
		if err := b.LoadInstitutions(ctx, insts); err != nil {
			b.Abort()
			return err
		}
		var batch []careerpath.Program
		var loadErr error
		flush := func() {
			if loadErr == nil && len(batch) > 0 {
				loadErr = b.LoadPrograms(ctx, batch)
			}
			batch = batch[:0]
		}
		err = synthPrograms(c, r, func(p *careerpath.Program) {
			batch = append(batch, *p)
			if len(batch) == 50000 {
				flush()
			}
		})
		flush()
		if err == nil {
			err = loadErr
		}
		if err != nil {
			b.Abort()
			return err
		}
		if err := b.Commit(ctx); err != nil {
			return err
		}
	}
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		return err
	}
	s.finder, err = finderref.New(ctx, db, c.model)
	return err
}

// latencies runs q b.N times and reports p50 and p99 in milliseconds.
func latencies(b *testing.B, q func() error) (p50, p99 time.Duration) {
	b.Helper()
	d := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for b.Loop() {
		start := time.Now()
		if err := q(); err != nil {
			b.Fatal(err)
		}
		d = append(d, time.Since(start))
	}
	b.StopTimer()
	p50, p99 = percentile(d, 0.50), percentile(d, 0.99)
	b.ReportMetric(float64(p50.Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(p99.Microseconds())/1000, "p99-ms")
	return p50, p99
}

func percentile(d []time.Duration, p float64) time.Duration {
	if len(d) == 0 {
		return 0
	}
	s := slices.Clone(d)
	slices.Sort(s)
	i := int(p*float64(len(s))+0.5) - 1
	return s[max(0, min(i, len(s)-1))]
}

func BenchmarkFinderIndex(b *testing.B) {
	ctx := context.Background()
	run := func(b *testing.B, ix *search.Index) {
		svc := search.NewService(ix)
		for _, q := range queries() {
			b.Run(q.name, func(b *testing.B) {
				latencies(b, func() error { _, err := svc.FindPrograms(ctx, q.f); return err })
			})
		}
	}
	b.Run("real", func(b *testing.B) { run(b, realCatalog(b).index) })
	b.Run("synthetic-2M", func(b *testing.B) { run(b, syntheticCatalog(b, false).index) })
}

func BenchmarkFinderSQLite(b *testing.B) {
	ctx := context.Background()
	run := func(b *testing.B, ix *search.Index, f *finderref.Finder) {
		svc := search.NewService(ix)
		for _, q := range queries() {
			b.Run(q.name, func(b *testing.B) {
				p50, p99 := latencies(b, func() error { _, err := f.FindPrograms(ctx, q.f); return err })
				// The index's latency on the same query, for the ratio.
				var d []time.Duration
				for range 500 {
					start := time.Now()
					svc.FindPrograms(ctx, q.f)
					d = append(d, time.Since(start))
				}
				b.ReportMetric(float64(p50)/float64(percentile(d, 0.5)), "x-index-p50")
				b.ReportMetric(float64(p99)/float64(percentile(d, 0.99)), "x-index-p99")
			})
		}
	}
	b.Run("real", func(b *testing.B) { c := realCatalog(b); run(b, c.index, c.finder) })
	b.Run("synthetic-2M", func(b *testing.B) { s := syntheticCatalog(b, true); run(b, s.index, s.finder) })
}

// BenchmarkFinderIndexBuild reports the build time and heap of the index
// of the synthetic catalog.
func BenchmarkFinderIndexBuild(b *testing.B) {
	s := syntheticCatalog(b, false)
	for b.Loop() {
	}
	b.ReportMetric(float64(s.n), "programs")
	b.ReportMetric(s.build.Seconds(), "build-s")
	b.ReportMetric(float64(s.bytes)/float64(s.n), "heap-bytes/program")
}
