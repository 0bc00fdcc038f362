package main

import (
	"flag"
	"fmt"
	"log/slog"
	"os"
	"time"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/lifecycle"
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

// newLeader returns the leader of the database's singleton jobs (see
// lifecycle.Leader), elected by the store's elector (the lock file beside
// a SQLite database, an advisory lock on PostgreSQL).
func newLeader(elector func(replicaID string, interval time.Duration, log *slog.Logger) (careerpath.Elector, error), f leaderFlags, log *slog.Logger) (*lifecycle.Leader, error) {
	e, err := elector(f.replicaID(), f.interval, log)
	if err != nil {
		return nil, err
	}
	return lifecycle.NewLeader(e, log), nil
}
