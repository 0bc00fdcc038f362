package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/experiment/track"
	"github.com/careerpath/careerpath/stores"
)

const experimentsUsage = `Usage:
  careerpath experiments list   [--db PATH]
  careerpath experiments create [--db PATH] [--description TEXT] [--metric click|shortlist|compare]
                                [--arms relevance=5000,relevance-outcomes=5000] [--baseline P] [--mde D] KEY
  careerpath experiments phase  [--db PATH] --arms ARMS [--baseline P] [--mde D] KEY
  careerpath experiments stop   [--db PATH] KEY
  careerpath experiments report [--db PATH] KEY

A running server picks changes up within seconds.
`

// runExperiments handles "careerpath experiments …": finder experiments.
func runExperiments(ctx context.Context, c Config, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, experimentsUsage)
		return flag.ErrHelp
	}
	sub, args := args[0], args[1:]
	fset := c.flags("experiments "+sub, stderr, "db")
	description := fset.String("description", "", "what the experiment tests")
	metric := fset.String("metric", careerpath.EventClick, "the event `kind` whose share of visitors is compared")
	armsFlag := fset.String("arms", "relevance=5000,relevance-outcomes=5000", "rankings and weights in basis points, the control `first`")
	var plan track.PlanInput
	fset.Float64Var(&plan.Baseline, "baseline", 0, "expected conversion `rate` of the control (default 0.10), for the sample size")
	fset.Float64Var(&plan.MDE, "mde", 0, "smallest absolute `difference` worth detecting (default 0.02)")
	if err := parseFlags(fset, args); err != nil {
		return err
	}
	key := fset.Arg(0)
	if sub != "list" && fset.NArg() != 1 {
		return fmt.Errorf("experiments %s: want one KEY", sub)
	}
	db, err := stores.Open(ctx, c.DB)
	if err != nil {
		return err
	}
	defer db.Close()
	tr := track.New(db, track.Config{}, slog.New(slog.NewTextHandler(io.Discard, nil)))

	in := track.CommandInput{Description: *description, Metric: *metric, Arms: *armsFlag, Plan: plan, Editor: actorName()}
	if ok, err := track.Command(ctx, tr, sub, key, in, stdout); ok {
		return err
	}
	fmt.Fprint(stderr, experimentsUsage)
	return fmt.Errorf("unknown experiments command %q", sub)
}
