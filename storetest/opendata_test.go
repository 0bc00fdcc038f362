package storetest_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/jackc/pgx/v5"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/content"
	"github.com/careerpath/careerpath/data"
	"github.com/careerpath/careerpath/figures"
	"github.com/careerpath/careerpath/guides"
	"github.com/careerpath/careerpath/importer"
	"github.com/careerpath/careerpath/importer/importtest"
	"github.com/careerpath/careerpath/postgres"
	"github.com/careerpath/careerpath/sqlite"
)

// openData is what a server reads from the open data of either store.
type openData interface {
	guides.Source
	CIPTitles(ctx context.Context) (map[string]string, error)
	EachInstitution(ctx context.Context, fn func(careerpath.Institution) error) error
	EachProgram(ctx context.Context, fn func(*careerpath.Program) error) error
	EachZIPCentroid(ctx context.Context, fn func(zip string, pt careerpath.GeoPoint) error) error
	PaybackBaseline(ctx context.Context) (*careerpath.Stat, error)
}

var (
	_ openData = (*sqlite.DB)(nil)
	_ openData = (*postgres.OpenData)(nil)
)

// pgOpenData opens a PostgreSQL database in a schema of its own, whose
// release schemas are dropped when the test ends; it skips without a
// server.
func pgOpenData(t *testing.T) *postgres.DB {
	url := os.Getenv("CAREERPATH_TEST_POSTGRES")
	if url == "" {
		t.Skip("CAREERPATH_TEST_POSTGRES is not set: PostgreSQL skipped")
	}
	db := openPostgres(url)(t).(*postgres.DB)
	t.Cleanup(func() {
		ctx := context.Background()
		conn, err := pgx.Connect(ctx, url)
		if err != nil {
			return
		}
		defer conn.Close(ctx)
		// The store's schema is dropped by openPostgres's cleanup, which
		// runs after this one; its releases are named after it.
		if r, err := db.DataRelease(ctx); err == nil {
			conn.Exec(ctx, "DROP SCHEMA IF EXISTS "+pgx.Identifier{r.Schema}.Sanitize()+" CASCADE")
		}
	})
	return db
}

var quiet = importer.NewProgress(io.Discard, false, slog.New(slog.NewTextHandler(io.Discard, nil)))

func importPG(ctx context.Context, db *postgres.DB, release fs.FS) (*importer.Summary, error) {
	b, err := db.NewBuilder(ctx)
	if err != nil {
		return nil, err
	}
	return importer.Run(ctx, importer.Options{Data: release, Builder: b, Progress: quiet})
}

// TestOpenData imports the same release into SQLite and PostgreSQL and
// checks that both answer the same records and figures: the small release
// with -short, the bundled one, and the career guides built on it,
// without.
func TestOpenData(t *testing.T) {
	release := importtest.SmallRelease(t)
	if !testing.Short() {
		release = data.FS
	}
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "careerpath.db")
	ssum, err := importer.Run(ctx, importer.Options{Data: release, DBPath: path, Progress: quiet})
	if err != nil {
		t.Fatal(err)
	}
	sdb, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer sdb.Close()

	pdb := pgOpenData(t)
	psum, err := importPG(ctx, pdb, release)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(ssum.Results, psum.Results) || ssum.Programs != psum.Programs {
		t.Errorf("import summaries differ:\nsqlite   %+v %+v\npostgres %+v %+v", ssum.Results, ssum.Programs, psum.Results, psum.Programs)
	}
	od, err := pdb.OpenData(ctx)
	if err != nil {
		t.Fatal(err)
	}
	sameOpenData(t, sdb, od)
	if ds, err := pdb.FindDatasets(ctx); err != nil || len(ds) != 17 {
		t.Errorf("DB.FindDatasets: %d datasets, %v; want 17", len(ds), err)
	}

	// The figures of the built-in careers, and the careers generated for
	// every occupation, computed on each store.
	careers, err := content.Load(content.Embedded())
	if err != nil {
		t.Fatal(err)
	}
	sameJSON(t, "figures", must2(figures.Compute(ctx, sdb, careers)), must2(figures.Compute(ctx, od, careers)))
	sameJSON(t, "generated careers", must2(guides.Count(ctx, sdb, careers)), must2(guides.Count(ctx, od, careers)))
	if testing.Short() {
		return // the small release lacks codes the career files name
	}
	// The guides as a server builds them, checked against each store.
	sg, err := guides.Load(ctx, content.Embedded(), sdb)
	if err != nil {
		t.Fatal(err)
	}
	pg, err := guides.Load(ctx, content.Embedded(), od)
	if err != nil {
		t.Fatal(err)
	}
	sameJSON(t, "guides", must2(sg.FindGuides(ctx, "")), must2(pg.FindGuides(ctx, "")))
	sameJSON(t, "site figures", must2(sg.SiteFigures(ctx)), must2(pg.SiteFigures(ctx)))
}

