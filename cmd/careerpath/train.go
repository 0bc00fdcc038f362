package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	careerpath "github.com/careerpath/careerpath"
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
	cfg, err := classify.ParseConfig(c.TrainConfig)
	if err != nil {
		return err
	}
	release, err := c.release()
	if err != nil {
		return err
	}
	db, rel, err := openRelevance(ctx, c.DB, c.Content)
	if err != nil {
		return err
	}
	defer db.Close()
	t := lifecycle.Training{Config: c.Lifecycle, Release: release, Relevance: rel, Train: cfg, Seed: *seed, Actor: actorName(),
		Promote: *promote, DryRun: *dryRun, Log: newLogger(stderr, c.LogLevel)}
	var out *lifecycle.Outcome
	if name == "retrain" {
		out, err = retrain(ctx, db, t)
	} else {
		out, err = t.Run(ctx, db)
	}
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
	sets, err := evalSets(*file, *career)
	if err != nil {
		return fmt.Errorf("eval: %w", err)
	}
	for _, set := range sets {
		if !rel.Has(set.Career) {
			return fmt.Errorf("eval: no career %q", set.Career)
		}
	}

	champion, err := db.Alias(ctx, careerpath.AliasChampion)
	if err != nil && careerpath.ErrorCode(err) != careerpath.ENOTFOUND {
		return err
	}
	shown, err := lifecycle.ResolveVersion(ctx, db, *model)
	if err != nil {
		return err
	}
	// The version shown is compared with the champion; the champion, when
	// shown, with the challenger if there is one.
	base, candidate := champion, shown
	if shown == champion {
		candidate = ""
		if ch, err := db.Alias(ctx, careerpath.AliasChallenger); err == nil && ch != champion {
			candidate = ch
		}
	}
	models := map[string]classify.Model{}
	evaluate := func(version string, set classify.LabelledSet) (*classify.Report, error) {
		m, ok := models[version]
		if !ok {
			if m, err = lifecycle.LoadVersion(ctx, db, version); err != nil {
				return nil, err
			}
			models[version] = m
		}
		rep := classify.Evaluate(rel, set.Career, m, set.Entries, classify.MinConfidence)
		rep.Model = version + " (" + m.Version() + ")"
		return rep, nil
	}
	var reports []*classify.Report
	for i, set := range sets {
		if i > 0 {
			fmt.Fprintln(stdout)
		}
		rep, err := evaluate(shown, set)
		if err != nil {
			return err
		}
		reports = append(reports, rep)
		fmt.Fprintf(stdout, "== %s\n", set.Name)
		fmt.Fprint(stdout, rep.String())
		if base == "" || candidate == "" {
			continue
		}
		before, after := rep, rep
		if shown == base {
			after, err = evaluate(candidate, set)
		} else {
			before, err = evaluate(base, set)
		}
		if err != nil {
			return fmt.Errorf("eval: %w", err)
		}
		fmt.Fprintln(stdout)
		classify.WriteDiff(stdout, base, candidate, before, after)
	}
	if len(reports) > 1 {
		fmt.Fprintln(stdout)
		classify.WritePerCareer(stdout, shown, reports)
	}
	return nil
}

// evalSets returns the labelled sets eval runs on: the file, labelled for
// career (ML engineer by default); else the bundled set of career; else
// every bundled set.
func evalSets(file, career string) ([]classify.LabelledSet, error) {
	if file != "" {
		f, err := os.Open(file)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		es, err := classify.ReadLabelled(f)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", file, err)
		}
		if career == "" {
			career = classify.DevSetCareer
		}
		return []classify.LabelledSet{{Name: filepath.Base(file), Career: career, Entries: es}}, nil
	}
	sets, err := classify.DevSets()
	if err != nil || career == "" {
		return sets, err
	}
	for _, s := range sets {
		if s.Career == career {
			return []classify.LabelledSet{s}, nil
		}
	}
	var have []string
	for _, s := range sets {
		have = append(have, s.Career)
	}
	return nil, fmt.Errorf("no bundled evaluation set for career %q (sets: %s); give one with --eval FILE", career, strings.Join(have, ", "))
}
