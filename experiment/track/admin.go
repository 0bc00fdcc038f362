package track

import (
	"context"
	"fmt"
	"io"
	"text/tabwriter"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/experiment"
)

// PlanInput is what an editor decides before a phase starts; zero values
// take the defaults: α 0.05, a baseline rate of 10 % and a minimum
// detectable effect of 2 points, at 80 % power.
type PlanInput struct {
	Alpha    float64 `json:"alpha"`
	Baseline float64 `json:"baseline"`
	MDE      float64 `json:"mde"`
}

// Plan turns the input into an experiment.Plan: the sample size per arm
// of the fixed-horizon test, and the effect the sequential test mixes over.
func (in PlanInput) Plan() (experiment.Plan, error) {
	if in.Alpha == 0 {
		in.Alpha = experiment.Alpha
	}
	if in.Baseline == 0 {
		in.Baseline = 0.10
	}
	if in.MDE == 0 {
		in.MDE = 0.02
	}
	n, err := experiment.SampleSize(in.Baseline, in.MDE, in.Alpha, 0.8)
	if err != nil {
		return experiment.Plan{}, careerpath.Errorf(careerpath.EINVALID, "plan: %v.", err)
	}
	return experiment.Plan{Alpha: in.Alpha, UnitsPerArm: n, Tau: in.MDE}, nil
}

// Create starts a new experiment; ECONFLICT while another runs.
func (t *Tracker) Create(ctx context.Context, key, description, metric string, arms []experiment.Arm, plan PlanInput, editor string) (*careerpath.Experiment, error) {
	if err := careerpath.ValidateExperiment(key, metric, arms); err != nil {
		return nil, err
	}
	p, err := plan.Plan()
	if err != nil {
		return nil, err
	}
	es, err := t.svc.FindExperiments(ctx)
	if err != nil {
		return nil, err
	}
	for _, e := range es {
		if e.Status == careerpath.ExperimentRunning && e.Key != key {
			return nil, careerpath.Errorf(careerpath.ECONFLICT, "Experiment %q is running: stop it first (one finder experiment runs at a time).", e.Key)
		}
	}
	e := &careerpath.Experiment{Key: key, Description: description, Metric: metric, CreatedBy: editor,
		Phases: []careerpath.ExperimentPhase{{Arms: arms, Plan: p}}}
	if err := t.svc.CreateExperiment(ctx, e); err != nil {
		return nil, err
	}
	return e, t.Refresh(ctx)
}

// NewPhase starts a new phase of a running experiment with new arms or
// weights, under a new salt.
func (t *Tracker) NewPhase(ctx context.Context, key string, arms []experiment.Arm, plan PlanInput) (*careerpath.Experiment, error) {
	p, err := plan.Plan()
	if err != nil {
		return nil, err
	}
	e, err := t.svc.StartExperimentPhase(ctx, key, arms, p)
	if err != nil {
		return nil, err
	}
	return e, t.Refresh(ctx)
}

// Stop stops an experiment: every visitor gets the default ranking again.
func (t *Tracker) Stop(ctx context.Context, key string) (*careerpath.Experiment, error) {
	e, err := t.svc.StopExperiment(ctx, key)
	if err != nil {
		return nil, err
	}
	return e, t.Refresh(ctx)
}

// Experiments returns every experiment.
func (t *Tracker) Experiments(ctx context.Context) ([]*careerpath.Experiment, error) {
	return t.svc.FindExperiments(ctx)
}

// Experiment returns one experiment and the report of its current phase.
// The latest report of each day is kept, so that the sequential test's
// always-valid p-value is the running minimum over daily looks.
func (t *Tracker) Experiment(ctx context.Context, key string) (*careerpath.Experiment, *experiment.Report, error) {
	e, err := t.svc.FindExperiment(ctx, key)
	if err != nil {
		return nil, nil, err
	}
	p := e.Current()
	counts, err := t.svc.ExperimentCounts(ctx, key, p.Number)
	if err != nil {
		return nil, nil, err
	}
	today := t.now().UTC().Format("2006-01-02")
	prev, err := t.svc.LastExperimentReport(ctx, key, p.Number, today)
	if err != nil {
		return nil, nil, err
	}
	r, err := experiment.Analyze(key, p.Number, counts, p.Plan, prev)
	if err != nil {
		return nil, nil, err
	}
	if err := t.svc.SaveExperimentReport(ctx, today, &r); err != nil {
		return nil, nil, err
	}
	return e, &r, nil
}

// WriteList writes experiments as a table: each one's status, metric and
// current phase with its arms.
func WriteList(w io.Writer, es []*careerpath.Experiment) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "KEY\tSTATUS\tMETRIC\tPHASE\tSINCE\tARMS")
	for _, e := range es {
		p := e.Current()
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\t%s\n", e.Key, e.Status, e.Metric, p.Number, p.StartedAt.Format("2006-01-02 15:04"), experiment.FormatArms(p.Arms))
	}
	return tw.Flush()
}
