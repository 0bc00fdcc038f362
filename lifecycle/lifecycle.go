// Package lifecycle is the policy of the trained classifier's lifecycle:
// a training run that evaluates, registers and gates a candidate, the
// promotion gate that compares it with the champion, the shadow decision
// that promotes a challenger, and the scheduled retrain; and in a server,
// the champion served (Champion), the challenger shadowed and the new
// champion guarded (LiveRollout). It is written
// against the domain's interfaces (careerpath.ModelRegistry, the label
// store), so that it runs on any store; cmd/careerpath only wires it.
package lifecycle

import (
	"bytes"
	"context"
	"fmt"
	"runtime/debug"
	"time"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/classify"
)

// Kind names the model family in the registry.
const Kind = "tfidf-logreg"

// RetrainActor is the actor of the events a scheduled retrain and a
// server's rollout log.
const RetrainActor = "retrain"

// DefaultMargin is how much worse than the champion a candidate may be on
// each gate figure (macro-F1 and recall of strong lower, share of none
// shown higher) and still become challenger: 0.01, about half an entry of
// the 54 of the evaluation set, so that noise-level differences pass and
// one more misclassified entry does not.
const DefaultMargin = 0.01

// DefaultPoll is how often a server checks the model aliases, so that a
// promotion in another process serves within seconds.
const DefaultPoll = 2 * time.Second

// Config is the lifecycle's policy and its injected dependencies. Its
// zero value is not meant for use: start from DefaultConfig, since a zero
// Margin is a (strict) gate of its own.
type Config struct {
	// Margin is the gate's margin (see DefaultMargin).
	Margin float64
	// Poll is how often a server checks the model aliases.
	Poll time.Duration
	// Now is the clock training times are measured with.
	Now func() time.Time
	// Step, when set, is called at each step of a training ("labels",
	// "trained", "registered"), for the tests that kill one midway.
	Step func(step string)
}

// DefaultConfig returns the lifecycle's production config.
func DefaultConfig() Config {
	return Config{Margin: DefaultMargin, Poll: DefaultPoll, Now: time.Now}
}

func (c Config) now() time.Time {
	if c.Now == nil {
		return time.Now()
	}
	return c.Now()
}

func (c Config) at(step string) {
	if c.Step != nil {
		c.Step(step)
	}
}

// Metrics are the figures a version is registered with: the evaluation on
// the bundled set, and the training figures.
type Metrics struct {
	EvalSet      string                 `json:"eval_set"`
	Career       string                 `json:"career"`
	N            int                    `json:"n"`
	Accuracy     float64                `json:"accuracy"`
	MacroF1      float64                `json:"macro_f1"`
	StrongRecall float64                `json:"strong_recall"`
	NoneShown    float64                `json:"none_shown"`
	Classes      []classify.ClassReport `json:"classes"`
	Confusion    [3][3]int              `json:"confusion"`
	Train        classify.TrainMetrics  `json:"train"`
	TrainSeconds float64                `json:"train_seconds"`
	// Labels are the figures on the editors' decisions the model did not
	// train on (retrain only).
	Labels *classify.LabelFigures `json:"labels,omitempty"`
}

// MetricsOf returns the registered figures of an evaluation, rounded to
// four decimals.
func MetricsOf(rep *classify.Report, train classify.TrainMetrics, took time.Duration) Metrics {
	r := func(v float64) float64 { return float64(int64(v*1e4+0.5)) / 1e4 }
	m := Metrics{
		EvalSet: classify.DevSetName, Career: rep.Career, N: rep.N,
		Accuracy: r(rep.Accuracy), MacroF1: r(rep.MacroF1), StrongRecall: r(rep.Class(careerpath.RelevanceStrong).Recall),
		NoneShown: r(rep.NoneShown), Confusion: rep.Confusion, Train: train, TrainSeconds: r(took.Seconds()),
	}
	for _, c := range rep.Classes {
		c.Precision, c.Recall, c.F1 = r(c.Precision), r(c.Recall), r(c.F1)
		m.Classes = append(m.Classes, c)
	}
	return m
}

// VersionConfig is the configuration a version is registered with: the
// training config, and the label set it learnt from.
type VersionConfig struct {
	classify.Config
	Labels *LabelSet `json:"labels,omitempty"`
}

// LabelSet says which editors' labels a version learnt from.
type LabelSet struct {
	Count   int    `json:"count"`    // labels in the registry at training time
	Trained int    `json:"trained"`  // fields of study trained on
	HeldOut int    `json:"held_out"` // labels held out for evaluation
	Skipped int    `json:"skipped"`  // fields of study the model has no class for
	Hash    string `json:"hash"`     // classify.LabelSplit.Hash
}

// CodeVersion is the VCS revision the binary was built from, "dev" when
// the build does not record one.
func CodeVersion() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "dev"
	}
	rev, dirty := "", false
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if rev == "" {
		return "dev"
	}
	if dirty {
		rev += "+dirty"
	}
	return rev
}

// LoadVersion reads a version's artifact from the registry (checked
// against its checksum) and loads it.
func LoadVersion(ctx context.Context, reg careerpath.ModelRegistry, version string) (*classify.Linear, error) {
	art, err := reg.ModelArtifact(ctx, version)
	if err != nil {
		return nil, err
	}
	m, err := classify.Load(bytes.NewReader(art))
	if err != nil {
		return nil, fmt.Errorf("model %s: %w", version, err)
	}
	return m, nil
}

// short is a hash's first twelve characters, for logs.
func short(h string) string {
	if len(h) > 12 {
		return h[:12]
	}
	return h
}
