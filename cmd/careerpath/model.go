package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/classify"
	"github.com/careerpath/careerpath/content"
	"github.com/careerpath/careerpath/lifecycle"
	"github.com/careerpath/careerpath/monitor"
	"github.com/careerpath/careerpath/relevance"
	"github.com/careerpath/careerpath/sqlite"
)

// careersOf returns the careers of the guides in dir (the built-in ones
// when dir is "").
func careersOf(dir string) ([]*careerpath.Career, error) {
	files, err := contentFS(dir)
	if err != nil {
		return nil, err
	}
	careers, err := content.Load(files)
	if err != nil {
		return nil, fmt.Errorf("career guides: %w", err)
	}
	return careers, nil
}

// openRelevance opens an imported database and builds the relevance rule
// of the career guides (those of contentDir, or the built-in ones) over it,
// as train, eval and classify need.
func openRelevance(ctx context.Context, dbPath, contentDir string) (*sqlite.DB, *relevance.Rule, error) {
	careers, err := careersOf(contentDir)
	if err != nil {
		return nil, nil, err
	}
	db, err := openExisting(ctx, dbPath)
	if err != nil {
		return nil, nil, err
	}
	rel, err := relevance.LoadImported(ctx, db, careers)
	if err != nil {
		db.Close()
		return nil, nil, err
	}
	return db, rel, nil
}

// trainFirstModel trains the first classifier of a fresh database and
// makes it champion (see lifecycle.Training.First).
func trainFirstModel(ctx context.Context, c Config, careers []*careerpath.Career, stdout io.Writer, log *slog.Logger) error {
	db, err := sqlite.Open(ctx, c.DB)
	if err != nil {
		return err
	}
	defer db.Close()
	return trainFirst(ctx, c, db, careers, stdout, log)
}

// firstModelStore is what trainFirst reads and writes: the model registry
// and the open data of one store.
type firstModelStore interface {
	careerpath.ModelRegistry
	relevance.Source
}

// trainFirst is trainFirstModel on any store.
func trainFirst(ctx context.Context, c Config, db firstModelStore, careers []*careerpath.Career, stdout io.Writer, log *slog.Logger) error {
	release, err := c.release()
	if err != nil {
		return err
	}
	cfg, err := classify.ParseConfig(c.TrainConfig)
	if err != nil {
		return err
	}
	rel, err := relevance.LoadImported(ctx, db, careers)
	if err != nil {
		return err
	}
	out, v, err := lifecycle.Training{Config: c.Lifecycle, Release: release, Relevance: rel, Train: cfg, Seed: 1, Actor: "import", Log: log}.First(ctx, db)
	switch {
	case err != nil:
		return fmt.Errorf("classifier: %w (the open data was imported; run \"careerpath train\" to retry)", err)
	case out == nil:
		fmt.Fprintf(stdout, "classifier: champion %s carried over (not retrained)\n", v)
	default:
		fmt.Fprintf(stdout, "classifier: trained %s (%s) in %.1fs and made it champion; on %s: macro-F1 %.3f, recall of strong %.3f, none shown %.1f%%\n",
			v, out.Model.Version(), out.Took.Seconds(), classify.DevSetName, out.Metrics.MacroF1, out.Metrics.StrongRecall, out.Metrics.NoneShown*100)
	}
	return nil
}

// startModel serves the champion of the database, read with the
// relevance rule of the guides' careers (see
// lifecycle.Config.ServeChampion).
func startModel(ctx context.Context, lc lifecycle.Config, db serveStore, gs careerpath.GuideService, log *slog.Logger) (*lifecycle.Champion, error) {
	guides, err := gs.FindGuides(ctx, "")
	if err != nil {
		return nil, err
	}
	careers := make([]*careerpath.Career, len(guides))
	for i, g := range guides {
		careers[i] = g.Career
	}
	rel, err := relevance.Load(ctx, db, careers)
	if err != nil {
		return nil, err
	}
	return lc.ServeChampion(ctx, db, rel, log), nil
}

// classifyingCatalogs is the catalog service of the command line: imports
// classify their entries without a CIP code with the champion, loaded
// once (lifecycle.ChampionOnce), and report their drift.
func classifyingCatalogs(ctx context.Context, db *sqlite.DB, log *slog.Logger) (careerpath.CatalogService, error) {
	current, err := lifecycle.ChampionOnce(ctx, db, log)
	if err != nil {
		return nil, err
	}
	return monitoredCatalogs(&classify.Catalogs{CatalogStore: db, Current: current, Log: log}, monitor.New(db, monitor.Config{}, log), current), nil
}
