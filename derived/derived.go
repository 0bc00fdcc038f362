// Package derived keeps what a server derives from the open data at start
// — the career guides' figures (wages, growth, demand rank…), the careers
// generated for every occupation and the relevance of programs to them —
// on the release of the open data that serves. When a new one serves (a
// PostgreSQL import switched the release, a SQLite file was swapped and
// reopened), Current rebuilds them, each in full before it replaces the
// old one, which serves until then; the program finder's index is rebuilt
// after them (search.Updater), from the same release.
package derived

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/careerpath/careerpath/guides"
)

// Data is what a server derived from one release of the open data.
type Data struct {
	guides *guides.Live
	src    guides.Source
	// release names the release of the open data that serves now.
	release func() string
	log     *slog.Logger
	// after rebuild what depends on the guides, in order, once they are
	// rebuilt.
	after []Step

	mu    sync.Mutex // one rebuild at a time
	built string     // the release the guides were built from
}

// A Step rebuilds one thing derived from the open data and the guides,
// such as the relevance of the careers of every occupation; it swaps the
// new one in only once it is built.
type Step struct {
	Name string
	Run  func(ctx context.Context) error
}

// New returns the data derived from release() by gs, which Load read over
// src; after are the steps that follow a rebuild of the guides.
func New(gs *guides.Live, src guides.Source, release func() string, log *slog.Logger, after ...Step) *Data {
	return &Data{guides: gs, src: src, release: release, log: log, after: after, built: release()}
}

// Release returns the release the guides were last built from.
func (d *Data) Release() string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.built
}

// Current rebuilds the guides, then the steps, if the release that serves
// is not the one they were built from, and reports whether it did. A
// failure keeps what serves (the old guides: say a guide names a code the
// new release lacks) and is returned; the next call tries again. Call it
// before building the finder's index, so that the index and the careers
// it answers come from the same release.
func (d *Data) Current(ctx context.Context) (bool, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	rel := d.release()
	if rel == d.built {
		return false, nil
	}
	start := time.Now()
	s, err := d.guides.Reload(ctx, d.src)
	if err != nil {
		return false, fmt.Errorf("career guides over the open data of %s (the previous release's serve meanwhile): %w", rel, err)
	}
	d.log.Info("open data: "+rel+" serves: career guides rebuilt from it", "generated", s.Generated().Careers,
		"duration_ms", time.Since(start).Milliseconds())
	for _, st := range d.after {
		start := time.Now()
		if err := st.Run(ctx); err != nil {
			return true, fmt.Errorf("%s over the open data of %s: %w", st.Name, rel, err)
		}
		d.log.Info("open data: "+st.Name+" rebuilt", "release", rel, "duration_ms", time.Since(start).Milliseconds())
	}
	d.built = rel
	return true, nil
}
