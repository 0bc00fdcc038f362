package stores

import (
	"context"
	"fmt"
	"io"
	"log/slog"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/importer"
	"github.com/careerpath/careerpath/lifecycle"
	"github.com/careerpath/careerpath/relevance"
)

// ImportFirst imports the open data of t.Release into the store dsn names
// (Import), writes its summary and the release that serves to stdout, and
// trains the first classifier of a new install (lifecycle.Training.First)
// with the relevance rule of careers over the new data; later imports keep
// the registry the rebuild carried over. The model is evaluated for
// careers, so they should be the built-in ones, which the evaluation set
// is labelled for. progress shows the import's progress (as a bar when
// terminal).
func ImportFirst(ctx context.Context, dsn string, t lifecycle.Training, careers []*careerpath.Career, stdout, progress io.Writer, terminal bool, log *slog.Logger) (*importer.Summary, error) {
	log.Info("importing open data", "db", careerpath.DatabaseName(dsn))
	sum, serving, err := Import(ctx, dsn, importer.Options{Data: t.Release, Progress: importer.NewProgress(progress, terminal, log)})
	if err != nil {
		return nil, err
	}
	sum.WriteText(stdout)
	if serving != "" {
		fmt.Fprintf(stdout, "open data: %s serves now\n", serving)
	}
	db, err := Open(ctx, dsn)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	if t.Relevance, err = relevance.LoadImported(ctx, db, careers); err != nil {
		return nil, err
	}
	out, v, err := t.First(ctx, db)
	if err != nil {
		return nil, fmt.Errorf("classifier: %w (the open data was imported; run \"careerpath train\" to retry)", err)
	}
	lifecycle.WriteFirst(stdout, out, v)
	return sum, nil
}
