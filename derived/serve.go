package derived

import (
	"context"
	"log/slog"
	"time"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/guides"
	"github.com/careerpath/careerpath/search"
)

// ServeSource is what a server's program finder reads: the open data that
// serves, the catalog stamp its updater polls, and the editors' override
// log.
type ServeSource interface {
	FinderSource
	guides.Source
	search.CatalogStamper
	careerpath.OverrideService
}

// FinderConfig is what StartFinder assembles a server's program finder
// from.
type FinderConfig struct {
	// Guides are the career guides, rebuilt over each new release.
	Guides *guides.Live
	Store  ServeSource
	// Release names the release of the open data that serves now.
	Release func() string
	// Current moves Store to the open data that serves now before a
	// build (nil: nothing to move; see Data.Finder).
	Current func(ctx context.Context) error
	// Topics read queries as fields of study (search.Service.UseTopics).
	Topics search.Topics
	// Steps rebuild what else derives from a new release, in order,
	// before the careers of every occupation join the finder.
	Steps []Step
	// OverridesPoll is how often the override log is polled
	// (search.Overlay.Run); it must be positive.
	OverridesPoll time.Duration
	// Before, when not nil, runs before the first build (a test hook);
	// Built, when not nil, once its index is in place.
	Before func(ctx context.Context)
	Built  func()
	Log    *slog.Logger
}

// Finder is a server's program finder, its first index building in the
// background.
type Finder struct {
	// Programs serves the finder; it finds nothing until the first
	// index is in place.
	Programs *search.Service
	// Overlay applies the editors' decisions to every index; Notify
	// tells it of a new one.
	Overlay *search.Overlay
	// Updater rebuilds the index after a catalog import or a new release
	// of the open data (Notify).
	Updater *search.Updater
	// Occupations are the careers of every occupation, which join the
	// finder once generated (GenerateOccupations).
	Occupations *search.Occupations
	// Err receives the outcome of the first build; once it succeeded the
	// updater and the overlay's poll run until ctx ends.
	Err <-chan error
}

// StartFinder assembles the program finder of c and starts building its
// first index in the background: the finder's index takes a few seconds
// to build, so that a server can serve the guides at once, and the finder
// as soon as its index is in place.
func StartFinder(ctx context.Context, c FinderConfig) *Finder {
	programs := search.NewService(nil)
	programs.UseTopics(c.Topics)
	// Editors' decisions apply to every index (search.Overlay): each
	// replica polls the database's override log.
	overlay := search.NewOverlay(programs, c.Store, c.Log)
	// The careers of every occupation join the finder once generated,
	// each built on its first query.
	occupations := &search.Occupations{}
	// What else derives from the open data is rebuilt before the
	// finder's index when a new release serves.
	steps := append(c.Steps[:len(c.Steps):len(c.Steps)], Step{Name: "the careers of every occupation in the program finder",
		Run: func(ctx context.Context) error { return occupations.Prepare(ctx, c.Store, c.Guides) }})
	data := New(c.Guides, c.Store, c.Release, c.Log, steps...)
	build := func(ctx context.Context) (*search.Index, error) {
		return data.Finder(ctx, c.Store, c.Current, occupations)
	}
	// Catalog imports, through the admin API or by another process,
	// rebuild the index in the background (see search.Updater).
	updater := search.NewUpdater(ctx, c.Store, build, overlay.SetBase, search.DefaultCatalogPoll, c.Log)
	updater.Data = data.Release
	errc := make(chan error, 1)
	go func() {
		if c.Before != nil {
			c.Before(ctx)
		}
		ix, err := build(ctx)
		if err == nil {
			if err := overlay.SetBase(ctx, ix); err != nil {
				c.Log.Warn("program finder: editors' overrides not applied", "err", err)
			}
			if c.Built != nil {
				c.Built()
			}
			go updater.Watch(ctx)
			go overlay.Run(ctx, c.OverridesPoll)
		}
		errc <- err
	}()
	return &Finder{Programs: programs, Overlay: overlay, Updater: updater, Occupations: occupations, Err: errc}
}
