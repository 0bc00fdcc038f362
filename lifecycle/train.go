package lifecycle

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"log/slog"
	"time"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/classify"
	"github.com/careerpath/careerpath/monitor"
	"github.com/careerpath/careerpath/relevance"
)

// Training is one training run: what to train and whom to tell.
type Training struct {
	// Config is the lifecycle's policy (margin, clock, step hook).
	Config  Config
	Release fs.FS
	// Relevance is the crosswalk rule the model is evaluated with.
	Relevance *relevance.Rule
	// Train is the classifier's training config.
	Train classify.Config
	Seed  uint64
	Actor string
	// Promote makes the candidate champion when it passes the gate,
	// instead of challenger.
	Promote bool
	Log     *slog.Logger
	// Labels are the editors' decisions a retraining learns from and is
	// evaluated on; nil trains on the bundled data alone.
	Labels *classify.LabelSplit
	// DryRun trains, evaluates and gates, but registers nothing.
	DryRun bool
	// SkipKnown trains nothing when a registered version was trained from
	// the same data with the same config and seed: it would be the same
	// model (a scheduled retrain with no new labels).
	SkipKnown bool
	// rule, when set (Scheduled), replaces Relevance at each round of
	// Schedule, so that a server's retrain follows a new release.
	rule func() *relevance.Rule
}

// ErrNothingNew is a retrain skipped by SkipKnown.
type ErrNothingNew struct{ Version string }

func (e ErrNothingNew) Error() string {
	return "nothing new to learn: " + e.Version + " was trained from the same data, config and seed"
}

// Outcome is what a training did.
type Outcome struct {
	Version  *careerpath.ModelVersion
	Model    *classify.Linear
	Report   *classify.Report
	Metrics  Metrics
	Took     time.Duration
	Gate     GateResult
	Event    *careerpath.ModelEvent // the alias move or the refusal
	Champion bool                   // the candidate is champion now
	Labels   *LabelSet              // the editors' labels it learnt from (retrain)
}

// knownVersion returns a registered version trained from data with the
// run's config and seed, "" if there is none.
func (t Training) knownVersion(ctx context.Context, reg careerpath.ModelRegistry, dataHash string) (string, error) {
	vs, err := reg.FindModelVersions(ctx)
	if err != nil {
		return "", err
	}
	want, _ := json.Marshal(t.Train)
	for _, v := range vs {
		var c VersionConfig
		if v.DataHash != dataHash || v.Seed != int64(t.Seed) || v.Kind != Kind || json.Unmarshal(v.Config, &c) != nil {
			continue
		}
		if got, _ := json.Marshal(c.Config); string(got) == string(want) {
			return v.Version, nil
		}
	}
	return "", nil
}

// trainingData is the bundled training data, with the labels' fields of
// study added as catalog examples when the run has labels.
func (t Training) trainingData() (*classify.TrainingData, *LabelSet, error) {
	d, err := classify.DefaultTrainingData(t.Release)
	if err != nil {
		return nil, nil, fmt.Errorf("training data: %w", err)
	}
	if t.Labels == nil {
		return d, nil, nil
	}
	added, skipped := d.AddCatalogLines(t.Labels.Train)
	for _, l := range skipped {
		t.Log.Warn("editor label not trained on: its field of study is not a class of the model", "program", l.Program, "cip", l.CIP)
	}
	return d, &LabelSet{Count: t.Labels.Count, Trained: added, HeldOut: t.Labels.HeldOut, Skipped: len(skipped), Hash: t.Labels.Hash}, nil
}

// figures are a model's gate figures: on the evaluation set (rep), and
// on the held-out labels when the run has labels.
func (t Training) figures(m classify.Model, rep *classify.Report) GateFigures {
	f := FiguresOf(rep)
	if t.Labels != nil {
		lf := t.Labels.Evaluate(t.Relevance, m)
		f.Labels = &lf
	}
	return f
}

// Run trains a model, evaluates it on the bundled evaluation set,
// registers it and applies the gate.
func (t Training) Run(ctx context.Context, reg careerpath.ModelRegistry) (*Outcome, error) {
	d, labels, err := t.trainingData()
	if err != nil {
		return nil, err
	}
	if t.SkipKnown {
		v, err := t.knownVersion(ctx, reg, d.Hash())
		if err != nil {
			return nil, err
		}
		if v != "" {
			return nil, ErrNothingNew{v}
		}
	}
	dev, err := classify.DevSet()
	if err != nil {
		return nil, fmt.Errorf("evaluation set: %w", err)
	}
	t.Log.Info("training the classifier", "examples", len(d.Examples), "classes", len(d.Classes), "seed", t.Seed, "epochs", t.Train.Epochs)
	start := t.Config.now()
	lastLogged := 0
	m, err := classify.TrainProgress(d, t.Train, t.Seed, func(done, total int) {
		if pct := done * 100 / total; pct-lastLogged >= 25 || done == total {
			lastLogged = pct
			t.Log.Info("training the classifier", "epochs_done", done, "epochs", total, "percent", pct, "elapsed_ms", t.Config.now().Sub(start).Milliseconds())
		}
	})
	if err != nil {
		return nil, err
	}
	out := &Outcome{Model: m, Took: t.Config.now().Sub(start), Labels: labels}
	t.Config.at("trained")
	var art bytes.Buffer
	if err := m.Save(&art); err != nil {
		return nil, err
	}
	out.Report = classify.Evaluate(t.Relevance, classify.DevSetCareer, m, dev, classify.MinConfidence)
	out.Metrics = MetricsOf(out.Report, m.Meta().Metrics, out.Took)
	out.Metrics.Labels = t.figures(m, out.Report).Labels
	cfgJSON, _ := json.Marshal(VersionConfig{Config: t.Train, Labels: labels})
	metricsJSON, _ := json.Marshal(out.Metrics)
	ref, err := monitor.DefaultReference(m) // histograms drift is measured against
	if err != nil {
		return nil, fmt.Errorf("reference histograms: %w", err)
	}
	out.Version = &careerpath.ModelVersion{
		Kind: Kind, DataHash: m.Meta().DataHash, Config: cfgJSON, Seed: int64(t.Seed),
		SchemaHash: m.Meta().Schema, CodeVersion: CodeVersion(), Metrics: metricsJSON, Reference: ref,
	}
	if t.DryRun {
		sum := sha256.Sum256(art.Bytes())
		out.Version.Size, out.Version.Checksum = art.Len(), hex.EncodeToString(sum[:])
		out.Gate, err = t.gate(ctx, reg, dev, out)
		return out, err
	}
	if err := reg.CreateModelVersion(ctx, out.Version, art.Bytes(), t.Actor); err != nil {
		return nil, err
	}
	t.Config.at("registered")
	t.Log.Info("registered the classifier", "version", out.Version.Version, "model", m.Version(), "checksum", out.Version.Checksum,
		"size", out.Version.Size, "train_ms", out.Took.Milliseconds(), "macro_f1", out.Metrics.MacroF1, "strong_recall", out.Metrics.StrongRecall)
	if err := t.applyGate(ctx, reg, dev, out); err != nil {
		return out, err
	}
	return out, nil
}
