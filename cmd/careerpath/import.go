package main

import (
	"context"
	"io"
	"os"

	"golang.org/x/term"

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
// trains the first classifier of a new install (stores.ImportFirst) for
// the built-in careers.
func importData(ctx context.Context, c Config, stdout, stderr io.Writer) (*importer.Summary, error) {
	log := newLogger(stderr, c.LogLevel)
	t, err := c.training("import", log)
	if err != nil {
		return nil, err
	}
	careers, err := careersOf("")
	if err != nil {
		return nil, err
	}
	return stores.ImportFirst(ctx, c.DB, t, careers, stdout, stderr, isTerminal(stderr), log)
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
