package search

import (
	"context"
	"log/slog"
	"time"

	careerpath "github.com/careerpath/careerpath"
)

// DefaultCatalogPoll is how often a server checks whether another process
// (careerpath catalog import) changed the catalogs.
const DefaultCatalogPoll = 2 * time.Second

// CatalogStamper reads the stamp of the provider catalogs, which every
// import changes.
type CatalogStamper interface {
	CatalogStamp(ctx context.Context) (string, error)
}

// Updater rebuilds the program finder's index when the provider catalogs
// change, and swaps it in while queries go on with the old one. An import
// through the server's admin API asks for a rebuild at once (Notify); an
// import by another process is seen by polling the catalog stamp every
// Poll. Rebuilds run one at a time, in the background; a failed one keeps
// the current index and is logged.
type Updater struct {
	// Data, when set, names the release of the open data an index is
	// built from, so that the log says whether a rebuild followed new
	// open data or a catalog change (the stamp changes with either). Set
	// it before Watch.
	Data func() string
	data string // the release the current index was built from

	stamps CatalogStamper
	build  func(context.Context) (*Index, error)
	swap   func(context.Context, *Index) error // the new index goes in, with the editors' overrides
	poll   time.Duration
	log    *slog.Logger
	kick   chan struct{}
	stamp  string // of the catalogs the current index was built from
	failed string // the stamp a rebuild last failed at: not retried until it changes
	// failures logs the polls that fail, as while the database is down,
	// when they begin and end.
	failures *careerpath.FailureLog
}

// NewUpdater reads the catalog stamp before the first index is built, so
// that an import during that build is not missed. build builds an index,
// swap puts it in place (Overlay.SetBase); poll ≤ 0 is DefaultCatalogPoll.
func NewUpdater(ctx context.Context, stamps CatalogStamper, build func(context.Context) (*Index, error), swap func(context.Context, *Index) error, poll time.Duration, log *slog.Logger) *Updater {
	if poll <= 0 {
		poll = DefaultCatalogPoll
	}
	u := &Updater{stamps: stamps, build: build, swap: swap, poll: poll, log: log, kick: make(chan struct{}, 1),
		failures: &careerpath.FailureLog{Log: log, Msg: "program finder: read catalog stamp"}}
	var err error
	if u.stamp, err = stamps.CatalogStamp(ctx); err != nil {
		u.failures.Fail(err)
	}
	return u
}

// Notify asks for a rebuild; it is web.Services.CatalogImported and does
// not wait for the rebuild (the request's context ends with the request).
func (u *Updater) Notify(context.Context, *careerpath.Catalog) {
	select {
	case u.kick <- struct{}{}:
	default: // a rebuild is already asked for
	}
}

// Watch rebuilds the index on Notify, or when the catalog stamp changes,
// until ctx ends. Run it once the first index is in place.
func (u *Updater) Watch(ctx context.Context) {
	if u.Data != nil {
		u.data = u.Data()
	}
	tick := time.NewTicker(u.poll)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-u.kick:
		case <-tick.C:
		}
		u.update(ctx)
	}
}

// update rebuilds the index if the catalog stamp changed.
func (u *Updater) update(ctx context.Context) {
	stamp, err := u.stamps.CatalogStamp(ctx)
	if err != nil {
		if ctx.Err() == nil {
			u.failures.Fail(err)
		}
		return
	}
	u.failures.OK()
	if stamp == u.stamp || stamp == u.failed {
		return
	}
	ix, err := u.build(ctx)
	if err != nil {
		if ctx.Err() == nil {
			// A build the database's outage cut short is tried again at
			// the next poll; one that failed otherwise waits for a change.
			if careerpath.ErrorCode(err) != careerpath.EUNAVAILABLE {
				u.failed = stamp
			}
			u.log.Error("program finder: rebuild after a catalog change failed; serving the previous index", "err", err)
		}
		return
	}
	if err := u.swap(ctx, ix); err != nil {
		u.log.Warn("program finder: editors' overrides not applied to the rebuilt index", "err", err)
	}
	u.stamp = stamp
	cause := "a catalog change"
	if u.Data != nil {
		if d := u.Data(); d != u.data {
			cause, u.data = "new open data ("+d+")", d
		}
	}
	u.log.Info("program finder: index rebuilt after "+cause, "programs", ix.Len(), "catalog_stamp", stamp)
}
