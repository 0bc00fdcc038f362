package stores_test

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/catalog"
	"github.com/careerpath/careerpath/opendata"
	"github.com/careerpath/careerpath/sqlite"
	"github.com/careerpath/careerpath/stores"
)

// TestImportCatalog imports catalog files as "careerpath catalog import"
// does, into a SQLite store holding one CIP code: a file with a problem
// prints it with its line and column and stores nothing, a good one is
// stored under the name of its file, and standard input needs a name.
func TestImportCatalog(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "cp.db")
	b, err := sqlite.NewBuilder(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.LoadCIP(ctx, []opendata.CIPCode{{Family: "11", Code: "11.0701", Action: opendata.CIPUnchanged, Title: "Computer Science."}}); err != nil {
		b.Abort()
		t.Fatal(err)
	}
	if err := b.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.DiscardHandler)
	const head = "institution,program,degree,country,cip\n"
	write := func(name, text string) string {
		f := filepath.Join(dir, name)
		if err := os.WriteFile(f, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return f
	}
	imp := careerpath.CatalogImport{ImportedBy: "test"}
	catalogs := func() int {
		db, err := stores.Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		cats, err := db.Catalogs(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return len(cats)
	}

	bad := write("bad.csv", head+"U,MS in Computer Science,Master's,US,99.9999\n")
	var stdout, stderr bytes.Buffer
	err = stores.ImportCatalog(ctx, path, bad, nil, imp, catalog.Options{}, &stdout, &stderr, log)
	if err == nil || !strings.Contains(err.Error(), "nothing was stored") {
		t.Errorf("ImportCatalog of a bad file = %v, want nothing stored", err)
	}
	if got := stderr.String(); !strings.Contains(got, bad+":2:") || !strings.Contains(got, "99.9999") {
		t.Errorf("ImportCatalog of a bad file printed %q, want its problem with line and column", got)
	}
	if n := catalogs(); n != 0 {
		t.Errorf("after a refused import: %d catalogs, want none", n)
	}

	good := write("acme-2026.csv", head+"U,MS in Computer Science,Master's,US,11.0701\n")
	stdout.Reset()
	if err := stores.ImportCatalog(ctx, path, good, nil, imp, catalog.Options{}, &stdout, &stderr, log); err != nil {
		t.Fatalf("ImportCatalog of a good file = %v", err)
	}
	if got := stdout.String(); !strings.Contains(got, `imported catalog "acme-2026"`) {
		t.Errorf("ImportCatalog printed %q, want the summary of acme-2026", got)
	}
	if err := stores.ImportCatalog(ctx, path, good, nil, imp, catalog.Options{}, &stdout, &stderr, log); err == nil || !strings.Contains(err.Error(), "--replace") {
		t.Errorf("ImportCatalog under a name taken = %v, want the hint of --replace", err)
	}

	err = stores.ImportCatalog(ctx, path, "-", strings.NewReader(head), imp, catalog.Options{}, &stdout, &stderr, log)
	if err == nil || !strings.Contains(err.Error(), "--name is required") {
		t.Errorf("ImportCatalog of standard input without a name = %v, want --name required", err)
	}
	imp.Name = "piped"
	if err := stores.ImportCatalog(ctx, path, "-", strings.NewReader(head+"U,P,Master's,US,11.0701\n"), imp, catalog.Options{}, &stdout, &stderr, log); err != nil {
		t.Errorf("ImportCatalog of standard input named = %v", err)
	}
	if n := catalogs(); n != 2 {
		t.Errorf("after two imports: %d catalogs, want 2", n)
	}
}
