package main

import (
	"context"
	"log/slog"
	"time"

	"github.com/careerpath/careerpath/lifecycle"
	"github.com/careerpath/careerpath/registry"
	"github.com/careerpath/careerpath/sqlite"
)

// rolloutFlags are serve's settings for retraining and rollout.
type rolloutFlags struct {
	retrainEvery time.Duration
	shadow       registry.ShadowConfig
	guard        registry.GuardConfig
}

// startRollout runs lifecycle's rollout of the challenger against
// champion on the database (see lifecycle.Config.StartRollout).
func startRollout(ctx context.Context, lc lifecycle.Config, db *sqlite.DB, champion *lifecycle.Champion, o rolloutFlags, log *slog.Logger) *lifecycle.LiveRollout {
	return lc.StartRollout(ctx, db, champion, lifecycle.RolloutConfig{Shadow: o.shadow, Guard: o.guard}, log)
}