// sameOpenData checks that a and b answer every read alike.
func sameOpenData(t *testing.T, a, b openData) {
	ctx := context.Background()
	check := func(what string, get func(openData) (any, error)) {
		t.Helper()
		av, err := get(a)
		if err != nil {
			t.Fatalf("sqlite %s: %v", what, err)
		}
		bv, err := get(b)
		if err != nil {
			t.Fatalf("postgres %s: %v", what, err)
		}
		if reflect.ValueOf(av).Len() == 0 {
			t.Errorf("%s: none on either store; the release should have some", what)
		}
		sameJSON(t, what, av, bv)
	}
	check("datasets", func(s openData) (any, error) { return s.FindDatasets(ctx) })
	check("SOC codes", func(s openData) (any, error) { return s.SOCCodes(ctx) })
	check("CIP codes", func(s openData) (any, error) { return s.CIPCodes(ctx) })
	check("CIP titles", func(s openData) (any, error) { return s.CIPTitles(ctx) })
	check("survey titles", func(s openData) (any, error) { return s.SurveyTitles(ctx) })
	check("technologies", func(s openData) (any, error) {
		m, err := s.Technologies(ctx, nil)
		for _, v := range m {
			slices.Sort(v)
		}
		return m, err
	})
	check("crosswalk", func(s openData) (any, error) { return s.Crosswalk(ctx) })
	check("ratings", func(s openData) (any, error) { return s.Ratings(ctx) })
	check("salaries", func(s openData) (any, error) {
		r, err := s.SalaryRecords(ctx, nil)
		slices.SortFunc(r, func(x, y figures.Salary) int { return strings.Compare(fmt.Sprint(x), fmt.Sprint(y)) })
		return r, err
	})
	check("salaries of two titles", func(s openData) (any, error) {
		r, err := s.SalaryRecords(ctx, []string{"Data Scientist", "Data Engineer"})
		slices.SortFunc(r, func(x, y figures.Salary) int { return strings.Compare(fmt.Sprint(x), fmt.Sprint(y)) })
		return r, err
	})
	check("OEWS", func(s openData) (any, error) { return s.OEWS(ctx, nil) })
	check("OEWS of two codes", func(s openData) (any, error) { return s.OEWS(ctx, []string{"15-2051", "00-0000"}) })
	check("projections", func(s openData) (any, error) { return s.Projections(ctx, nil) })
	check("technology skills", func(s openData) (any, error) { return s.TechnologySkills(ctx, nil) })
	check("tasks", func(s openData) (any, error) { return s.Tasks(ctx, nil) })
	check("job zones", func(s openData) (any, error) { return s.JobZones(ctx, nil) })
	check("descriptions", func(s openData) (any, error) { return s.Descriptions(ctx) })
	check("technology prevalence", func(s openData) (any, error) {
		p, err := s.TechnologyPrevalence(ctx)
		// Sums of shares, in another order on each store: the last bits
		// may differ.
		for k, v := range p.Share {
			p.Share[k] = math.Round(v*1e9) / 1e9
		}
		return p.Share, err
	})
	check("payback baseline", func(s openData) (any, error) {
		st, err := s.PaybackBaseline(ctx)
		return []any{st}, err
	})
	check("institutions", func(s openData) (any, error) {
		var out []careerpath.Institution
		err := s.EachInstitution(ctx, func(in careerpath.Institution) error { out = append(out, in); return nil })
		return out, err
	})
	check("programs", func(s openData) (any, error) {
		var out []careerpath.Program
		err := s.EachProgram(ctx, func(p *careerpath.Program) error { out = append(out, *p); return nil })
		return out, err
	})
	check("ZIP centroids", func(s openData) (any, error) {
		out := map[string]careerpath.GeoPoint{}
		err := s.EachZIPCentroid(ctx, func(zip string, pt careerpath.GeoPoint) error { out[zip] = pt; return nil })
		return out, err
	})
}

