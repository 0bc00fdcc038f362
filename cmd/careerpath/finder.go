package main

import (
	"context"
	"log/slog"
	"time"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/classify"
	"github.com/careerpath/careerpath/lifecycle"
	"github.com/careerpath/careerpath/search"
	"github.com/careerpath/careerpath/sqlite"
)

// catalogPoll is how often a server checks whether another process
// (careerpath catalog import) changed the catalogs.
const catalogPoll = 2 * time.Second

// finderUpdater rebuilds the program finder's index when the provider
// catalogs change, and swaps it in while queries go on with the old one.
// An import through the server's admin API asks for a rebuild at once
// (notify); an import by another process is seen by polling the
// database's catalog stamp every catalogPoll. Rebuilds run one at a time,
// in the background; a failed one keeps the current index and is logged.
type finderUpdater struct {
	db       *sqlite.DB
	guides   careerpath.GuideService
	programs *search.Overlay // new indexes go in with the editors' overrides
	log      *slog.Logger
	kick     chan struct{}
	stamp    string // of the catalogs the current index was built from
	failed   string // the stamp a rebuild last failed at: not retried until it changes
}

// newFinderUpdater reads the catalog stamp before the first index is
// built, so that an import during that build is not missed.
func newFinderUpdater(ctx context.Context, db *sqlite.DB, gs careerpath.GuideService, programs *search.Overlay, log *slog.Logger) *finderUpdater {
	u := &finderUpdater{db: db, guides: gs, programs: programs, log: log, kick: make(chan struct{}, 1)}
	var err error
	if u.stamp, err = db.CatalogStamp(ctx); err != nil {
		log.Warn("program finder: read catalog stamp", "err", err)
	}
	return u
}

// notify asks for a rebuild; it is web.Services.CatalogImported and does
// not wait for the rebuild (the request's context ends with the request).
func (u *finderUpdater) notify(context.Context, *careerpath.Catalog) {
	select {
	case u.kick <- struct{}{}:
	default: // a rebuild is already asked for
	}
}

// watch rebuilds the index on notify, or when the catalog stamp changes,
// until ctx ends. Run it once the first index is in place.
func (u *finderUpdater) watch(ctx context.Context) {
	tick := time.NewTicker(catalogPoll)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-u.kick:
		case <-tick.C:
		}
		stamp, err := u.db.CatalogStamp(ctx)
		if err != nil {
			if ctx.Err() == nil {
				u.log.Warn("program finder: read catalog stamp", "err", err)
			}
			continue
		}
		if stamp == u.stamp || stamp == u.failed {
			continue
		}
		ix, err := loadFinder(ctx, u.db, u.guides, u.log)
		if err != nil {
			if ctx.Err() == nil {
				u.failed = stamp
				u.log.Error("program finder: rebuild after a catalog change failed; serving the previous index", "err", err)
			}
			continue
		}
		if err := u.programs.SetBase(ctx, ix); err != nil {
			u.log.Warn("program finder: editors' overrides not applied to the rebuilt index", "err", err)
		}
		u.stamp = stamp
		u.log.Info("program finder: index rebuilt after a catalog change", "programs", ix.Len(), "catalog_stamp", stamp)
	}
}

// topics reads finder queries as fields of study with the serving
// relevance model, unobserved: a query is not a catalog entry, and must
// not count in the model's drift.
func topics(lm *lifecycle.Champion) search.Topics {
	return func(text string) []search.Topic {
		m, _ := lm.Raw()
		if m == nil {
			return nil
		}
		var out []search.Topic
		for _, p := range m.Predict(classify.Entry{Program: text}).Predictions {
			out = append(out, search.Topic{CIP: p.CIP, Title: p.Title, Probability: p.Probability})
		}
		return out
	}
}
