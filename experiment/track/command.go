package track

import (
	"context"
	"fmt"
	"io"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/experiment"
)

// CommandInput is what "careerpath experiments create" and "phase" set
// beside the key: Arms in the form of experiment.ParseArms.
type CommandInput struct {
	Description, Metric, Arms string
	Plan                      PlanInput
	Editor                    string
}

// Command runs the subcommand sub of "careerpath experiments" (list,
// create, phase, stop, report) on the experiment key through t, writing
// what it did to w. ok is false, and nothing done, for another sub.
func Command(ctx context.Context, t *Tracker, sub, key string, in CommandInput, w io.Writer) (ok bool, err error) {
	switch sub {
	case "list":
		es, err := t.Experiments(ctx)
		if err != nil {
			return true, err
		}
		return true, WriteList(w, es)
	case "create", "phase":
		arms, err := experiment.ParseArms(in.Arms)
		if err != nil {
			return true, fmt.Errorf("--arms: %w", err)
		}
		var e *careerpath.Experiment
		if sub == "create" {
			e, err = t.Create(ctx, key, in.Description, in.Metric, arms, in.Plan, in.Editor)
		} else {
			e, err = t.NewPhase(ctx, key, arms, in.Plan)
		}
		if err != nil {
			return true, err
		}
		p := e.Current()
		fmt.Fprintf(w, "%s: phase %d started, salt %s, arms %s, %d units per arm planned\n", e.Key, p.Number, p.Salt, experiment.FormatArms(p.Arms), p.Plan.UnitsPerArm)
		return true, nil
	case "stop":
		e, err := t.Stop(ctx, key)
		if err != nil {
			return true, err
		}
		fmt.Fprintf(w, "%s: stopped after phase %d\n", e.Key, e.Current().Number)
		return true, nil
	case "report":
		e, r, err := t.Experiment(ctx, key)
		if err != nil {
			return true, err
		}
		fmt.Fprintf(w, "%s (%s), phase %d, metric %s\n\n", e.Key, e.Status, r.Phase, e.Metric)
		return true, r.WriteText(w)
	}
	return false, nil
}
