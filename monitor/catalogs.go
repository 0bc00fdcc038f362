package monitor

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/classify"
	"github.com/careerpath/careerpath/monitor/drift"
)

// maxCatalogSample bounds the entries of a catalog that are predicted
// again for its drift: evenly spaced, so a huge catalog costs a second or
// two, not minutes.
const maxCatalogSample = 20_000

// CatalogDrift compares a catalog's entries, as the model reads them,
// with the reference of the registry version: one window of its own,
// judged like a live window, without a tracker (a catalog is one event).
// The model should be the unwrapped one, so that the comparison does not
// count in the live windows twice. It never fails: a missing model or
// reference is a status saying so.
func (m *Monitor) CatalogDrift(ctx context.Context, model classify.Model, registryVersion string, entries []careerpath.CatalogEntry) *careerpath.CatalogDrift {
	d := &careerpath.CatalogDrift{Model: registryVersion}
	if model == nil {
		d.Status, d.Reason = careerpath.DriftNoModel, "no classifier serves, so the entries were not read"
		return d
	}
	ref, err := m.referenceOf(ctx, registryVersion)
	if err != nil {
		d.Status, d.Reason = careerpath.DriftNoReference, fmt.Sprintf("model %s: %v", registryVersion, err)
		return d
	}
	c := countersFor(ref)
	step := max(1, (len(entries)+maxCatalogSample-1)/maxCatalogSample)
	for i := 0; i < len(entries); i += step {
		e := entries[i]
		c.observe(FeaturesOf(e.Program, model.Predict(classify.Entry{Institution: e.Institution, Program: e.Program, Degree: e.Degree})))
		d.N++
	}
	cur := c.drain()
	hs := ref.histograms()
	rep := WindowReport{Model: registryVersion, End: time.Now().UTC(), N: uint64(d.N)}
	worst := drift.OK
	for i, name := range FeatureNames {
		r, err := m.thresholds().Compare(hs[i], cur[i])
		if err != nil {
			d.Status, d.Reason = careerpath.DriftNoReference, fmt.Sprintf("feature %s: %v", name, err)
			return d
		}
		sanitize(&r)
		worst = max(worst, r.Status)
		rep.Features = append(rep.Features, FeatureReport{Feature: name, Report: r, Reference: hs[i], Current: cur[i]})
		d.Features = append(d.Features, featureDrift(name, r))
	}
	rep.Status = worst
	d.Status = worst.String()
	d.Report, _ = json.Marshal(rep)
	return d
}

// featureDrift is the domain summary of one feature's report.
func featureDrift(feature string, r drift.Report) careerpath.FeatureDrift {
	return careerpath.FeatureDrift{Feature: feature, Status: r.Status.String(), PSI: round(r.PSI, 6), JSDistance: round(r.JSDistance, 6),
		ChiSquare: round(r.ChiSquare.Stat, 4), ChiSquareP: r.ChiSquare.P, Test: r.Test, Reason: r.Reason}
}

func (m *Monitor) thresholds() drift.Thresholds {
	if m == nil || m.cfg.Thresholds == nil {
		return drift.DefaultThresholds()
	}
	return *m.cfg.Thresholds
}

// referenceOf returns a version's reference, from the live state when
// the version serves here, else from the store.
func (m *Monitor) referenceOf(ctx context.Context, name string) (*Reference, error) {
	m.mu.Lock()
	v := m.versions[name]
	m.mu.Unlock()
	if v != nil {
		if v.ref == nil {
			return nil, fmt.Errorf("%s", v.noRef)
		}
		return v.ref, nil
	}
	return m.reference(ctx, name)
}

// Catalogs is a catalog service whose imports are compared with the
// champion's reference (Monitor.CatalogDrift): the summary carries the
// drift, which is stored with the catalog and counted in Prometheus.
type Catalogs struct {
	careerpath.CatalogService
	Monitor *Monitor
	// Current returns the serving model, unwrapped, and its registry
	// version; nil when none serves.
	Current func() (classify.Model, string)
}

// ImportCatalog stores and classifies the catalog (the wrapped service),
// then measures its drift.
func (c *Catalogs) ImportCatalog(ctx context.Context, imp careerpath.CatalogImport) (*careerpath.Catalog, error) {
	cat, err := c.CatalogService.ImportCatalog(ctx, imp)
	if err != nil {
		return cat, err
	}
	model, v := c.Current()
	cat.Drift = c.Monitor.CatalogDrift(ctx, model, v, imp.Entries)
	m := c.Monitor
	m.metrics.imports.WithLabelValues(cat.Drift.Status).Inc()
	for outcome, n := range map[string]int{"with_cip": cat.WithCIP, "classified": cat.Classified, "held_for_review": cat.HeldForReview, "pending_model": cat.PendingModel} {
		m.metrics.importEntries.WithLabelValues(outcome).Add(float64(n))
	}
	if m.store != nil {
		if err := m.store.SetCatalogDrift(ctx, cat.ID, cat.Drift); err != nil {
			m.log.Error("monitoring: storing a catalog's drift failed", "catalog", cat.Name, "err", err)
		}
	}
	// The summary carries the figures; the histograms stay in the store
	// for the admin page.
	cat.Drift.Report = nil
	lvl := m.log.Info
	if cat.Drift.Status == careerpath.DriftWarn || cat.Drift.Status == careerpath.DriftAlert {
		lvl = m.log.Warn
	}
	lvl("catalog drift against the champion's reference", "catalog", cat.Name, "model", v, "status", cat.Drift.Status, "entries", cat.Drift.N)
	return cat, nil
}

// Catalogs lists the catalogs with their stored drift summaries.
func (c *Catalogs) Catalogs(ctx context.Context) ([]*careerpath.Catalog, error) {
	cats, err := c.CatalogService.Catalogs(ctx)
	if err != nil || c.Monitor.store == nil {
		return cats, err
	}
	ds, err := c.Monitor.store.CatalogDrifts(ctx)
	if err != nil {
		return nil, err
	}
	for _, cat := range cats {
		if d := ds[cat.ID]; d != nil {
			d.Report = nil
			cat.Drift = d
		}
	}
	return cats, nil
}
