package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"time"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/classify"
	"github.com/careerpath/careerpath/relevance"
	"github.com/careerpath/careerpath/sqlite"
)

// runRetrain handles "careerpath retrain": train a candidate from the
// bundled data and the editors' labels, evaluate it against the champion
// on the evaluation set and on the labels it did not learn from, register
// it and gate it.
func runRetrain(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fset := flag.NewFlagSet("retrain", flag.ContinueOnError)
	fset.SetOutput(stderr)
	var c common
	c.register(fset)
	seed := fset.Uint64("seed", 1, "random `seed`: the same data, labels, config and seed give the same model")
	dryRun := fset.Bool("dry-run", false, "train, evaluate and gate, but register nothing")
	promote := fset.Bool("promote", false, "make the model champion at once if it passes the offline gate (default: challenger, promoted after its shadow)")
	config := fset.String("config", os.Getenv("CAREERPATH_TRAIN_CONFIG"), "training config overrides as a JSON `object` or @FILE, over the default config")
	contentDir := fset.String("content", os.Getenv("CAREERPATH_CONTENT"), "read career guides from `dir` instead of the built-in ones")
	if err := fset.Parse(args); err != nil {
		return err
	}
	if fset.NArg() != 0 {
		return fmt.Errorf("retrain: unexpected arguments %q", fset.Args())
	}
	if *dryRun && *promote {
		return fmt.Errorf("retrain: --dry-run and --promote exclude each other")
	}
	cfg, err := trainConfig(*config)
	if err != nil {
		return err
	}
	release, err := c.release()
	if err != nil {
		return err
	}
	db, rel, err := openRelevance(ctx, c.db, *contentDir)
	if err != nil {
		return err
	}
	defer db.Close()
	t := trainRun{release: release, rel: rel, config: cfg, seed: *seed, actor: actorName(), promote: *promote, dryRun: *dryRun, log: newLogger(stderr)}
	out, err := retrain(ctx, db, t)
	if err != nil {
		return err
	}
	if ls, l := out.Labels, out.Metrics.Labels; ls != nil && l != nil {
		fmt.Fprintf(stdout, "editors' labels: %d (hash %s): %d fields of study trained on, %d labels held out; evaluated on %d relevance decisions and %d fields of study it did not learn\n",
			ls.Count, short(ls.Hash), ls.Trained, ls.HeldOut, l.RelevanceN, l.FieldN)
	}
	printTrain(stdout, out)
	return nil
}

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
		out, err := retrain(ctx, db, trainRun{release: release, rel: rel, config: cfg, seed: 1, actor: retrainActor, log: log})
		switch {
		case careerpath.ErrorCode(err) == careerpath.ECONFLICT:
			log.Info("scheduled retrain skipped: another retrain is running", "err", err)
		case err != nil && ctx.Err() == nil:
			log.Error("scheduled retrain failed", "err", err)
		case err == nil:
			log.Info("scheduled retrain done", "version", out.Version.Version, "gate_passed", out.Gate.Passed(), "failures", joinFailures(out.Gate.Failures))
		}
	}
}
