package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strings"

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

// relevanceData is the open data the relevance rule is built from, of
// either store (sqlite.DB, postgres.OpenData).
type relevanceData interface {
	Crosswalk(ctx context.Context) ([]careerpath.CrosswalkLink, error)
	CIPTitles(ctx context.Context) (map[string]string, error)
}

// relevanceRule is the relevance rule over the database's crosswalk and
// CIP titles, the same one the program finder uses.
func relevanceRule(ctx context.Context, db relevanceData, careers []*careerpath.Career) (*relevance.Rule, error) {
	crosswalk, err := db.Crosswalk(ctx)
	if err != nil {
		return nil, err
	}
	titles, err := db.CIPTitles(ctx)
	if err != nil {
		return nil, err
	}
	// The crosswalk's "no match" rows (180 occupations) name no field of
	// study: they link nothing, and must not make a program without a
	// CIP code strong.
	crosswalk = slices.DeleteFunc(crosswalk, func(l careerpath.CrosswalkLink) bool { return l.CIP == "" })
	return relevance.New(careers, crosswalk, titles), nil
}

// importedRelevance is relevanceRule for the commands that need the open
// data: a database without CIP codes is an error that says what to do.
func importedRelevance(ctx context.Context, db relevanceData, careers []*careerpath.Career) (*relevance.Rule, error) {
	titles, err := db.CIPTitles(ctx)
	if err != nil {
		return nil, err
	}
	if len(titles) == 0 {
		return nil, errors.New("the database holds no CIP codes: run \"careerpath import\" first")
	}
	return relevanceRule(ctx, db, careers)
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
	rel, err := importedRelevance(ctx, db, careers)
	if err != nil {
		db.Close()
		return nil, nil, err
	}
	return db, rel, nil
}

// printTrain writes what a training did.
func printTrain(w io.Writer, out *lifecycle.Outcome) {
	v, m := out.Version, out.Model
	mt := m.Meta().Metrics
	fmt.Fprintf(w, "trained %s (%s) in %.1fs: %d examples, %d classes, %d features, %d weights, artifact %d bytes, checksum %s\n",
		orDefault(v.Version, "a candidate (dry run: not registered)"), m.Version(), out.Took.Seconds(), mt.Examples, mt.Classes, mt.Features, mt.Weights, v.Size, v.Checksum)
	fmt.Fprintf(w, "data %s, seed %d, feature schema %s, code %s\n\n", short(v.DataHash), v.Seed, v.SchemaHash, v.CodeVersion)
	fmt.Fprint(w, out.Report.String())
	g := out.Gate
	fmt.Fprintln(w)
	switch {
	case g.Champion == "":
		fmt.Fprintln(w, "gate: no champion to compare with")
	case g.Before == nil:
		fmt.Fprintf(w, "gate: champion %s has no figures to compare with\n", g.Champion)
	default:
		fmt.Fprintf(w, "gate (margin %.2f) against champion %s (%s):\n", g.Margin, g.Champion, g.Source)
		fmt.Fprintf(w, "  macro-F1          %.3f → %.3f\n", g.Before.MacroF1, g.After.MacroF1)
		fmt.Fprintf(w, "  recall of strong  %.3f → %.3f\n", g.Before.StrongRecall, g.After.StrongRecall)
		fmt.Fprintf(w, "  none shown        %.3f → %.3f\n", g.Before.NoneShown, g.After.NoneShown)
		if b, a := g.Before.Labels, g.After.Labels; b != nil && a != nil {
			if a.RelevanceN > 0 {
				fmt.Fprintf(w, "  held-out editors' relevance decisions (%d)  %.3f → %.3f\n", a.RelevanceN, b.RelevanceAccuracy, a.RelevanceAccuracy)
			}
			if a.FieldN > 0 {
				fmt.Fprintf(w, "  held-out editors' fields of study (%d)      %.3f → %.3f\n", a.FieldN, b.FieldAccuracy, a.FieldAccuracy)
			}
		}
		if v.Version == "" {
			fmt.Fprintf(w, "dry run: the gate %s\n", map[bool]string{true: "would pass", false: "would refuse: " + strings.Join(g.Failures, "; ")}[g.Passed()])
		}
	}
	switch e := out.Event; {
	case e == nil:
	case e.Action == careerpath.EventRefuse:
		fmt.Fprintf(w, "refused: %s stays without an alias (%s)\n", v.Version, strings.TrimPrefix(e.Reason, "gate: "))
	default:
		fmt.Fprintf(w, "%s: %s → %s (%s)\n", e.Alias, orDefault(e.From, "(none)"), e.To, e.Reason)
	}
}

