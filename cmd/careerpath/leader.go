package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"time"

	"github.com/careerpath/careerpath/sqlite"
)

// leaderFlags are the settings of leader election (Config.Leader).
type leaderFlags struct {
	interval time.Duration
	id       string
}

func (f *leaderFlags) register(fs *flag.FlagSet) {
	fs.DurationVar(&f.interval, "leader-interval", f.interval,
		"how often a replica that does not lead tries to take the lease of the singleton jobs (`interval`)")
	fs.StringVar(&f.id, "replica-id", f.id,
		"this replica's `name` in the leader lease, the logs and the admin pages (empty: host:pid)")
}

// replicaID is f.id, or host:pid when it is empty.
func (f leaderFlags) replicaID() string {
	if f.id != "" {
		return f.id
	}
	host, _ := os.Hostname()
	return fmt.Sprintf("%s:%d", host, os.Getpid())
}

// runLeading runs jobs, each in its own goroutine, only while this
// replica holds the lease of the database's singleton jobs (so far the
// scheduled retrain; the guard runs in lifecycle's rollout on every
// replica). Each job must return when
// its context ends. It returns the elector, for the admin pages.
func runLeading(ctx context.Context, dbPath string, f leaderFlags, log *slog.Logger, jobs ...func(context.Context)) (*sqlite.LockElector, error) {
	e, err := sqlite.NewLockElector(dbPath, f.replicaID(), f.interval, log)
	if err != nil {
		return nil, err
	}
	go e.Run(ctx, func(ctx context.Context) {
		var wg sync.WaitGroup
		for _, job := range jobs {
			wg.Add(1)
			go func() { defer wg.Done(); job(ctx) }()
		}
		<-ctx.Done()
		wg.Wait()
	})
	return e, nil
}
