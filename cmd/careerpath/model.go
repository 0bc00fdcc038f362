package main

import (
	"context"
	"fmt"
	"log/slog"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/classify"
	"github.com/careerpath/careerpath/content"
	"github.com/careerpath/careerpath/guides"
	"github.com/careerpath/careerpath/lifecycle"
	"github.com/careerpath/careerpath/relevance"
	"github.com/careerpath/careerpath/stores"
)

// careersOf returns the careers of the guides in dir (the built-in ones
// when dir is "").
func careersOf(dir string) ([]*careerpath.Career, error) {
	files, err := contentFS(dir)
	if err != nil {
		return nil, err
	}
	careers, err := content.Load(files)
	if err != nil {
		return nil, fmt.Errorf("career guides: %w", err)
	}
	return careers, nil
}

// openRelevance opens an imported database (stores.Open) and builds the
// relevance rule of the career guides (those of contentDir, or the
// built-in ones) over it, as train, eval and classify need.
func openRelevance(ctx context.Context, dsn, contentDir string) (stores.Store, *relevance.Rule, error) {
	careers, err := careersOf(contentDir)
	if err != nil {
		return nil, nil, err
	}
	db, err := stores.Open(ctx, dsn)
	if err != nil {
		return nil, nil, err
	}
	rel, err := relevance.LoadImported(ctx, db, careers)
	if err != nil {
		db.Close()
		return nil, nil, err
	}
	return db, rel, nil
}

// startModel serves the champion of the database, read with the
// relevance rule of the guides' careers (see
// lifecycle.Config.ServeChampion).
func startModel(ctx context.Context, lc lifecycle.Config, db stores.ServeStore, gs careerpath.GuideService, log *slog.Logger) (*lifecycle.Champion, error) {
	careers, err := guides.Careers(ctx, gs)
	if err != nil {
		return nil, err
	}
	rel, err := relevance.Load(ctx, db, careers)
	if err != nil {
		return nil, err
	}
	return lc.ServeChampion(ctx, db, rel, log), nil
}

// training is the training of c's settings (the open-data release, the
// training config, the lifecycle's policy) by actor, with seed 1; the
// caller gives it a relevance rule.
func (c *Config) training(actor string, log *slog.Logger) (lifecycle.Training, error) {
	cfg, err := classify.ParseConfig(c.TrainConfig)
	if err != nil {
		return lifecycle.Training{}, err
	}
	release, err := c.release()
	if err != nil {
		return lifecycle.Training{}, err
	}
	return lifecycle.Training{Config: c.Lifecycle, Release: release, Train: cfg, Seed: 1, Actor: actor, Log: log}, nil
}
