package search_test

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/data"
	"github.com/careerpath/careerpath/opendata"
	"github.com/careerpath/careerpath/sqlite"
)

// smallSize is the number of IPEDS programs of the small synthetic
// catalog the property tests run on in -short, without the full import.
const smallSize = 6000

var (
	smallOnce sync.Once
	small     *catalog
	smallErr  error
)

// smallCatalog builds, once per test binary, a synthetic catalog of
// smallSize random programs at a few hundred random institutions, over
// the real CIP codes and crosswalk (so that the relevance model and the
// query reading have real titles), with the test catalog's entries, and
// both finders over it.
func smallCatalog(tb testing.TB) *catalog {
	tb.Helper()
	smallOnce.Do(func() { small, smallErr = loadSmall() })
	if smallErr != nil {
		tb.Fatal(smallErr)
	}
	return small
}

func loadSmall() (_ *catalog, err error) {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "careerpath-search-small-")
	if err != nil {
		return nil, err
	}
	path := filepath.Join(dir, "small.db")
	b, err := sqlite.NewBuilder(ctx, path)
	if err != nil {
		return nil, err
	}
	cips, err := parseData("cip-2020/CIPCode2020.csv.gz", opendata.DatasetCIP, opendata.ParseCIP)
	if err != nil {
		b.Abort()
		return nil, err
	}
	pairs, err := parseData("cip-soc-2020/cip2020_soc2018_crosswalk.csv", opendata.DatasetCrosswalk, opendata.ParseCrosswalk)
	if err != nil {
		b.Abort()
		return nil, err
	}
	r := rand.New(rand.NewPCG(13, 2026))
	insts := smallInstitutions(r)
	programs := smallPrograms(r, insts, cips, pairs)
	for _, load := range []func() error{
		func() error { return b.LoadCIP(ctx, cips) },
		func() error { return b.LoadCrosswalk(ctx, pairs) },
		func() error { return b.LoadInstitutions(ctx, insts) },
		func() error { return b.LoadPrograms(ctx, programs) },
	} {
		if err := load(); err != nil {
			b.Abort()
			return nil, err
		}
	}
	if err := b.Commit(ctx); err != nil {
		return nil, err
	}
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		return nil, err
	}
	c := &catalog{dir: dir, db: db, insts: insts, ipeds: len(programs)}
	if err := c.open(ctx); err != nil {
		return nil, err
	}
	for _, in := range insts {
		c.names = append(c.names, in.Name)
	}
	for _, p := range programs[:500] {
		c.names = append(c.names, p.Name)
	}
	return c, db.EachCatalogProgram(ctx, func(p *careerpath.Program) error {
		c.names = append(c.names, p.Name)
		return nil
	})
}

// parseData parses one file of the bundled data.
func parseData[T any](name, dataset string, parse func(opendata.Source, io.Reader) ([]T, error)) ([]T, error) {
	f, err := data.FS.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return parse(opendata.Source{Dataset: dataset, File: name}, f)
}

