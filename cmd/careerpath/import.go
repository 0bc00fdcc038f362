package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"golang.org/x/term"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/guides"
	"github.com/careerpath/careerpath/importer"
	"github.com/careerpath/careerpath/stores"
)

// runImport handles "careerpath import": the open data into a new SQLite
// file swapped in, or a new PostgreSQL release switched to (stores.Import),
// the first classifier of a new install, and the career files checked
// against the new data.
func runImport(ctx context.Context, c Config, args []string, stdout, stderr io.Writer) error {
	fset := c.flags("import", stderr, "db", "data", "content", "train-config", "log-level")
	if err := parseFlags(fset, args); err != nil {
		return err
	}
	files, err := contentFS(c.Content)
	if err != nil {
		return err
	}
	if _, err := importData(ctx, c, stdout, stderr); err != nil {
		return err
	}
	db, err := stores.Open(ctx, c.DB)
	if err != nil {
		return err
	}
	defer db.Close()
	return guides.Verify(ctx, files, db, stdout)
}

// importData imports the open data into c.DB, prints the summary, and
// trains the first classifier of a new install.
func importData(ctx context.Context, c Config, stdout, stderr io.Writer) (*importer.Summary, error) {
	release, err := c.release()
	if err != nil {
		return nil, err
	}
	log := newLogger(stderr, c.LogLevel)
	log.Info("importing open data", "db", careerpath.DatabaseName(c.DB))
	sum, serving, err := stores.Import(ctx, c.DB, importer.Options{Data: release, Progress: importer.NewProgress(stderr, isTerminal(stderr), log)})
	if err != nil {
		return nil, err
	}
	sum.WriteText(stdout)
	if serving != "" {
		fmt.Fprintf(stdout, "open data: %s serves now\n", serving)
	}
	db, err := stores.Open(ctx, c.DB)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	// The first import of a new install trains the first classifier;
	// later ones keep the registry the rebuild carried over. The model is
	// evaluated for the built-in careers, which the evaluation set is
	// labelled for.
	careers, err := careersOf("")
	if err != nil {
		return nil, err
	}
	if err := trainFirst(ctx, c, db, careers, stdout, log); err != nil {
		return nil, err
	}
	return sum, nil
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
