package main

import (
	"context"
	"log/slog"
	"time"

	careerpath "github.com/careerpath/careerpath"
)

// pruneAudit deletes audit entries older than keep, now and then every
// interval, until ctx ends.
func pruneAudit(ctx context.Context, as careerpath.AuditService, keep, every time.Duration, log *slog.Logger) {
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		if n, err := as.PruneAudit(ctx, time.Now().Add(-keep)); err != nil && ctx.Err() == nil {
			log.Warn("audit log: prune", "err", err)
		} else if n > 0 {
			log.Info("audit log: old entries deleted", "entries", n, "kept_days", int(keep.Hours()/24))
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}
