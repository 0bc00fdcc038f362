package main

import (
	"context"
	"errors"
	"io/fs"
	"log/slog"
	"os"
	"time"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/classify"
	"github.com/careerpath/careerpath/relevance"
	"github.com/careerpath/careerpath/sqlite"
)

// retrain is a training from the bundled data and the editors' labels,
// under the database's retrain lock so that two never run at once (the
// lock is not taken for a dry run, which writes nothing). Every registry
// step is one transaction, so a retrain killed at any point leaves the
// champion and the log as they were after the last step.
func retrain(ctx context.Context, db *sqlite.DB, t trainRun) (*trainOutcome, error) {
	if !t.dryRun {
		unlock, err := db.LockRetrain()
		if err != nil {
			return nil, err
		}
		defer unlock()
	}
	labels, err := db.FindLabels(ctx)
	if err != nil {
		return nil, err
	}
	split := classify.SplitLabels(labels, classify.LabelHoldoutEvery)
	t.labels = &split
	t.log.Info("retraining from the editors' labels", "labels", split.Count, "fields_of_study", len(split.Train),
		"held_out", split.HeldOut, "label_hash", short(split.Hash))
	t.at("labels")
	return t.train(ctx, db)
}

// scheduleRetrain retrains every interval until ctx ends, in the calling
// goroutine, so that one server never runs two at once; the lock keeps
// servers sharing the database from doing so.
func scheduleRetrain(ctx context.Context, db *sqlite.DB, every time.Duration, release fs.FS, rel *relevance.Model, log *slog.Logger) {
	cfg, err := trainConfig(os.Getenv("CAREERPATH_TRAIN_CONFIG"))
	if err != nil {
		log.Error("scheduled retraining is off: bad training config", "err", err)
		return
	}
	log.Info("retraining on a schedule", "every", every)
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		out, err := retrain(ctx, db, trainRun{release: release, rel: rel, config: cfg, seed: 1, actor: retrainActor, skipKnown: true, log: log})
		var same errNothingNew
		switch {
		case errors.As(err, &same):
			log.Info("scheduled retrain skipped", "reason", err)
		case careerpath.ErrorCode(err) == careerpath.ECONFLICT:
			log.Info("scheduled retrain skipped: another retrain is running", "err", err)
		case err != nil && ctx.Err() == nil:
			log.Error("scheduled retrain failed", "err", err)
		case err == nil:
			log.Info("scheduled retrain done", "version", out.Version.Version, "gate_passed", out.Gate.Passed(), "failures", joinFailures(out.Gate.Failures))
		}
	}
}
