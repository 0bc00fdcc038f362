package stores

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/catalog"
	"github.com/careerpath/careerpath/lifecycle"
)

// ImportCatalog imports the provider catalog in file ("-" reads stdin)
// into the store dsn names, as "careerpath catalog import" does: imp.Name
// defaults to the file's name (catalog.NameOf), required for stdin; the
// entries without a CIP code are classified by the champion, as the server
// does with the model it serves (lifecycle.ChampionCatalogs). The import
// is all or nothing (catalog.Import): each problem is written to stderr
// with its line and column, an earlier catalog of the same name is a
// conflict unless imp.Replace, and the summary goes to stdout.
func ImportCatalog(ctx context.Context, dsn, file string, stdin io.Reader, imp careerpath.CatalogImport, opts catalog.Options, stdout, stderr io.Writer, log *slog.Logger) error {
	if imp.Name == "" {
		if file == "-" {
			return errors.New("catalog import: --name is required when reading standard input")
		}
		imp.Name = catalog.NameOf(file)
	}
	imp.SourceFile, opts.File = file, file
	r := stdin
	if file != "-" {
		f, err := os.Open(file)
		if err != nil {
			return fmt.Errorf("catalog import: %w", err)
		}
		defer f.Close()
		r = f
	}
	db, err := Open(ctx, dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	catalogs, err := lifecycle.ChampionCatalogs(ctx, db, log)
	if err != nil {
		return err
	}
	sum, err := catalog.Import(ctx, catalogs, r, imp, opts)
	var perr *catalog.Error
	switch {
	case errors.As(err, &perr):
		for _, line := range perr.Lines() {
			fmt.Fprintln(stderr, line)
		}
		return fmt.Errorf("catalog import: %w", catalog.ProblemsError(file, perr))
	case careerpath.ErrorCode(err) == careerpath.ECONFLICT:
		return fmt.Errorf("catalog import: %s (use --replace or --name)", careerpath.ErrorMessage(err))
	case err != nil:
		return fmt.Errorf("catalog import: %w", err)
	}
	catalog.WriteSummary(stdout, sum)
	return nil
}
