package experiment

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// Plan is what was decided before the experiment started: the level, and
// the sample size after which the fixed-horizon test may be read.
type Plan struct {
	// Alpha is the significance level; 0 means Alpha (0.05).
	Alpha float64 `json:"alpha"`
	// UnitsPerArm is the planned sample size per arm (see SampleSize).
	// Until every arm has reached it, only the sequential test applies.
	UnitsPerArm uint64 `json:"units_per_arm"`
	// Tau is the mixing standard deviation of the sequential test: the
	// absolute difference in conversion rate worth detecting, usually the
	// minimum detectable effect used for UnitsPerArm.
	Tau float64 `json:"tau"`
}

// ArmCounts is what was logged for one arm in one phase.
type ArmCounts struct {
	Arm    string `json:"arm"`
	Weight int    `json:"weight"` // basis points, from the phase
	// Units is the number of exposed units (visitors), each counted once
	// per phase.
	Units uint64 `json:"units"`
	// Converted is the number of those units with at least one event of
	// the metric (a click on a program, say); the tests compare
	// Converted/Units between arms.
	Converted uint64 `json:"converted"`
	// Events is the total number of events, for display: one unit may
	// click many times, so events are not independent and are not tested.
	Events uint64 `json:"events"`
}

// Comparison is one treatment arm against the control.
type Comparison struct {
	Arm          string           `json:"arm"`
	FixedHorizon ZTest            `json:"fixed_horizon"`
	Sequential   SequentialResult `json:"sequential"`
}

// Which tests a report's reader should read.
const (
	AppliesFixedHorizon = "fixed-horizon"
	AppliesSequential   = "sequential"
)

// Report is the analysis of one phase of an experiment.
type Report struct {
	Experiment string      `json:"experiment"`
	Phase      int         `json:"phase"`
	Plan       Plan        `json:"plan"`
	Arms       []ArmCounts `json:"arms"` // the first is the control
	SRM        SRMResult   `json:"srm"`
	// Comparisons holds each treatment arm against the control, without
	// correction for multiple comparisons: with more than one treatment,
	// read them as exploratory.
	Comparisons []Comparison `json:"comparisons"`
	// Applies is AppliesFixedHorizon once every arm has reached the planned
	// sample size, AppliesSequential before.
	Applies string `json:"applies"`
	// Summary says in a sentence or two which test applies and what it
	// shows, and warns first of a sample-ratio mismatch.
	Summary string `json:"summary"`
}

// Analyze reports on one phase: the sample-ratio check over all arms, then
// each treatment arm (arms[1:]) against the control (arms[0]) with the
// fixed-horizon z-test and the sequential test.
//
// prev is the previous report of the same experiment, or nil: the
// sequential p-value is a running minimum over looks, so each daily report
// carries it forward. A previous report of another phase is ignored.
func Analyze(experiment string, phase int, arms []ArmCounts, plan Plan, prev *Report) (Report, error) {
	if len(arms) < 2 {
		return Report{}, errors.New("experiment: a report needs a control and at least one treatment")
	}
	if plan.Alpha == 0 {
		plan.Alpha = Alpha
	}
	if !(plan.Tau > 0) {
		return Report{}, errors.New("experiment: plan without a mixing parameter τ for the sequential test")
	}
	if plan.UnitsPerArm == 0 {
		return Report{}, errors.New("experiment: plan without a sample size")
	}
	r := Report{Experiment: experiment, Phase: phase, Plan: plan, Arms: arms, Applies: AppliesFixedHorizon}
	units := make([]uint64, len(arms))
	weights := make([]int, len(arms))
	for i, a := range arms {
		units[i], weights[i] = a.Units, a.Weight
		if a.Units < plan.UnitsPerArm {
			r.Applies = AppliesSequential
		}
	}
	r.SRM = SRM(units, weights)

	prevP := map[string]float64{}
	if prev != nil && prev.Experiment == experiment && prev.Phase == phase {
		for _, c := range prev.Comparisons {
			prevP[c.Arm] = c.Sequential.P
		}
	}
	control := arms[0]
	for _, a := range arms[1:] {
		c := Comparison{Arm: a.Arm}
		if control.Units > 0 && a.Units > 0 {
			var err error
			if c.FixedHorizon, err = TwoProportion(control.Converted, control.Units, a.Converted, a.Units, plan.Alpha); err != nil {
				return Report{}, fmt.Errorf("arm %s: %w", a.Arm, err)
			}
			if c.Sequential, err = MSPRT(control.Converted, control.Units, a.Converted, a.Units, plan.Tau, plan.Alpha, prevP[a.Arm]); err != nil {
				return Report{}, fmt.Errorf("arm %s: %w", a.Arm, err)
			}
		} else {
			if a.Converted > a.Units || control.Converted > control.Units {
				return Report{}, fmt.Errorf("arm %s: more conversions than units", a.Arm)
			}
			c.FixedHorizon = ZTest{P: 1}
			c.Sequential = SequentialResult{Tau: plan.Tau, P: 1}
			if p, ok := prevP[a.Arm]; ok && p > 0 {
				c.Sequential.P = p
			}
		}
		r.Comparisons = append(r.Comparisons, c)
	}
	r.Summary = r.summary()
	return r, nil
}

