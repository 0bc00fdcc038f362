package main

import (
	"context"
	"time"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/classify"
	"github.com/careerpath/careerpath/guides"
	"github.com/careerpath/careerpath/lifecycle"
	"github.com/careerpath/careerpath/monitor"
	"github.com/careerpath/careerpath/relevance"
	"github.com/careerpath/careerpath/search"
	"github.com/careerpath/careerpath/sqlite"
)

// serveStore is everything serve asks of its database, by the interface
// of the package that asks: what a store must implement for `careerpath
// serve --db` to run on it. *sqlite.DB does; a PostgreSQL store for serve
// is *postgres.DB (state) together with the *postgres.OpenData of the
// release that serves, reopened when an import switches the release.
type serveStore interface {
	guides.Source         // the guides' figures, checked and computed at start
	search.Source         // the finder's index
	relevance.Source      // the relevance rule
	search.CatalogStamper // catalog (and open-data) changes rebuild the index
	careerpath.OverrideService
	careerpath.DatasetService
	careerpath.ReviewService
	careerpath.AuditService
	careerpath.SessionStore
	careerpath.ExperimentService
	lifecycle.ServingStore // the champion served, and its rollout
	lifecycle.RetrainStore // the scheduled retrain
	monitor.Store
	classify.CatalogStore // catalog imports through the admin API
	Ping(ctx context.Context) error
	ExperimentUnitsSince(ctx context.Context, since time.Time) (int, error)
}

var _ serveStore = (*sqlite.DB)(nil)
