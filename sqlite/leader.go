package sqlite

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/careerpath/careerpath"
)

// LockElector is the lock-file Elector for replicas on one machine sharing
// one SQLite file: the lease is flock(2)'s exclusive lock on a file beside
// the database. The kernel drops it when the holder closes the file or
// dies, and a waiting elector takes it at its next try, within Interval.
type LockElector struct {
	path     string
	id       string
	interval time.Duration
	log      *slog.Logger

	mu   sync.Mutex
	self bool
}

// NewLockElector returns an elector for the database at dbPath, naming
// this replica id and trying for the lease every interval.
func NewLockElector(dbPath, id string, interval time.Duration, log *slog.Logger) (*LockElector, error) {
	if err := CheckPath(dbPath); err != nil {
		return nil, err
	}
	if interval <= 0 {
		return nil, fmt.Errorf("leader election interval %v: must be positive", interval)
	}
	return &LockElector{path: dbPath + ".leader.lock", id: id, interval: interval, log: log}, nil
}

// Run implements careerpath.Elector.
func (e *LockElector) Run(ctx context.Context, job func(ctx context.Context)) error {
	t := time.NewTicker(e.interval)
	defer t.Stop()
	for {
		f, err := e.acquire()
		if err == nil {
			e.lead(ctx, f, job)
			return ctx.Err()
		}
		if !errors.Is(err, errLocked) {
			e.log.Warn("leader election", "lock", e.path, "err", err)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
	}
}

// acquire takes the lock without waiting and records this replica as the
// holder in the file.
func (e *LockElector) acquire() (*os.File, error) {
	f, err := os.OpenFile(e.path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, err
	}
	if err := lockExclusive(f); err != nil {
		f.Close()
		return nil, err
	}
	since := time.Now().UTC()
	if err := f.Truncate(0); err == nil {
		fmt.Fprintf(f, "%s\n%s\n", e.id, since.Format(time.RFC3339Nano))
		f.Sync()
	}
	return f, nil
}

// lead runs job while holding the lock in f, until ctx is done.
func (e *LockElector) lead(ctx context.Context, f *os.File, job func(ctx context.Context)) {
	e.setSelf(true)
	e.log.Info("leader: took the lease", "replica", e.id, "lock", e.path)
	defer func() {
		e.setSelf(false)
		f.Close() // releases the lock
		e.log.Info("leader: released the lease", "replica", e.id)
	}()
	job(ctx)
	<-ctx.Done()
}

func (e *LockElector) setSelf(v bool) {
	e.mu.Lock()
	e.self = v
	e.mu.Unlock()
}

// Leader implements careerpath.Elector, from the holder's record in the
// lock file. A holder that died leaves its record until the next holder
// overwrites it, so Holder may name a dead replica for up to Interval.
func (e *LockElector) Leader() careerpath.Leadership {
	e.mu.Lock()
	self := e.self
	e.mu.Unlock()
	l := careerpath.Leadership{Self: self}
	b, err := os.ReadFile(e.path)
	if err != nil {
		return l
	}
	id, since, _ := strings.Cut(strings.TrimSpace(string(b)), "\n")
	l.Holder = id
	l.Since, _ = time.Parse(time.RFC3339Nano, since)
	return l
}

var _ careerpath.Elector = (*LockElector)(nil)
