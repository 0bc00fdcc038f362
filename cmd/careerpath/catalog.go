package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/user"
	"path/filepath"
	"strings"
	"text/tabwriter"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/catalog"
	"github.com/careerpath/careerpath/sqlite"
)

const catalogUsage = `Usage:
  careerpath catalog import [--db PATH] [--name NAME] [--format csv|jsonl] [--replace] [--ignore-unknown] FILE
  careerpath catalog list   [--db PATH]

FILE is a provider catalog in CSV (with a header row) or JSON Lines, maybe
gzipped; "-" reads standard input. The import is all-or-nothing: any problem
is printed with its line and column, and nothing is stored.
`

// runCatalog runs "careerpath catalog SUBCOMMAND".
func runCatalog(ctx context.Context, c Config, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, catalogUsage)
		return flag.ErrHelp
	}
	switch args[0] {
	case "import":
		return runCatalogImport(ctx, c, args[1:], stdin, stdout, stderr)
	case "list":
		return runCatalogList(ctx, c, args[1:], stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, catalogUsage)
		return nil
	}
	fmt.Fprint(stderr, catalogUsage)
	return fmt.Errorf("unknown catalog command %q", args[0])
}

func runCatalogImport(ctx context.Context, c Config, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fset := c.flags("catalog import", stderr, "db", "log-level")
	dbPath := &c.DB
	name := fset.String("name", "", "catalog `name`, shown as the source of its programs (default: the file name without extensions)")
	formatName := fset.String("format", "", "file format: csv or jsonl (default: detected from the content)")
	replace := fset.Bool("replace", false, "replace an earlier catalog of the same name")
	ignoreUnknown := fset.Bool("ignore-unknown", false, "skip columns that are not catalog fields instead of reporting them")
	if err := parseFlags(fset, args); err != nil {
		return err
	}
	if fset.NArg() != 1 {
		fmt.Fprint(stderr, catalogUsage)
		return errors.New("catalog import: want one FILE (or - for standard input)")
	}
	file := fset.Arg(0)
	format, err := catalog.ParseFormat(*formatName)
	if err != nil {
		return err
	}
	if *name == "" {
		if file == "-" {
			return errors.New("catalog import: --name is required when reading standard input")
		}
		*name = catalogName(file)
	}

	db, err := openExisting(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	known, err := db.ProgramCIPCodes(ctx)
	if err != nil {
		return err
	}
	if len(known) == 0 {
		return fmt.Errorf("database %s has no CIP codes to check catalogs against: run \"careerpath import\" first", *dbPath)
	}

	var r io.Reader = stdin
	if file != "-" {
		f, err := os.Open(file)
		if err != nil {
			return fmt.Errorf("catalog import: %w", err)
		}
		defer f.Close()
		r = f
	}
	entries, err := catalog.Parse(r, catalog.Options{File: file, Format: format, KnownCIP: known, IgnoreUnknown: *ignoreUnknown})
	var perr *catalog.Error
	if errors.As(err, &perr) {
		for _, line := range perr.Lines() {
			fmt.Fprintln(stderr, line)
		}
		n := len(perr.Problems) + perr.More
		return fmt.Errorf("catalog import: %s has %d %s; nothing was stored", file, n, plural(n, "problem", "problems"))
	} else if err != nil {
		return fmt.Errorf("catalog import: %w", err)
	}

	// Entries without a CIP code are classified with the champion, as
	// the server does with the model it serves.
	catalogs, err := classifyingCatalogs(ctx, db, newLogger(stderr, c.LogLevel))
	if err != nil {
		return err
	}
	sum, err := catalogs.ImportCatalog(ctx, careerpath.CatalogImport{
		Name: *name, SourceFile: file, ImportedBy: "cli:" + username(), Replace: *replace, Entries: entries,
	})
	if err != nil {
		if careerpath.ErrorCode(err) == careerpath.ECONFLICT {
			return fmt.Errorf("catalog import: %s (use --replace or --name)", careerpath.ErrorMessage(err))
		}
		return fmt.Errorf("catalog import: %w", err)
	}
	printCatalogSummary(stdout, sum)
	return nil
}

func printCatalogSummary(w io.Writer, sum *careerpath.Catalog) {
	fmt.Fprintf(w, "imported catalog %q from %s: %d entries\n", sum.Name, sum.SourceFile, sum.Entries)
	fmt.Fprintf(w, "  %d with a CIP code, in the program finder now\n", sum.WithCIP)
	if sum.WithoutCIP > 0 {
		fmt.Fprintf(w, "  %d without a CIP code:\n", sum.WithoutCIP)
		fmt.Fprintf(w, "    %d classified by the trained classifier (confidence ≥ %.2f), in the program finder now\n", sum.Classified, careerpath.CatalogMinConfidence)
		fmt.Fprintf(w, "    %d held for review (confidence below %.2f)", sum.HeldForReview, careerpath.CatalogMinConfidence)
		if sum.Unreadable > 0 {
			fmt.Fprintf(w, ", %d of them unreadable (no word the model knows: another script, or a degree only)", sum.Unreadable)
		}
		fmt.Fprintln(w)
		if sum.PendingModel > 0 {
			fmt.Fprintf(w, "    %d waiting for a classifier (none is champion yet)\n", sum.PendingModel)
		}
	}
	if sum.Replaced > 0 {
		fmt.Fprintf(w, "  replaced the %d entries of the earlier catalog %q\n", sum.Replaced, sum.Name)
	}
	printCatalogDrift(w, sum.Drift)
}

func runCatalogList(ctx context.Context, c Config, args []string, stdout, stderr io.Writer) error {
	fset := c.flags("catalog list", stderr, "db")
	dbPath := &c.DB
	if err := parseFlags(fset, args); err != nil {
		return err
	}
	db, err := openExisting(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	cats, err := db.Catalogs(ctx)
	if err != nil {
		return err
	}
	drifts, err := db.CatalogDrifts(ctx)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "name\tentries\twith CIP\twithout CIP\tclassified\theld\tpending\tdrift\timported\tby\tfile")
	for _, c := range cats {
		drift := "-"
		if d := drifts[c.ID]; d != nil {
			drift = d.Status
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%d\t%d\t%s\t%s\t%s\t%s\n", c.Name, c.Entries, c.WithCIP, c.WithoutCIP, c.Classified, c.HeldForReview, c.PendingModel,
			drift, c.ImportedAt.Format("2006-01-02 15:04"), c.ImportedBy, c.SourceFile)
	}
	return tw.Flush()
}

// openExisting opens the database at path, which must exist: a catalog
// is checked against the open data, so an empty new database is no use.
func openExisting(ctx context.Context, path string) (*sqlite.DB, error) {
	if err := sqlite.CheckPath(path); err != nil {
		return nil, err
	}
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("no database at %s: run \"careerpath import\" first (%w)", path, err)
	}
	return sqlite.Open(ctx, path)
}

// catalogName is the default name of a catalog: its file name without
// directory and extensions ("acme-2026.csv.gz" is "acme-2026").
func catalogName(file string) string {
	base := filepath.Base(file)
	for {
		ext := filepath.Ext(base)
		switch strings.ToLower(ext) {
		case ".gz", ".csv", ".jsonl", ".ndjson", ".json", ".txt":
			base = strings.TrimSuffix(base, ext)
			continue
		}
		return base
	}
}

func username() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	if u := os.Getenv("USER"); u != "" {
		return u
	}
	return "unknown"
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
