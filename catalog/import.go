package catalog

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	careerpath "github.com/careerpath/careerpath"
)

// Import parses the catalog in r against the CIP codes svc has in use
// and stores it through svc, as imp (whose Entries it sets), whole or
// not at all. A catalog with problems is an *Error listing them, and
// nothing is stored; a name already taken without imp.Replace is
// ECONFLICT. opts.KnownCIP is set here.
func Import(ctx context.Context, svc careerpath.CatalogService, r io.Reader, imp careerpath.CatalogImport, opts Options) (*careerpath.Catalog, error) {
	known, err := svc.ProgramCIPCodes(ctx)
	if err != nil {
		return nil, err
	}
	if len(known) == 0 {
		return nil, careerpath.Errorf(careerpath.ENOTFOUND, "The database has no CIP codes to check catalogs against: run \"careerpath import\" first.")
	}
	opts.KnownCIP = known
	if imp.Entries, err = Parse(r, opts); err != nil {
		return nil, err
	}
	return svc.ImportCatalog(ctx, imp)
}

// NameOf is the default name of the catalog in file: the file name
// without directory and extensions ("acme-2026.csv.gz" is "acme-2026").
func NameOf(file string) string {
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

// ProblemsError is the one-line error of a catalog whose problems e
// lists, for a command that printed them: nothing was stored.
func ProblemsError(file string, e *Error) error {
	n := len(e.Problems) + e.More
	word := "problems"
	if n == 1 {
		word = "problem"
	}
	return fmt.Errorf("%s has %d %s; nothing was stored", file, n, word)
}
