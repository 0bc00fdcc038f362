package main

import (
	"context"
	"fmt"
	"io"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/importer"
	"github.com/careerpath/careerpath/postgres"
)

// importPostgres is runImport into a PostgreSQL database: the release is
// loaded into a new schema and switched in at the end, in one transaction
// (postgres.Builder), while running servers keep serving the release
// they read; operator state stays where it is. Then, as on SQLite, the
// first classifier of a new install is trained and the career files are
// checked against the new data.
func importPostgres(ctx context.Context, c Config, stdout, stderr io.Writer) error {
	release, err := c.release()
	if err != nil {
		return err
	}
	files, err := contentFS(c.Content)
	if err != nil {
		return err
	}
	db, err := postgres.Open(ctx, c.DB)
	if err != nil {
		return err
	}
	defer db.Close()
	log := newLogger(stderr, c.LogLevel)
	log.Info("importing open data", "db", careerpath.RedactURL(c.DB))
	b, err := db.NewBuilder(ctx)
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	sum, err := importer.Run(ctx, importer.Options{
		Data:     release,
		Builder:  b,
		Progress: importer.NewProgress(stderr, isTerminal(stderr), log),
	})
	if err != nil {
		return fmt.Errorf("import: %w (the open data in use is unchanged)", err)
	}
	printSummary(stdout, sum)
	od, err := db.OpenData(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "open data: release %d (schema %s) serves now\n", od.Release().ID, od.Release().Schema)
	careers, err := careersOf("")
	if err != nil {
		return err
	}
	if err := trainFirst(ctx, c, pgStore{db, od}, careers, stdout, log); err != nil {
		return err
	}
	return checkGuidesOf(ctx, files, od, stdout)
}

// pgStore is a PostgreSQL database with the release of its open data
// that serves: the model registry of one, the crosswalk of the other.
type pgStore struct {
	*postgres.DB
	*postgres.OpenData
}
