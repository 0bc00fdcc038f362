package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/catalog"
	"github.com/careerpath/careerpath/stores"
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
	format, err := catalog.ParseFormat(*formatName)
	if err != nil {
		return err
	}
	return stores.ImportCatalog(ctx, c.DB, fset.Arg(0), stdin, careerpath.CatalogImport{Name: *name, ImportedBy: actorName(), Replace: *replace},
		catalog.Options{Format: format, IgnoreUnknown: *ignoreUnknown}, stdout, stderr, newLogger(stderr, c.LogLevel))
}

func runCatalogList(ctx context.Context, c Config, args []string, stdout, stderr io.Writer) error {
	fset := c.flags("catalog list", stderr, "db")
	if err := parseFlags(fset, args); err != nil {
		return err
	}
	db, err := stores.Open(ctx, c.DB)
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
	return catalog.WriteList(stdout, cats, drifts)
}
