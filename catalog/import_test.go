package catalog_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/catalog"
	"github.com/careerpath/careerpath/opendata"
	"github.com/careerpath/careerpath/sqlite"
)

func TestNameOf(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{"dir/acme-2026.csv.gz": "acme-2026", "Acme.JSONL": "Acme", "catalog": "catalog", "v1.2.csv": "v1.2"} {
		if got := catalog.NameOf(in); got != want {
			t.Errorf("NameOf(%q) = %q, want %q", in, got, want)
		}
	}
}

// cipDB is a SQLite store holding the CIP codes given, and nothing else.
func cipDB(t *testing.T, codes ...opendata.CIPCode) *sqlite.DB {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "cp.db")
	b, err := sqlite.NewBuilder(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.LoadCIP(ctx, codes); err != nil {
		b.Abort()
		t.Fatal(err)
	}
	if err := b.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// TestImport: a catalog is checked against the store's CIP codes and
// stored whole, or not at all.
func TestImport(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := cipDB(t, opendata.CIPCode{Family: "11", Code: "11.0701", Action: opendata.CIPUnchanged, Title: "Computer Science."})
	const head = "institution,program,degree,country,cip\n"
	imp := careerpath.CatalogImport{Name: "acme", SourceFile: "acme.csv", ImportedBy: "test"}
	opts := catalog.Options{File: "acme.csv"}

	_, err := catalog.Import(ctx, db, strings.NewReader(head+"U,MS in Computer Science,Master's,US,99.9999\n"), imp, opts)
	var perr *catalog.Error
	if !errors.As(err, &perr) || len(perr.Problems) != 1 || !strings.Contains(perr.Problems[0].Message, "99.9999") {
		t.Fatalf("Import of an unknown CIP code = %v, want one problem naming it", err)
	}
	if got := catalog.ProblemsError("acme.csv", perr).Error(); got != "acme.csv has 1 problem; nothing was stored" {
		t.Errorf("ProblemsError = %q", got)
	}
	if cats, err := db.Catalogs(ctx); err != nil || len(cats) != 0 {
		t.Fatalf("after a refused import: %d catalogs (%v), want none", len(cats), err)
	}

	sum, err := catalog.Import(ctx, db, strings.NewReader(head+"U,MS in Computer Science,Master's,US,11.0701\nU,Applied Analytics,Diploma,US,\n"), imp, opts)
	if err != nil || sum.Entries != 2 || sum.WithCIP != 1 || sum.WithoutCIP != 1 {
		t.Fatalf("Import = %+v, %v; want 2 entries, 1 with a CIP code", sum, err)
	}
	if _, err := catalog.Import(ctx, db, strings.NewReader(head+"U,P,Master's,US,11.0701\n"), imp, opts); careerpath.ErrorCode(err) != careerpath.ECONFLICT {
		t.Errorf("Import under a name taken = %v, want ECONFLICT", err)
	}
	imp.Replace = true
	if sum, err := catalog.Import(ctx, db, strings.NewReader(head+"U,P,Master's,US,11.0701\n"), imp, opts); err != nil || sum.Replaced != 2 {
		t.Errorf("Import with Replace = %+v, %v; want the 2 entries replaced", sum, err)
	}

	empty := cipDB(t)
	if _, err := catalog.Import(ctx, empty, strings.NewReader(head), imp, opts); careerpath.ErrorCode(err) != careerpath.ENOTFOUND || !strings.Contains(err.Error(), "careerpath import") {
		t.Errorf("Import into a store without CIP codes = %v, want ENOTFOUND saying to import", err)
	}
}