// sameJSON reports where a and b differ in their JSON.
func sameJSON(t *testing.T, what string, a, b any) {
	t.Helper()
	aj, err := json.MarshalIndent(a, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	bj, err := json.MarshalIndent(b, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	if string(aj) == string(bj) {
		return
	}
	al, bl := strings.Split(string(aj), "\n"), strings.Split(string(bj), "\n")
	for i := range min(len(al), len(bl)) {
		if al[i] != bl[i] {
			t.Errorf("%s differ at JSON line %d:\nsqlite   %s\npostgres %s", what, i+1, al[i], bl[i])
			return
		}
	}
	t.Errorf("%s differ: %d JSON lines on sqlite, %d on postgres", what, len(al), len(bl))
}

func must2[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// TestOpenDataFailedImport: an import that fails part-way leaves the
// release that serves as it was, and nothing of its own behind.
func TestOpenDataFailedImport(t *testing.T) {
	ctx := context.Background()
	db := pgOpenData(t)
	release := importtest.SmallRelease(t)
	if _, err := importPG(ctx, db, release); err != nil {
		t.Fatal(err)
	}
	before, err := db.DataRelease(ctx)
	if err != nil {
		t.Fatal(err)
	}
	od, err := db.OpenData(ctx)
	if err != nil {
		t.Fatal(err)
	}
	institutions := func() int {
		n := 0
		if err := od.EachInstitution(ctx, func(careerpath.Institution) error { n++; return nil }); err != nil {
			t.Fatal(err)
		}
		return n
	}
	n := institutions()

	// The ZIP gazetteer is the second-last dataset: by then every other
	// table is loaded.
	broken := fstest.MapFS{}
	for name, f := range release.(fstest.MapFS) {
		broken[name] = f
	}
	broken["zip-centroids/us_zip_centroids.csv.gz"] = &fstest.MapFile{Data: []byte("not gzip")}
	if _, err := importPG(ctx, db, broken); err == nil || !strings.Contains(err.Error(), "zip") {
		t.Fatalf("import of a broken ZIP file = %v, want an error naming it", err)
	}
	after, err := db.DataRelease(ctx)
	if err != nil || after != before {
		t.Fatalf("after the failed import release %+v (%v), want %+v", after, err, before)
	}
	if got := institutions(); got != n {
		t.Errorf("after the failed import %d institutions, want %d", got, n)
	}
	conn, err := pgx.Connect(ctx, os.Getenv("CAREERPATH_TEST_POSTGRES"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	prefix := strings.TrimSuffix(before.Schema, fmt.Sprint(before.ID))
	var left int
	if err := conn.QueryRow(ctx, `SELECT count(*) FROM pg_namespace WHERE starts_with(nspname, $1)`, prefix).Scan(&left); err != nil || left != 1 {
		t.Errorf("%d schemas of releases (%v), want 1: the failed import left its own", left, err)
	}
	// And the next import succeeds.
	if _, err := importPG(ctx, db, release); err != nil {
		t.Fatal(err)
	}
}
