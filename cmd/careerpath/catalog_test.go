package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/careerpath/careerpath/opendata"
	"github.com/careerpath/careerpath/sqlite"
)

// catalogTestDB builds a database holding only a few CIP codes, enough to
// import catalogs into, and returns its path.
func catalogTestDB(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "cp.db")
	b, err := sqlite.NewBuilder(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	err = b.LoadCIP(ctx, []opendata.CIPCode{
		{Family: "11", Code: "11.0701", Action: opendata.CIPUnchanged, Title: "Computer Science."},
		{Family: "30", Code: "30.7001", Action: opendata.CIPNew, Title: "Data Science, General."},
	})
	if err != nil {
		b.Abort()
		t.Fatal(err)
	}
	if err := b.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	return path
}

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

const goodCatalog = `institution,program,degree,format,city,country,duration_years,tuition,currency,cip
Northfield Institute of Technology,MS in Computer Science,Master's,online,Northfield,US,2,38500,USD,11.0701
Lakeshore University,BSc Data Science,Bachelor's,on-campus,Toronto,CA,4,9200,CAD,30.7001
Lakeshore University,Applied Analytics Diploma,Diploma,on-campus,Toronto,CA,1,,,
`

func TestCatalogImportCommand(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := catalogTestDB(t)
	good := writeFile(t, "acme-2026.csv", goodCatalog)

	catalogs := func() string {
		var out bytes.Buffer
		if err := run(ctx, []string{"catalog", "list", "--db", db}, &out, &out); err != nil {
			t.Fatalf("catalog list: %v", err)
		}
		return out.String()
	}

	// A bad file: every problem printed with line and column, nothing stored.
	bad := writeFile(t, "bad.csv", goodCatalog+
		"Harbor School,,Certificate,by post,,USA,,,,\n"+
		"Northfield Institute of Technology,MS in Computer Science,Master's,online,Northfield,US,two,,,99.9999\n")
	var stdout, stderr bytes.Buffer
	err := run(ctx, []string{"catalog", "import", "--db", db, bad}, &stdout, &stderr)
	if err == nil || !strings.Contains(err.Error(), "6 problems; nothing was stored") {
		t.Fatalf("import of a bad file = %v, want 6 problems", err)
	}
	for _, want := range []string{
		bad + ":5:15: field program: program is required and empty",
		bad + ":5:28: field format: \"by post\" is not a format",
		bad + ":5:37: field country:",
		bad + ":6:1: duplicate entry: same institution, program, degree and country as the entry at line 2",
		bad + ":6:89: field duration_years:",
		bad + ":6:95: field cip: 99.9999 is not a CIP 2020 program code in use",
	} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr.String())
		}
	}
	if stdout.Len() != 0 {
		t.Errorf("stdout = %q after a failed import", stdout.String())
	}
	if got := catalogs(); strings.Count(got, "\n") != 1 {
		t.Errorf("catalogs after a failed import:\n%s", got)
	}

	// A good file.
	stdout.Reset()
	stderr.Reset()
	if err := run(ctx, []string{"catalog", "import", "--db", db, good}, &stdout, &stderr); err != nil {
		t.Fatalf("import: %v\n%s", err, stderr.String())
	}
	for _, want := range []string{`imported catalog "acme-2026"`, "3 entries", "2 with a CIP code", "1 without a CIP code", "1 waiting for a classifier"} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("summary lacks %q:\n%s", want, stdout.String())
		}
	}
	if got := catalogs(); !strings.Contains(got, "acme-2026") {
		t.Errorf("catalog list lacks the import:\n%s", got)
	}

	// The same name again is refused; --replace replaces.
	err = run(ctx, []string{"catalog", "import", "--db", db, good}, &stdout, &stderr)
	if err == nil || !strings.Contains(err.Error(), "--replace") {
		t.Errorf("second import under the same name = %v, want a hint at --replace", err)
	}
	stdout.Reset()
	if err := run(ctx, []string{"catalog", "import", "--db", db, "--replace", good}, &stdout, &stderr); err != nil || !strings.Contains(stdout.String(), "replaced the 3 entries") {
		t.Errorf("import --replace = %v\n%s", err, stdout.String())
	}

	// Standard input, JSON Lines.
	stdout.Reset()
	in := strings.NewReader(`{"institution":"Harbor School","program":"Data Engineering","country":"GB"}` + "\n")
	if err := runCatalog(ctx, testConfig(), []string{"import", "--db", db, "--name", "harbor", "-"}, in, &stdout, &stderr); err != nil {
		t.Fatalf("import from stdin: %v", err)
	}
	if !strings.Contains(stdout.String(), `"harbor" from -: 1 entries`) {
		t.Errorf("stdin summary = %q", stdout.String())
	}
	if err := runCatalog(ctx, testConfig(), []string{"import", "--db", db, "-"}, strings.NewReader(""), &stdout, &stderr); err == nil {
		t.Error("import from stdin without --name succeeded")
	}
	if err := run(ctx, []string{"catalog", "import", "--db", filepath.Join(t.TempDir(), "none.db"), good}, &stdout, &stderr); err == nil || !strings.Contains(err.Error(), "careerpath import") {
		t.Errorf("import into a missing database = %v, want a hint to import the open data", err)
	}
}
