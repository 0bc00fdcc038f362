package classify

import (
	"context"
	"log/slog"

	careerpath "github.com/careerpath/careerpath"
)

// CatalogStore stores catalogs and takes the model's predictions for
// their entries (package sqlite's DB).
type CatalogStore interface {
	careerpath.CatalogService
	careerpath.CatalogPredictionStore
}

// Catalogs is a catalog service whose imports classify the entries that
// came without a CIP code, with the serving model (see ClassifyPending),
// and read the concentration in the names of those that came with one
// (see ReadConcentrations). Without a model they stay as they are, and a
// later ClassifyPending and ReadConcentrations (at the next start of the
// server) take them.
type Catalogs struct {
	CatalogStore
	Current func() (Model, string)
	Log     *slog.Logger
}

// ImportCatalog stores the catalog, then reads the concentrations of its
// entries with a CIP code and classifies those without one. The catalog
// is stored whatever the model does: an entry it could not classify stays
// pending and is counted so, one it could not read stays without a
// concentration.
func (c *Catalogs) ImportCatalog(ctx context.Context, imp careerpath.CatalogImport) (*careerpath.Catalog, error) {
	cat, err := c.CatalogStore.ImportCatalog(ctx, imp)
	if err != nil {
		return cat, err
	}
	m, version := c.Current()
	if cs, ok := c.CatalogStore.(careerpath.CatalogConcentrationStore); ok && m != nil && cat.WithCIP > 0 {
		if n, err := ReadConcentrations(ctx, cs, m, cat.ID); err != nil {
			c.Log.Error("reading the concentrations of catalog entries failed: they stay without", "catalog", cat.Name, "model", version, "err", err)
		} else if n > 0 {
			c.Log.Info("read concentrations of catalog entries", "catalog", cat.Name, "model", version, "concentrations", n)
		}
	}
	if cat.WithoutCIP == 0 {
		return cat, nil
	}
	if m == nil {
		c.Log.Warn("catalog entries without a CIP code wait for a classifier", "catalog", cat.Name, "pending", cat.WithoutCIP)
		return cat, nil
	}
	sum, err := ClassifyPending(ctx, c.CatalogStore, m, cat.ID)
	if err != nil {
		c.Log.Error("classifying catalog entries failed: they stay pending", "catalog", cat.Name, "model", version, "err", err)
		return cat, nil
	}
	cat.Classified, cat.HeldForReview, cat.Unreadable = sum.Classified, sum.HeldForReview, sum.Unreadable
	cat.PendingModel = cat.WithoutCIP - sum.Classified - sum.HeldForReview
	c.Log.Info("classified catalog entries", "catalog", cat.Name, "model", version,
		"classified", sum.Classified, "held_for_review", sum.HeldForReview, "unreadable", sum.Unreadable, "min_confidence", careerpath.CatalogMinConfidence)
	return cat, nil
}