// smallInstitutions draws 600 institutions across two dozen states, some
// without coordinates, tuition or online share, some with aliases.
func smallInstitutions(r *rand.Rand) []careerpath.Institution {
	states := []struct {
		code     string
		lat, lon float64
	}{{"GA", 33.7, -84.4}, {"TX", 30.3, -97.7}, {"NY", 40.7, -74}, {"CA", 34, -118.2}, {"MA", 42.4, -71.1}, {"IL", 41.9, -87.6},
		{"WA", 47.6, -122.3}, {"FL", 25.8, -80.2}, {"CO", 39.7, -105}, {"OH", 40, -83}, {"PR", 18.4, -66.1}, {"AK", 61.2, -149.9},
		{"MN", 45, -93.3}, {"AZ", 33.4, -112.1}, {"TN", 36.2, -86.8}, {"NC", 35.8, -78.6}, {"MO", 38.6, -90.2}, {"UT", 40.8, -111.9},
		{"OR", 45.5, -122.7}, {"PA", 40, -75.2}, {"MI", 42.3, -83}, {"LA", 30, -90.1}, {"KS", 39, -95.7}, {"NE", 41.3, -96}}
	kinds := []string{"University", "College", "Institute of Technology", "Community College", "State University", "School of Nursing"}
	maybe := func(p float64, v float64) *float64 {
		if r.Float64() < p {
			return &v
		}
		return nil
	}
	var out []careerpath.Institution
	for i := range 600 {
		st := states[r.IntN(len(states))]
		in := careerpath.Institution{UnitID: 100000 + 7*i, State: st.code, Country: "US",
			Name:    fmt.Sprintf("%s %s %s", places[r.IntN(len(places))], st.code, kinds[r.IntN(len(kinds))]),
			City:    places[r.IntN(len(places))] + "ville",
			ZIP:     fmt.Sprintf("%05d-%04d", 10000+r.IntN(89999), r.IntN(9999)),
			Control: careerpath.Control(1 + r.IntN(3)),
		}
		if r.IntN(10) > 0 {
			lat, lon := st.lat+(r.Float64()-0.5)*3, st.lon+(r.Float64()-0.5)*3
			in.Latitude, in.Longitude = &lat, &lon
		}
		if i%3 == 0 && len(out) > 0 {
			in.ZIP = out[r.IntN(len(out))].ZIP // institutions sharing a ZIP code
		}
		in.TuitionInState = maybe(0.8, float64(2000+r.IntN(20000)))
		in.TuitionOutOfState = maybe(0.8, float64(8000+r.IntN(50000)))
		in.GradTuitionInState = maybe(0.5, float64(5000+r.IntN(30000)))
		in.GradTuitionOutOfState = maybe(0.5, float64(9000+r.IntN(40000)))
		in.OnlineShare = maybe(0.9, r.Float64()*r.Float64())
		if r.IntN(5) == 0 {
			in.Aliases = []string{"U" + strconv.Itoa(i), st.code + " Tech " + strconv.Itoa(i)}
		}
		out = append(out, in)
	}
	return out
}

// smallPrograms draws smallSize programs, most in fields of study the
// crosswalk maps to occupations (many in the families of computing,
// mathematics, statistics and engineering, which the careers are about),
// some in others, of every award level.
func smallPrograms(r *rand.Rand, insts []careerpath.Institution, cips []opendata.CIPCode, pairs []opendata.CrosswalkPair) []careerpath.Program {
	titles := map[string]string{}
	var codes []string
	for _, c := range cips {
		if len(c.Code) == 7 {
			titles[c.Code] = strings.TrimSuffix(c.Title, ".")
			codes = append(codes, c.Code)
		}
	}
	var mapped, near []string // near: the families of the careers' fields
	for _, p := range pairs {
		if titles[p.CIP] != "" {
			mapped = append(mapped, p.CIP)
			if strings.HasPrefix(p.CIP, "11.") || strings.HasPrefix(p.CIP, "27.") || strings.HasPrefix(p.CIP, "30.") || strings.HasPrefix(p.CIP, "14.") {
				near = append(near, p.CIP)
			}
		}
	}
	maybe := func(p float64, v float64) *float64 {
		if r.Float64() < p {
			return &v
		}
		return nil
	}
	type key struct {
		unitid int
		cip    string
		award  int
	}
	seen := map[key]bool{}
	out := make([]careerpath.Program, 0, smallSize)
	for len(out) < smallSize {
		var cip string
		switch r.IntN(5) {
		case 0:
			cip = codes[r.IntN(len(codes))]
		case 1, 2:
			cip = near[r.IntN(len(near))]
		default:
			cip = mapped[r.IntN(len(mapped))]
		}
		p := careerpath.Program{ID: int64(len(out) + 1), CIP: cip, Name: titles[cip], Source: "synthetic",
			Institution: careerpath.Institution{UnitID: insts[r.IntN(len(insts))].UnitID},
			Award:       careerpath.AwardLevels[r.IntN(len(careerpath.AwardLevels))],
			Completers:  []int{0, 1, 3, 8, 20, 60, 250}[r.IntN(7)] + r.IntN(5),
		}
		if k := (key{p.Institution.UnitID, cip, p.Award.Code}); seen[k] {
			continue
		} else {
			seen[k] = true
		}
		p.Earnings1Yr = maybe(0.5, float64(18000+r.IntN(90000)))
		p.Earnings4Yr = maybe(0.4, float64(25000+r.IntN(110000)))
		p.MeanDebt = maybe(0.3, float64(r.IntN(40000)))
		out = append(out, p)
	}
	return out
}
