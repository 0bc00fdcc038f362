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

// ---- settings of leader election (serve) ----
// One block, to move into the command's Config as it is.

type leaderFlags struct {
	interval time.Duration
	id       string
}

func (f *leaderFlags) register(fs *flag.FlagSet) {
	host, _ := os.Hostname()
	fs.DurationVar(&f.interval, "leader-interval", 2*time.Second,
		"how often a replica that does not lead tries to take the lease of the singleton jobs (`interval`)")
	fs.StringVar(&f.id, "replica-id", fmt.Sprintf("%s:%d", host, os.Getpid()),
		"this replica's `name` in the leader lease, the logs and the admin pages")
}

// ---- end of settings ----

// runLeading runs jobs, each in its own goroutine, only while this
// replica holds the lease of the database's singleton jobs (so far the
// scheduled retrain; the guard runs in lifecycle's rollout on every
// replica). Each job must return when
// its context ends. It returns the elector, for the admin pages.
func runLeading(ctx context.Context, dbPath string, f leaderFlags, log *slog.Logger, jobs ...func(context.Context)) (*sqlite.LockElector, error) {
	e, err := sqlite.NewLockElector(dbPath, f.id, f.interval, log)
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
