package lifecycle

// What the command line (not a server) does with the registered models:
// catalog imports classified by the champion, and a file of entries
// classified by any version.

import (
	"bufio"
	"context"
	"io"
	"log/slog"
	"runtime"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/classify"
	"github.com/careerpath/careerpath/monitor"
	"github.com/careerpath/careerpath/relevance"
)

// CatalogStore is what a command's catalog imports read and write: the
// catalogs, the registry whose champion classifies their entries, and
// the drift references.
type CatalogStore interface {
	careerpath.ModelRegistry
	classify.CatalogStore
	monitor.Store
}

// ChampionCatalogs is the catalog service of the command line: imports
// classify their entries without a CIP code with the champion, loaded
// once (ChampionOnce), and report their drift against its reference
// (monitor.Catalogs), as a server's do with the model it serves.
func ChampionCatalogs(ctx context.Context, store CatalogStore, log *slog.Logger) (careerpath.CatalogService, error) {
	current, err := ChampionOnce(ctx, store, log)
	if err != nil {
		return nil, err
	}
	return &monitor.Catalogs{
		CatalogService: &classify.Catalogs{CatalogStore: store, Current: current, Log: log},
		Monitor:        monitor.New(store, monitor.Config{}, log),
		Current:        current,
	}, nil
}

// Classify streams the catalog entries of r (JSON Lines) to w, each with
// the fields of study version (default: the champion) predicts for it
// and their relevance to career, on a worker per CPU (classify.Stream).
func Classify(ctx context.Context, reg careerpath.ModelRegistry, rel *relevance.Rule, career, version string, r io.Reader, w io.Writer) error {
	if !rel.Has(career) {
		return careerpath.Errorf(careerpath.ENOTFOUND, "No career %q.", career)
	}
	version, err := ResolveVersion(ctx, reg, version)
	if err != nil {
		return err
	}
	m, err := LoadVersion(ctx, reg, version)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	err = classify.Stream(ctx, r, bw, rel, career, m, version, runtime.GOMAXPROCS(0))
	if ferr := bw.Flush(); err == nil {
		err = ferr
	}
	return err
}
