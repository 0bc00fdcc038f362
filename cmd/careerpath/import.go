package main

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"text/tabwriter"

	"golang.org/x/term"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/guides"
	"github.com/careerpath/careerpath/importer"
	"github.com/careerpath/careerpath/sqlite"
)

func runImport(ctx context.Context, c Config, args []string, stdout, stderr io.Writer) error {
	fset := c.flags("import", stderr, "db", "data", "content", "train-config", "log-level")
	if err := parseFlags(fset, args); err != nil {
		return err
	}
	if careerpath.IsPostgresURL(c.DB) {
		return importPostgres(ctx, c, stdout, stderr)
	}
	if _, err := importData(ctx, c, stdout, stderr); err != nil {
		return err
	}
	return checkGuides(ctx, c.DB, c.Content, stdout)
}

// checkGuides checks the career files against the freshly imported data, so
// that an editor learns of an unknown code at import rather than at the
// next start of the service.
func checkGuides(ctx context.Context, dbPath, contentDir string, stdout io.Writer) error {
	files, err := contentFS(contentDir)
	if err != nil {
		return err
	}
	db, err := sqlite.Open(ctx, dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	return checkGuidesOf(ctx, files, db, stdout)
}

// checkGuidesOf is checkGuides on the open data of any store.
func checkGuidesOf(ctx context.Context, files fs.FS, db guides.Source, stdout io.Writer) error {
	careers, _, err := guides.Check(ctx, files, db)
	if err != nil {
		return fmt.Errorf("career guides: %w", err)
	}
	fmt.Fprintf(stdout, "career guides: %d files checked against the new data\n", len(careers))
	gen, err := guides.Count(ctx, db, careers)
	if err != nil {
		return fmt.Errorf("career pages: %w", err)
	}
	fmt.Fprintf(stdout, "career pages: %s\n", gen)
	return nil
}

// importData rebuilds the database at c.DB and prints the summary.
func importData(ctx context.Context, c Config, stdout, stderr io.Writer) (*importer.Summary, error) {
	if err := sqlite.CheckPath(c.DB); err != nil {
		return nil, err
	}
	release, err := c.release()
	if err != nil {
		return nil, err
	}
	log := newLogger(stderr, c.LogLevel)
	log.Info("importing open data", "db", c.DB)
	sum, err := importer.Run(ctx, importer.Options{
		Data:     release,
		DBPath:   c.DB,
		Progress: importer.NewProgress(stderr, isTerminal(stderr), log),
	})
	if err != nil {
		return nil, fmt.Errorf("import: %w (the previous database, if any, is unchanged)", err)
	}
	printSummary(stdout, sum)
	// The first import of a new install trains the first classifier;
	// later ones keep the registry the rebuild carried over. The model is
	// evaluated for the built-in careers, which the evaluation set is
	// labelled for.
	careers, err := careersOf("")
	if err != nil {
		return nil, err
	}
	if err := trainFirstModel(ctx, c, careers, stdout, log); err != nil {
		return nil, err
	}
	return sum, nil
}

func printSummary(w io.Writer, sum *importer.Summary) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "dataset\tread\tstored\trejected\t")
	var read, stored, rejected int
	for _, r := range sum.Results {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t\n", r.Dataset, r.Read, r.Stored, r.Rejected())
		read, stored, rejected = read+r.Read, stored+r.Stored, rejected+r.Rejected()
	}
	fmt.Fprintf(tw, "total\t%d\t%d\t%d\t\n", read, stored, rejected)
	tw.Flush()
	for _, r := range sum.Results {
		for _, rj := range r.Rejections {
			fmt.Fprintf(w, "rejected from %s: %d rows: %s\n", r.Dataset, rj.Rows, rj.Reason)
		}
	}
	p := sum.Programs
	if p.Programs > 0 {
		fmt.Fprintf(w, "programs: %d; bachelor's programs with Scorecard outcomes: %d of %d (%.1f%%); Scorecard rows matched to a program: %d of %d (%.1f%%)\n",
			p.Programs, p.BachelorsWithOutcomes, p.Bachelors, pct(p.BachelorsWithOutcomes, p.Bachelors),
			p.ScorecardMatched, p.ScorecardRows, pct(p.ScorecardMatched, p.ScorecardRows))
	}
	if sum.CatalogEntries > 0 {
		fmt.Fprintf(w, "provider catalogs: %d entries carried over from the previous database\n", sum.CatalogEntries)
	}
	fmt.Fprintf(w, "import took %s\n", sum.Duration.Round(1e6))
}

func pct(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return 100 * float64(a) / float64(b)
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
