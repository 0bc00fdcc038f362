package sqlite

import (
	"context"
	"crypto/sha256"
	"fmt"
	"path/filepath"
	"testing"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/opendata"
)

// testCIP are the CIP codes of the test databases: two in use and one
// deleted since CIP 2010.
var testCIP = []opendata.CIPCode{
	{Family: "11", Code: "11.0701", Action: opendata.CIPUnchanged, Title: "Computer Science."},
	{Family: "30", Code: "30.7001", Action: opendata.CIPNew, Title: "Data Science, General."},
	{Family: "11", Code: "11.0199", Action: opendata.CIPDeleted, Title: "Computer Science, Other."},
}

// catalogDB builds a database with the test CIP codes at path and opens it.
func catalogDB(t *testing.T, path string) *DB {
	return testDB(t, path)
}

// testDB builds a database at path with the test CIP codes, what the
// steps load, and the catalogs of the database it replaces, and opens it.
func testDB(t *testing.T, path string, steps ...func(context.Context, *Builder) error) *DB {
	t.Helper()
	ctx := context.Background()
	b, err := NewBuilder(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	steps = append([]func(context.Context, *Builder) error{func(ctx context.Context, b *Builder) error { return b.LoadCIP(ctx, testCIP) }}, steps...)
	steps = append(steps, func(ctx context.Context, b *Builder) error { _, err := b.CopyCatalogs(ctx); return err })
	for _, step := range steps {
		if err := step(ctx, b); err != nil {
			b.Abort()
			t.Fatal(err)
		}
	}
	if err := b.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func f64(x float64) *float64 { return &x }

func testEntries(n int) []careerpath.CatalogEntry {
	out := make([]careerpath.CatalogEntry, n)
	for i := range out {
		out[i] = careerpath.CatalogEntry{Line: i + 2, Institution: fmt.Sprintf("Institute %d", i), Program: "Data Science", Country: "US"}
		if i%2 == 0 {
			out[i].CIP = "30.7001"
		}
	}
	return out
}

// catalogState hashes every catalog row, to compare before and after.
func catalogState(t *testing.T, db *DB) string {
	t.Helper()
	h := sha256.New()
	for _, q := range []string{
		"SELECT id, name, source_file, imported_at, imported_by, entries, with_cip, without_cip FROM catalogs ORDER BY id",
		`SELECT id, catalog_id, line, institution, program, degree, award, format, city, region, country, duration_years, tuition,
			currency, url, description, cip, cip_source, confidence, status, concentration_cip FROM catalog_entries ORDER BY id`,
	} {
		rows, err := db.read.Query(q)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		n := 0
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(h, "%v\n", vals)
			n++
		}
		rows.Close()
		fmt.Fprintf(h, "rows %d\n", n)
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}

func TestImportCatalog(t *testing.T) {
	ctx := context.Background()
	db := catalogDB(t, filepath.Join(t.TempDir(), "cp.db"))
	entries := []careerpath.CatalogEntry{
		{Line: 2, Institution: "Northfield Institute of Technology", Program: "MS in Computer Science", Degree: "Master's", Award: careerpath.AwardMaster,
			Format: "online", City: "Northfield", Region: "MN", Country: "US", DurationYears: f64(2), Tuition: f64(38500), Currency: "USD",
			URL: "https://northfield.example.edu/cs", Description: "Systems and ML.", CIP: "11.0701"},
		{Line: 3, Institution: "Lakeshore University", Program: "Applied Data Analytics", Degree: "Diploma", Country: "CA"},
		{Line: 4, Institution: "Lakeshore University", Program: "BSc Data Science", Award: careerpath.AwardBachelor, Country: "CA", CIP: "30.7001"},
	}
	sum, err := db.ImportCatalog(ctx, careerpath.CatalogImport{Name: "acme", SourceFile: "acme.csv", ImportedBy: "test", Entries: entries})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Entries != 3 || sum.WithCIP != 2 || sum.WithoutCIP != 1 || sum.ID == 0 || sum.Replaced != 0 {
		t.Errorf("ImportCatalog = %+v, want 3 entries, 2 with CIP, 1 without", sum)
	}

	cats, err := db.Catalogs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(cats) != 1 || cats[0].Name != "acme" || cats[0].SourceFile != "acme.csv" || cats[0].ImportedBy != "test" || cats[0].WithoutCIP != 1 || cats[0].ImportedAt.IsZero() {
		t.Errorf("Catalogs = %+v", cats)
	}

	progs, err := db.CatalogPrograms(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(progs) != 2 {
		t.Fatalf("CatalogPrograms = %d programs, want the 2 with a CIP code", len(progs))
	}
	p := progs[0]
	if p.ID <= CatalogProgramIDBase || p.Source != "acme" || p.Name != "MS in Computer Science" || p.CIP != "11.0701" || p.CIPTitle != "Computer Science" ||
		p.Award.Code != careerpath.AwardMaster || p.Institution.Name != "Northfield Institute of Technology" || p.Institution.City != "Northfield" ||
		p.Institution.State != "MN" || p.Institution.Country != "US" || p.Format != "online" || *p.DurationYears != 2 || *p.Tuition != 38500 ||
		p.TuitionCurrency != "USD" || p.URL != "https://northfield.example.edu/cs" {
		t.Errorf("CatalogPrograms[0] = %+v", p)
	}
	if progs[1].DurationYears != nil || progs[1].Tuition != nil {
		t.Errorf("CatalogPrograms[1] has numbers the catalog left out: %+v", progs[1])
	}
	got, err := db.CatalogProgram(ctx, p.ID)
	if err != nil || got.Name != p.Name {
		t.Errorf("CatalogProgram(%d) = %+v, %v", p.ID, got, err)
	}
	// The entry without a CIP code waits for the model: not a program yet.
	if _, err := db.CatalogProgram(ctx, p.ID+1); careerpath.ErrorCode(err) != careerpath.ENOTFOUND {
		t.Errorf("CatalogProgram(pending entry) = %v, want ENOTFOUND", err)
	}
	var pending int
	db.read.QueryRow("SELECT count(*) FROM catalog_entries WHERE status = 'pending_model' AND cip IS NULL AND confidence IS NULL").Scan(&pending)
	if pending != 1 {
		t.Errorf("%d pending_model entries, want 1", pending)
	}
}

func TestImportCatalogConflictAndReplace(t *testing.T) {
	ctx := context.Background()
	db := catalogDB(t, filepath.Join(t.TempDir(), "cp.db"))
	imp := careerpath.CatalogImport{Name: "acme", Entries: testEntries(3)}
	if _, err := db.ImportCatalog(ctx, imp); err != nil {
		t.Fatal(err)
	}
	before := catalogState(t, db)
	if _, err := db.ImportCatalog(ctx, imp); careerpath.ErrorCode(err) != careerpath.ECONFLICT {
		t.Fatalf("second import under the same name = %v, want ECONFLICT", err)
	}
	if catalogState(t, db) != before {
		t.Error("a refused import changed the database")
	}
	imp.Replace, imp.Entries = true, testEntries(5)
	sum, err := db.ImportCatalog(ctx, imp)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Replaced != 3 || sum.Entries != 5 {
		t.Errorf("replace = %+v, want 3 replaced by 5", sum)
	}
	var n int
	db.read.QueryRow("SELECT count(*) FROM catalog_entries").Scan(&n)
	if n != 5 {
		t.Errorf("%d entries after replacing, want 5", n)
	}
}

// TestImportCatalogAllOrNothing fails imports at a late row in several
// ways and checks that the database is exactly as before each time.
func TestImportCatalogAllOrNothing(t *testing.T) {
	ctx := context.Background()
	db := catalogDB(t, filepath.Join(t.TempDir(), "cp.db"))
	if _, err := db.ImportCatalog(ctx, careerpath.CatalogImport{Name: "existing", Entries: testEntries(10)}); err != nil {
		t.Fatal(err)
	}
	before := catalogState(t, db)

	badFormat := testEntries(2000)
	badFormat[1700].Format = "by carrier pigeon" // refused by a CHECK constraint, in the fourth batch
	unknownCIP := testEntries(2000)
	unknownCIP[1900].CIP = "11.0199" // deleted from CIP 2020
	noProgram := testEntries(2000)
	noProgram[1999].Program = ""
	cancelled, cancel := context.WithCancel(ctx)
	cancel()

	tests := []struct {
		name string
		ctx  context.Context
		imp  careerpath.CatalogImport
		code string
	}{
		{"constraint fails at row 1701", ctx, careerpath.CatalogImport{Name: "new", Entries: badFormat}, careerpath.EINTERNAL},
		{"replace, then constraint fails", ctx, careerpath.CatalogImport{Name: "existing", Replace: true, Entries: badFormat}, careerpath.EINTERNAL},
		{"unknown CIP code", ctx, careerpath.CatalogImport{Name: "new", Entries: unknownCIP}, careerpath.EINVALID},
		{"entry without program", ctx, careerpath.CatalogImport{Name: "new", Entries: noProgram}, careerpath.EINVALID},
		{"no entries", ctx, careerpath.CatalogImport{Name: "new"}, careerpath.EINVALID},
		{"reserved name", ctx, careerpath.CatalogImport{Name: "IPEDS", Entries: testEntries(1)}, careerpath.EINVALID},
		{"blank name", ctx, careerpath.CatalogImport{Name: " ", Entries: testEntries(1)}, careerpath.EINVALID},
		{"cancelled", cancelled, careerpath.CatalogImport{Name: "new", Entries: testEntries(10)}, careerpath.EINTERNAL},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sum, err := db.ImportCatalog(tt.ctx, tt.imp)
			if err == nil {
				t.Fatalf("ImportCatalog = %+v, want an error", sum)
			}
			if got := careerpath.ErrorCode(err); got != tt.code {
				t.Errorf("ImportCatalog error %v has code %s, want %s", err, got, tt.code)
			}
			if catalogState(t, db) != before {
				t.Error("the failed import changed the database")
			}
		})
	}
	// The writer connection is still usable after the failures.
	if _, err := db.ImportCatalog(ctx, careerpath.CatalogImport{Name: "new", Entries: testEntries(2000)}); err != nil {
		t.Fatalf("import after failures: %v", err)
	}
}

// TestCopyCatalogs rebuilds the open data under a database with catalogs:
// the catalogs and their ids survive.
func TestCopyCatalogs(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "cp.db")
	db := catalogDB(t, path)
	if _, err := db.ImportCatalog(ctx, careerpath.CatalogImport{Name: "acme", Entries: testEntries(7)}); err != nil {
		t.Fatal(err)
	}
	// One pending entry gets a predicted field with a concentration.
	pending, err := db.PendingCatalogEntries(ctx, 0)
	if err != nil || len(pending) == 0 {
		t.Fatalf("PendingCatalogEntries = %d, %v; want some", len(pending), err)
	}
	if err := db.SetCatalogPredictions(ctx, []careerpath.CatalogPrediction{{EntryID: pending[0].ID, CIP: "11.0701", Confidence: 0.9,
		Status: careerpath.CatalogActive, ConcentrationCIP: "30.7001"}}); err != nil {
		t.Fatal(err)
	}
	want := catalogState(t, db)
	db.Close()

	db2 := catalogDB(t, path)
	if got := catalogState(t, db2); got != want {
		t.Error("catalogs differ after rebuilding the database")
	}
	progs, err := db2.CatalogPrograms(ctx)
	if err != nil || len(progs) != 5 {
		t.Fatalf("CatalogPrograms after rebuild = %d, %v; want 5", len(progs), err)
	}
	concentrated := 0
	for _, p := range progs {
		if p.ConcentrationCIP == "30.7001" {
			concentrated++
		}
	}
	if concentrated != 1 {
		t.Errorf("%d programs with the concentration after rebuild, want 1", concentrated)
	}
}