// trainFirstModel trains the first model of a fresh database and makes
// it champion, so that a new install classifies out of the box. With a
// champion already (the registry is carried over by a rebuild) it does
// nothing.
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
	relevanceData
}

// trainFirst is trainFirstModel on any store.
func trainFirst(ctx context.Context, c Config, db firstModelStore, careers []*careerpath.Career, stdout io.Writer, log *slog.Logger) error {
	if v, err := db.Alias(ctx, careerpath.AliasChampion); err == nil {
		fmt.Fprintf(stdout, "classifier: champion %s carried over (not retrained)\n", v)
		return nil
	} else if careerpath.ErrorCode(err) != careerpath.ENOTFOUND {
		return err
	}
	release, err := c.release()
	if err != nil {
		return err
	}
	cfg, err := classify.ParseConfig(c.TrainConfig)
	if err != nil {
		return err
	}
	rel, err := importedRelevance(ctx, db, careers)
	if err != nil {
		return err
	}
	log.Info("no champion classifier: training the first one", "step", "classifier")
	out, err := lifecycle.Training{Config: c.Lifecycle, Release: release, Relevance: rel, Train: cfg, Seed: 1, Actor: "import", Log: log}.Run(ctx, db)
	if err != nil {
		return fmt.Errorf("classifier: %w (the open data was imported; run \"careerpath train\" to retry)", err)
	}
	fmt.Fprintf(stdout, "classifier: trained %s (%s) in %.1fs and made it champion; on %s: macro-F1 %.3f, recall of strong %.3f, none shown %.1f%%\n",
		out.Version.Version, out.Model.Version(), out.Took.Seconds(), classify.DevSetName, out.Metrics.MacroF1, out.Metrics.StrongRecall, out.Metrics.NoneShown*100)
	return nil
}

// startModel serves the champion of the database, read with the
// relevance rule of the guides' careers (see
// lifecycle.Config.ServeChampion).
func startModel(ctx context.Context, lc lifecycle.Config, db *sqlite.DB, gs careerpath.GuideService, log *slog.Logger) (*lifecycle.Champion, error) {
	guides, err := gs.FindGuides(ctx, "")
	if err != nil {
		return nil, err
	}
	careers := make([]*careerpath.Career, len(guides))
	for i, g := range guides {
		careers[i] = g.Career
	}
	rel, err := relevanceRule(ctx, db, careers)
	if err != nil {
		return nil, err
	}
	return lc.ServeChampion(ctx, db, rel, log), nil
}

// classifyingCatalogs is the catalog service of the command line: imports
// classify their entries without a CIP code with the champion, loaded
// once; without a champion they wait for one.
func classifyingCatalogs(ctx context.Context, db *sqlite.DB, log *slog.Logger) (careerpath.CatalogService, error) {
	var m classify.Model
	v, err := db.Alias(ctx, careerpath.AliasChampion)
	switch {
	case err == nil:
		lm, err := lifecycle.LoadVersion(ctx, db, v)
		if err != nil {
			log.Error("the champion classifier does not load: entries without a CIP code wait", "champion", v, "err", err)
			break
		}
		m = lm
	case careerpath.ErrorCode(err) != careerpath.ENOTFOUND:
		return nil, err
	}
	current := func() (classify.Model, string) { return m, v }
	return monitoredCatalogs(&classify.Catalogs{CatalogStore: db, Current: current, Log: log}, monitor.New(db, monitor.Config{}, log), current), nil
}
