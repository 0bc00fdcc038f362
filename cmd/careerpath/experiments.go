package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"strings"
	"text/tabwriter"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/experiment"
	"github.com/careerpath/careerpath/experiment/track"
	"github.com/careerpath/careerpath/sqlite"
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
	db, err := sqlite.Open(ctx, c.DB)
	if err != nil {
		return err
	}
	defer db.Close()
	tr := track.New(db, track.Config{}, slog.New(slog.NewTextHandler(io.Discard, nil)))

	switch sub {
	case "list":
		es, err := tr.Experiments(ctx)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "KEY\tSTATUS\tMETRIC\tPHASE\tSINCE\tARMS")
		for _, e := range es {
			p := e.Current()
			fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\t%s\n", e.Key, e.Status, e.Metric, p.Number, p.StartedAt.Format("2006-01-02 15:04"), formatArms(p.Arms))
		}
		return tw.Flush()
	case "create", "phase":
		arms, err := parseArms(*armsFlag)
		if err != nil {
			return err
		}
		var e *careerpath.Experiment
		if sub == "create" {
			e, err = tr.Create(ctx, key, *description, *metric, arms, plan, actorName())
		} else {
			e, err = tr.NewPhase(ctx, key, arms, plan)
		}
		if err != nil {
			return err
		}
		p := e.Current()
		fmt.Fprintf(stdout, "%s: phase %d started, salt %s, arms %s, %d units per arm planned\n", e.Key, p.Number, p.Salt, formatArms(p.Arms), p.Plan.UnitsPerArm)
		return nil
	case "stop":
		e, err := tr.Stop(ctx, key)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%s: stopped after phase %d\n", e.Key, e.Current().Number)
		return nil
	case "report":
		e, r, err := tr.Experiment(ctx, key)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%s (%s), phase %d, metric %s\n\n", e.Key, e.Status, r.Phase, e.Metric)
		tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "ARM\tWEIGHT\tUNITS\tCONVERTED\tEVENTS\t")
		for _, a := range r.Arms {
			fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t\n", a.Arm, a.Weight, a.Units, a.Converted, a.Events)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "\nSample-ratio check: chi-square %.4g, df %d, p %.4g, mismatch %v\n", r.SRM.ChiSquare, r.SRM.DF, r.SRM.P, r.SRM.Mismatch)
		for _, c := range r.Comparisons {
			z, s := c.FixedHorizon, c.Sequential
			fmt.Fprintf(stdout, "%s vs %s: z-test difference %+.4f [%.4f, %.4f], p %.4g", c.Arm, r.Arms[0].Arm, z.Diff.Estimate, z.Diff.Low, z.Diff.High, z.P)
			if z.Lift != nil {
				fmt.Fprintf(stdout, ", lift %+.1f%% [%.1f%%, %.1f%%]", 100*z.Lift.Estimate, 100*z.Lift.Low, 100*z.Lift.High)
			}
			fmt.Fprintf(stdout, "; sequential always-valid p %.4g\n", s.P)
		}
		fmt.Fprintf(stdout, "Applies: %s. %s\n", r.Applies, r.Summary)
		return nil
	default:
		fmt.Fprint(stderr, experimentsUsage)
		return fmt.Errorf("unknown experiments command %q", sub)
	}
}

// parseArms reads "relevance=5000,relevance-outcomes=5000".
func parseArms(s string) ([]experiment.Arm, error) {
	var arms []experiment.Arm
	for _, part := range strings.Split(s, ",") {
		name, w, ok := strings.Cut(strings.TrimSpace(part), "=")
		n, err := strconv.Atoi(w)
		if !ok || err != nil {
			return nil, fmt.Errorf("--arms: want RANKING=BASIS_POINTS, comma-separated, not %q", part)
		}
		arms = append(arms, experiment.Arm{Name: name, Weight: n})
	}
	return arms, nil
}

func formatArms(arms []experiment.Arm) string {
	var parts []string
	for _, a := range arms {
		parts = append(parts, fmt.Sprintf("%s=%d", a.Name, a.Weight))
	}
	return strings.Join(parts, ",")
}
