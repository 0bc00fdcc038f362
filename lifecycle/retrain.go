package lifecycle

import (
	"context"
	"errors"
	"io/fs"
	"log/slog"
	"time"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/classify"
	"github.com/careerpath/careerpath/relevance"
)

// RetrainStore is what a retrain needs of a store: the registry, the
// editors' labels, and a lock that keeps two retrains from running at
// once (ECONFLICT when another holds it; released when its process dies).
type RetrainStore interface {
	careerpath.ModelRegistry
	FindLabels(ctx context.Context) ([]*careerpath.Label, error)
	LockRetrain() (unlock func(), err error)
}

// Retrain is a training from the bundled data and the editors' labels,
// under the store's retrain lock so that two never run at once (the lock
// is not taken for a dry run, which writes nothing). Every registry step
// is one transaction, so a retrain killed at any point leaves the
// champion and the log as they were after the last step.
func (t Training) Retrain(ctx context.Context, store RetrainStore) (*Outcome, error) {
	if !t.DryRun {
		unlock, err := store.LockRetrain()
		if err != nil {
			return nil, err
		}
		defer unlock()
	}
	labels, err := store.FindLabels(ctx)
	if err != nil {
		return nil, err
	}
	split := classify.SplitLabels(labels, classify.LabelHoldoutEvery)
	t.Labels = &split
	t.Log.Info("retraining from the editors' labels", "labels", split.Count, "fields_of_study", len(split.Train),
		"held_out", split.HeldOut, "label_hash", short(split.Hash))
	t.Config.at("labels")
	return t.Run(ctx, store)
}

// Scheduled is the training of a server's scheduled retrains: the
// bundled release and the editors' labels with the training config
// train, seed 1, actor RetrainActor, and nothing trained when nothing is
// new (SkipKnown). Each round evaluates with the rule rule() returns then
// (Champion.Relevance: the one of the release that serves).
func Scheduled(c Config, release fs.FS, rule func() *relevance.Rule, train classify.Config, log *slog.Logger) Training {
	return Training{Config: c, Release: release, Relevance: rule(), Train: train, Seed: 1, Actor: RetrainActor, SkipKnown: true, Log: log, rule: rule}
}

// Schedule retrains every interval until ctx ends, in the calling
// goroutine, so that one server never runs two at once; the store's lock
// keeps servers sharing it from doing so. A round with nothing new to
// learn (t.SkipKnown) or another retrain running is skipped.
func (t Training) Schedule(ctx context.Context, store RetrainStore, every time.Duration) {
	t.Log.Info("retraining on a schedule", "every", every)
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		if t.rule != nil {
			t.Relevance = t.rule()
		}
		out, err := t.Retrain(ctx, store)
		var same ErrNothingNew
		switch {
		case errors.As(err, &same):
			t.Log.Info("scheduled retrain skipped", "reason", err)
		case careerpath.ErrorCode(err) == careerpath.ECONFLICT:
			t.Log.Info("scheduled retrain skipped: another retrain is running", "err", err)
		case err != nil && ctx.Err() == nil:
			t.Log.Error("scheduled retrain failed", "err", err)
		case err == nil:
			t.Log.Info("scheduled retrain done", "version", out.Version.Version, "gate_passed", out.Gate.Passed(), "failures", JoinFailures(out.Gate.Failures))
		}
	}
}
