package main

import (
	"context"
	"io/fs"
	"log/slog"
	"time"

	"github.com/careerpath/careerpath/classify"
	"github.com/careerpath/careerpath/lifecycle"
	"github.com/careerpath/careerpath/relevance"
	"github.com/careerpath/careerpath/sqlite"
)

// retrain is lifecycle's Retrain of t on the database.
func retrain(ctx context.Context, db *sqlite.DB, t lifecycle.Training) (*lifecycle.Outcome, error) {
	return t.Retrain(ctx, db)
}

// scheduleRetrain retrains every interval until ctx ends (see
// lifecycle.Training.Schedule), with the training config overrides
// trainSpec (--train-config).
func scheduleRetrain(ctx context.Context, lc lifecycle.Config, db *sqlite.DB, every time.Duration, release fs.FS, rel *relevance.Rule, trainSpec string, log *slog.Logger) {
	cfg, err := classify.ParseConfig(trainSpec)
	if err != nil {
		log.Error("scheduled retraining is off: bad training config", "err", err)
		return
	}
	t := lifecycle.Training{Config: lc, Release: release, Relevance: rel, Train: cfg, Seed: 1,
		Actor: lifecycle.RetrainActor, SkipKnown: true, Log: log}
	t.Schedule(ctx, db, every)
}
