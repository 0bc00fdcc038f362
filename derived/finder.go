package derived

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/guides"
	"github.com/careerpath/careerpath/relevance"
	"github.com/careerpath/careerpath/search"
)

// FinderSource is what the finder's index is built from.
type FinderSource interface {
	relevance.Source
	search.Source
}

// Finder builds the program finder's index over src's open data that
// serves now, after what else derives from it (Current): current moves
// src to a new release first, and once more if an import replaces it
// during the build, which fails with ECONFLICT (nil current: nothing to
// move, as on SQLite, which reopens by itself). See LoadFinder.
func (d *Data) Finder(ctx context.Context, src FinderSource, current func(ctx context.Context) error, occupations *search.Occupations) (*search.Index, error) {
	load := func() (*search.Index, error) {
		if _, err := d.Current(ctx); err != nil {
			d.log.Error("open data: rebuild", "err", err)
		}
		return LoadFinder(ctx, src, d.guides, occupations, d.log)
	}
	if current == nil {
		return load()
	}
	if err := current(ctx); err != nil {
		return nil, err
	}
	ix, err := load()
	if careerpath.ErrorCode(err) == careerpath.ECONFLICT {
		d.log.Info("program finder: the open data was replaced during the build; building from the new release")
		if err := current(ctx); err != nil {
			return nil, err
		}
		ix, err = load()
	}
	return ix, err
}

// LoadFinder builds the program finder's index over src, with the
// relevance of every program to every career guide of gs, and answering
// the careers of every occupation of occupations (none for nil) on first
// query.
func LoadFinder(ctx context.Context, src FinderSource, gs careerpath.GuideService, occupations *search.Occupations, log *slog.Logger) (*search.Index, error) {
	start := time.Now()
	careers, err := guides.Careers(ctx, gs)
	if err != nil {
		return nil, err
	}
	rel, err := relevance.Load(ctx, src, careers)
	if err != nil {
		return nil, err
	}
	ix, err := search.Load(ctx, src, rel)
	if err != nil {
		return nil, fmt.Errorf("program finder: %w", err)
	}
	log.Info("built program finder index", "programs", ix.Len(), "duration_ms", time.Since(start).Milliseconds())
	return occupations.With(ix), nil
}

// GenerateOccupations generates the career pages of every occupation
// beside the edited guides of gs, then their careers in the finder
// (occupations.Prepare over src), logging each and how long it took; an
// error is logged unless ctx ended (a shutdown, not a failure). Serve runs
// it once the server listens.
func GenerateOccupations(ctx context.Context, src relevance.Source, gs *guides.Live, occupations *search.Occupations, log *slog.Logger) {
	genStart := time.Now()
	if err := gs.Generate(ctx); err != nil {
		if ctx.Err() == nil { // not merely stopped by a shutdown
			log.Error("career pages of every occupation", "err", err)
		}
		return
	}
	log.Info("career pages of every occupation", "generated", gs.Generated().Careers, "duration_ms", time.Since(genStart).Milliseconds())
	relStart := time.Now()
	if err := occupations.Prepare(ctx, src, gs); err != nil {
		if ctx.Err() == nil {
			log.Error("program finder of every occupation", "err", err)
		}
		return
	}
	log.Info("program finder of every occupation", "duration_ms", time.Since(relStart).Milliseconds(), "cache_bytes", search.DefaultCareerCacheBytes)
}