func (r Report) summary() string {
	var b strings.Builder
	if r.SRM.Mismatch {
		fmt.Fprintf(&b, "Sample-ratio mismatch (chi-square p = %.3g < %g): units are not split as the weights say, so assignment or exposure logging is broken and no test below can be trusted. ", r.SRM.P, SRMAlpha)
	}
	least := r.Arms[0].Units
	for _, a := range r.Arms {
		least = min(least, a.Units)
	}
	var parts []string
	if r.Applies == AppliesFixedHorizon {
		fmt.Fprintf(&b, "Every arm has reached the planned %d units, so the fixed-horizon z-test applies (α = %g): ", r.Plan.UnitsPerArm, r.Plan.Alpha)
		for _, c := range r.Comparisons {
			z := c.FixedHorizon
			parts = append(parts, fmt.Sprintf("%s vs %s %s (difference %+.4g, %g%% CI [%.4g, %.4g], p = %.3g)", c.Arm, r.Arms[0].Arm,
				verdict(z.Significant), z.Diff.Estimate, 100*(1-r.Plan.Alpha), z.Diff.Low, z.Diff.High, z.P))
		}
	} else {
		fmt.Fprintf(&b, "The smallest arm has %d of the planned %d units, so read the sequential test, which stays valid however often it is looked at; the fixed-horizon p-value is not valid before the plan is reached (α = %g): ", least, r.Plan.UnitsPerArm, r.Plan.Alpha)
		for _, c := range r.Comparisons {
			s := c.Sequential
			parts = append(parts, fmt.Sprintf("%s vs %s %s (difference %+.4g, always-valid p = %.3g)", c.Arm, r.Arms[0].Arm,
				verdict(s.Significant), s.Diff.Estimate, s.P))
		}
	}
	b.WriteString(strings.Join(parts, "; "))
	b.WriteString(".")
	return b.String()
}

func verdict(significant bool) string {
	if significant {
		return "differs significantly"
	}
	return "shows no significant difference"
}

// WriteText writes the report as careerpath experiments report prints
// it: per arm its units and conversions, the sample-ratio check, each
// treatment against the control by both tests, and which test applies.
func (r Report) WriteText(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "ARM\tWEIGHT\tUNITS\tCONVERTED\tEVENTS\t")
	for _, a := range r.Arms {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t\n", a.Arm, a.Weight, a.Units, a.Converted, a.Events)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(w, "\nSample-ratio check: chi-square %.4g, df %d, p %.4g, mismatch %v\n", r.SRM.ChiSquare, r.SRM.DF, r.SRM.P, r.SRM.Mismatch)
	for _, c := range r.Comparisons {
		z, s := c.FixedHorizon, c.Sequential
		fmt.Fprintf(w, "%s vs %s: z-test difference %+.4f [%.4f, %.4f], p %.4g", c.Arm, r.Arms[0].Arm, z.Diff.Estimate, z.Diff.Low, z.Diff.High, z.P)
		if z.Lift != nil {
			fmt.Fprintf(w, ", lift %+.1f%% [%.1f%%, %.1f%%]", 100*z.Lift.Estimate, 100*z.Lift.Low, 100*z.Lift.High)
		}
		fmt.Fprintf(w, "; sequential always-valid p %.4g\n", s.P)
	}
	_, err := fmt.Fprintf(w, "Applies: %s. %s\n", r.Applies, r.Summary)
	return err
}
