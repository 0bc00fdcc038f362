// Package registry serves the champion model of the model registry. Live
// watches the champion alias and swaps the model it serves in one atomic
// step, and only after the new version has loaded, matched its checksum
// and passed its warm-up checks; a version that fails any of these never
// replaces the one serving. Every process that shares the database polls
// the alias, so a promotion reaches all of them within one interval.
package registry

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	careerpath "github.com/careerpath/careerpath"
)

// Store is the part of the registry Live reads.
type Store interface {
	Alias(ctx context.Context, alias string) (string, error)
	ModelArtifact(ctx context.Context, version string) ([]byte, error)
}

// Loaded is a model in memory with the version it came from.
type Loaded[M any] struct {
	Version  string
	Model    M
	LoadedAt time.Time
}

// Live holds the model that serves. Readers call Current on every request;
// it is one atomic load, so a request always sees one whole model.
type Live[M any] struct {
	store Store
	alias string
	// load turns an artifact into a model; check warms a loaded model up
	// on known inputs and says whether its answers are sane.
	load  func(version string, artifact []byte) (M, error)
	check func(M) error
	log   *slog.Logger

	cur      atomic.Pointer[Loaded[M]]
	mu       sync.Mutex // serialises refreshes
	rejected map[string]error
	wake     chan struct{}
}

// NewLive returns a Live that serves the version the alias points to.
func NewLive[M any](store Store, alias string, load func(string, []byte) (M, error), check func(M) error, log *slog.Logger) *Live[M] {
	return &Live[M]{store: store, alias: alias, load: load, check: check, log: log, rejected: map[string]error{}, wake: make(chan struct{}, 1)}
}

// Current returns the serving model, or nil before the first successful
// load.
func (l *Live[M]) Current() *Loaded[M] { return l.cur.Load() }

// Refresh loads the version the alias points to if it is not the one
// serving. It returns whether the serving model changed. A version that
// failed to load is not retried until the alias moves, unless it failed
// because the store was unreachable.
func (l *Live[M]) Refresh(ctx context.Context) (bool, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	version, err := l.store.Alias(ctx, l.alias)
	if careerpath.ErrorCode(err) == careerpath.ENOTFOUND {
		return false, nil // no model yet: nothing to serve, nothing wrong
	} else if err != nil {
		return false, err
	}
	if cur := l.cur.Load(); cur != nil && cur.Version == version {
		return false, nil
	}
	if err, seen := l.rejected[version]; seen {
		return false, err
	}
	m, err := l.prepare(ctx, version)
	if err != nil {
		// A version whose artifact the database could not give (it went
		// away meanwhile) is tried again; one that failed its checks not.
		if careerpath.ErrorCode(err) != careerpath.EUNAVAILABLE {
			l.rejected[version] = err
		}
		l.log.Error("model not swapped in: the serving model stays", "alias", l.alias, "version", version, "serving", l.version(), "err", err)
		return false, err
	}
	prev := l.version()
	l.cur.Store(&Loaded[M]{Version: version, Model: m, LoadedAt: time.Now()})
	l.log.Info("model swapped in", "alias", l.alias, "version", version, "previous", prev)
	return true, nil
}

// Rejected returns why version failed to load, check its checksum or
// warm up here, nil if it did not fail (or was not tried yet).
func (l *Live[M]) Rejected(version string) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.rejected[version]
}

func (l *Live[M]) prepare(ctx context.Context, version string) (M, error) {
	var zero M
	artifact, err := l.store.ModelArtifact(ctx, version) // checks the checksum
	if err != nil {
		return zero, fmt.Errorf("read %s: %w", version, err)
	}
	m, err := l.load(version, artifact)
	if err != nil {
		return zero, fmt.Errorf("load %s: %w", version, err)
	}
	if l.check != nil {
		if err := l.check(m); err != nil {
			return zero, fmt.Errorf("warm-up of %s: %w", version, err)
		}
	}
	return m, nil
}

func (l *Live[M]) version() string {
	if cur := l.cur.Load(); cur != nil {
		return cur.Version
	}
	return ""
}

// Wake asks Watch to refresh now rather than at its next interval: a
// store's change notification (careerpath.ChangeModel) calls it, so that
// a promotion on one replica reaches the others at once. It does not wait.
func (l *Live[M]) Wake() {
	select {
	case l.wake <- struct{}{}:
	default: // a refresh is already asked for
	}
}

// Watch refreshes every interval, and on Wake, until ctx ends.
func (l *Live[M]) Watch(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-l.wake:
		case <-t.C:
		}
		l.Refresh(ctx) // errors are logged by Refresh
	}
}
