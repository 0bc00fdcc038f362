package main

import (
	"context"
	"fmt"
	"io"

	"github.com/careerpath/careerpath/classify"
	"github.com/careerpath/careerpath/lifecycle"
)

// runTrain handles "careerpath train": train, evaluate, register, gate.
func runTrain(ctx context.Context, c Config, args []string, stdout, stderr io.Writer) error {
	return trainCommand(ctx, c, "train", args, stdout, stderr)
}

// runRetrain handles "careerpath retrain": the same from the bundled data
// and the editors' labels, evaluated on the evaluation set and on the
// labels it did not learn from (see retrain).
func runRetrain(ctx context.Context, c Config, args []string, stdout, stderr io.Writer) error {
	return trainCommand(ctx, c, "retrain", args, stdout, stderr)
}

func trainCommand(ctx context.Context, c Config, name string, args []string, stdout, stderr io.Writer) error {
	fset := c.flags(name, stderr, "db", "data", "content", "train-config", "log-level")
	seed := fset.Uint64("seed", 1, "random `seed`: the same data, config and seed give the same model")
	promote := fset.Bool("promote", false, "make the model champion if it passes the gate (default: challenger)")
	dryRun := new(bool)
	if name == "retrain" {
		dryRun = fset.Bool("dry-run", false, "train, evaluate and gate, but register nothing")
	}
	if err := parseFlags(fset, args); err != nil {
		return err
	}
	if fset.NArg() != 0 {
		return fmt.Errorf("%s: unexpected arguments %q", name, fset.Args())
	}
	if *dryRun && *promote {
		return fmt.Errorf("%s: --dry-run and --promote exclude each other", name)
	}
	t, err := c.training(actorName(), newLogger(stderr, c.LogLevel))
	if err != nil {
		return err
	}
	t.Seed, t.Promote, t.DryRun = *seed, *promote, *dryRun
	db, rel, err := openRelevance(ctx, c.DB, c.Content)
	if err != nil {
		return err
	}
	defer db.Close()
	t.Relevance = rel
	var out *lifecycle.Outcome
	if name == "retrain" {
		out, err = t.Retrain(ctx, db)
	} else {
		out, err = t.Run(ctx, db)
	}
	if err != nil {
		return err
	}
	out.WriteReport(stdout)
	return nil
}

// runEval handles "careerpath eval": a registered version on the bundled
// evaluation sets (one per labelled career, or the one of --career, or
// the --eval file), its differences with the champion, and the figures
// per career.
func runEval(ctx context.Context, c Config, args []string, stdout, stderr io.Writer) error {
	fset := c.flags("eval", stderr, "db", "content")
	model := fset.String("model", "", "the `version` to evaluate (default: the champion, compared with the challenger if there is one)")
	file := fset.String("eval", "", "evaluate on this JSON Lines `file` of labelled entries instead of the bundled sets")
	career := fset.String("career", "", "the career the evaluation `slug` is labelled for (default: every career with a bundled set; "+classify.DevSetCareer+" with --eval)")
	if err := parseFlags(fset, args); err != nil {
		return err
	}
	db, rel, err := openRelevance(ctx, c.DB, c.Content)
	if err != nil {
		return err
	}
	defer db.Close()
	sets, err := lifecycle.EvalSets(*file, *career)
	if err != nil {
		return fmt.Errorf("eval: %w", err)
	}
	return lifecycle.Eval{Registry: db, Relevance: rel}.Run(ctx, *model, sets, stdout)
}
