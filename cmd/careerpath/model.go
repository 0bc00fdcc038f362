package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"runtime/debug"
	"strings"
	"time"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/classify"
	"github.com/careerpath/careerpath/content"
	"github.com/careerpath/careerpath/monitor"
	"github.com/careerpath/careerpath/registry"
	"github.com/careerpath/careerpath/relevance"
	"github.com/careerpath/careerpath/sqlite"
)

// modelKind names the model family in the registry.
const modelKind = "tfidf-logreg"

// gateMargin is how much worse than the champion a candidate may be on
// each gate figure (macro-F1 and recall of strong lower, share of none
// shown higher) and still become challenger: 0.01, about half an entry of
// the 54 of the evaluation set, so that noise-level differences pass and
// one more misclassified entry does not.
const gateMargin = 0.01

// modelPoll is how often a server checks the champion alias, so that a
// promotion in another process serves within seconds.
const modelPoll = 2 * time.Second

// modelMetrics are the figures a version is registered with: the
// evaluation on the bundled set, and the training figures.
type modelMetrics struct {
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

func metricsOf(rep *classify.Report, train classify.TrainMetrics, took time.Duration) modelMetrics {
	r := func(v float64) float64 { return float64(int64(v*1e4+0.5)) / 1e4 }
	m := modelMetrics{
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

// trainConfig returns classify.DefaultConfig with the fields of spec
// overlaid: spec is "" (the default), a JSON object, or @FILE holding one.
func trainConfig(spec string) (classify.Config, error) {
	cfg := classify.DefaultConfig()
	if spec == "" {
		return cfg, nil
	}
	b := []byte(spec)
	if name, ok := strings.CutPrefix(spec, "@"); ok {
		var err error
		if b, err = os.ReadFile(name); err != nil {
			return cfg, fmt.Errorf("training config: %w", err)
		}
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&cfg); err != nil {
		return cfg, fmt.Errorf("training config %q: %w", spec, err)
	}
	return cfg, nil
}

// codeVersion is the VCS revision the binary was built from, "dev" when
// the build does not record one.
func codeVersion() string {
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

// careersOf returns the careers of the guides in dir (the built-in ones
// when dir is "").
func careersOf(dir string) ([]*careerpath.Career, error) {
	files, err := contentFS(dir)
	if err != nil {
		return nil, err
	}
	careers, err := content.Load(files)
	if err != nil {
		return nil, fmt.Errorf("career guides: %w", err)
	}
	return careers, nil
}

// relevanceModel is the relevance rule over the database's crosswalk and
// CIP titles, the same one the program finder uses.
func relevanceModel(ctx context.Context, db *sqlite.DB, careers []*careerpath.Career) (*relevance.Model, error) {
	crosswalk, err := db.Crosswalk(ctx)
	if err != nil {
		return nil, err
	}
	titles, err := db.CIPTitles(ctx)
	if err != nil {
		return nil, err
	}
	return relevance.New(careers, crosswalk, titles), nil
}

// importedRelevance is relevanceModel for the commands that need the open
// data: a database without CIP codes is an error that says what to do.
func importedRelevance(ctx context.Context, db *sqlite.DB, careers []*careerpath.Career) (*relevance.Model, error) {
	titles, err := db.CIPTitles(ctx)
	if err != nil {
		return nil, err
	}
	if len(titles) == 0 {
		return nil, errors.New("the database holds no CIP codes: run \"careerpath import\" first")
	}
	return relevanceModel(ctx, db, careers)
}

// openRelevance opens an imported database and builds the relevance model
// of the career guides (those of contentDir, or the built-in ones) over it,
// as train, eval and classify need.
func openRelevance(ctx context.Context, dbPath, contentDir string) (*sqlite.DB, *relevance.Model, error) {
	careers, err := careersOf(contentDir)
	if err != nil {
		return nil, nil, err
	}
	db, err := openExisting(ctx, dbPath)
	if err != nil {
		return nil, nil, err
	}
	rel, err := importedRelevance(ctx, db, careers)
	if err != nil {
		db.Close()
		return nil, nil, err
	}
	return db, rel, nil
}

// loadVersion reads a version's artifact from the registry (checked
// against its checksum) and loads it.
func loadVersion(ctx context.Context, db careerpath.ModelRegistry, version string) (*classify.Linear, error) {
	art, err := db.ModelArtifact(ctx, version)
	if err != nil {
		return nil, err
	}
	m, err := classify.Load(bytes.NewReader(art))
	if err != nil {
		return nil, fmt.Errorf("model %s: %w", version, err)
	}
	return m, nil
}

// resolveVersion returns version, or the champion's when version is "".
func resolveVersion(ctx context.Context, db careerpath.ModelRegistry, version string) (string, error) {
	if version != "" && version != careerpath.AliasChampion && version != careerpath.AliasChallenger {
		return version, nil
	}
	alias := orDefault(version, careerpath.AliasChampion)
	v, err := db.Alias(ctx, alias)
	if careerpath.ErrorCode(err) == careerpath.ENOTFOUND {
		return "", fmt.Errorf("no model is %s: train one with \"careerpath train\"", alias)
	}
	return v, err
}

// trainRun is one training: what to train and whom to tell.
type trainRun struct {
	release fs.FS
	rel     *relevance.Model
	config  classify.Config
	seed    uint64
	actor   string
	// promote makes the candidate champion when it passes the gate,
	// instead of challenger.
	promote bool
	log     *slog.Logger
	// labels are the editors' decisions a retraining learns from and is
	// evaluated on; nil trains on the bundled data alone.
	labels *classify.LabelSplit
	// dryRun trains, evaluates and gates, but registers nothing.
	dryRun bool
	// skipKnown trains nothing when a registered version was trained from
	// the same data with the same config and seed: it would be the same
	// model (a scheduled retrain with no new labels).
	skipKnown bool
}

// errNothingNew is a retrain skipped by skipKnown.
type errNothingNew struct{ version string }

func (e errNothingNew) Error() string {
	return "nothing new to learn: " + e.version + " was trained from the same data, config and seed"
}

// knownVersion returns a registered version trained from data with the
// run's config and seed, "" if there is none.
func (t trainRun) knownVersion(ctx context.Context, db careerpath.ModelRegistry, dataHash string) (string, error) {
	vs, err := db.FindModelVersions(ctx)
	if err != nil {
		return "", err
	}
	want, _ := json.Marshal(t.config)
	for _, v := range vs {
		var c versionConfig
		if v.DataHash != dataHash || v.Seed != int64(t.seed) || v.Kind != modelKind || json.Unmarshal(v.Config, &c) != nil {
			continue
		}
		if got, _ := json.Marshal(c.Config); string(got) == string(want) {
			return v.Version, nil
		}
	}
	return "", nil
}

// versionConfig is the configuration a version is registered with: the
// training config, and the label set it learnt from.
type versionConfig struct {
	classify.Config
	Labels *labelSet `json:"labels,omitempty"`
}

// labelSet says which editors' labels a version learnt from.
type labelSet struct {
	Count   int    `json:"count"`    // labels in the registry at training time
	Trained int    `json:"trained"`  // fields of study trained on
	HeldOut int    `json:"held_out"` // labels held out for evaluation
	Skipped int    `json:"skipped"`  // fields of study the model has no class for
	Hash    string `json:"hash"`     // classify.LabelSplit.Hash
}

// trainingData is the bundled training data, with the labels' fields of
// study added as catalog examples when the run has labels.
func (t trainRun) trainingData() (*classify.TrainingData, *labelSet, error) {
	d, err := classify.DefaultTrainingData(t.release)
	if err != nil {
		return nil, nil, fmt.Errorf("training data: %w", err)
	}
	if t.labels == nil {
		return d, nil, nil
	}
	added, skipped := d.AddCatalogLines(t.labels.Train)
	for _, l := range skipped {
		t.log.Warn("editor label not trained on: its field of study is not a class of the model", "program", l.Program, "cip", l.CIP)
	}
	return d, &labelSet{Count: t.labels.Count, Trained: added, HeldOut: t.labels.HeldOut, Skipped: len(skipped), Hash: t.labels.Hash}, nil
}

// figures are a model's gate figures: on the evaluation set (rep), and
// on the held-out labels when the run has labels.
func (t trainRun) figures(m classify.Model, rep *classify.Report) gateFigures {
	f := figuresOf(rep)
	if t.labels != nil {
		lf := t.labels.Evaluate(t.rel, m)
		f.Labels = &lf
	}
	return f
}

// at marks a step of a training, for the tests that kill one midway.
func (t trainRun) at(step string) {
	if stepHook != nil {
		stepHook(step)
	}
}

// stepHook, when set (by tests only), is called at each step of a
// training.
var stepHook func(step string)

// trainOutcome is what a training did.
type trainOutcome struct {
	Version  *careerpath.ModelVersion
	Model    *classify.Linear
	Report   *classify.Report
	Metrics  modelMetrics
	Took     time.Duration
	Gate     gateResult
	Event    *careerpath.ModelEvent // the alias move or the refusal
	Champion bool                   // the candidate is champion now
	Labels   *labelSet              // the editors' labels it learnt from (retrain)
}

// train trains a model, evaluates it on the bundled evaluation set,
// registers it and applies the gate.
func (t trainRun) train(ctx context.Context, db careerpath.ModelRegistry) (*trainOutcome, error) {
	d, labels, err := t.trainingData()
	if err != nil {
		return nil, err
	}
	if t.skipKnown {
		v, err := t.knownVersion(ctx, db, d.Hash())
		if err != nil {
			return nil, err
		}
		if v != "" {
			return nil, errNothingNew{v}
		}
	}
	dev, err := classify.DevSet()
	if err != nil {
		return nil, fmt.Errorf("evaluation set: %w", err)
	}
	t.log.Info("training the relevance model", "examples", len(d.Examples), "classes", len(d.Classes), "seed", t.seed, "epochs", t.config.Epochs)
	start := time.Now()
	lastLogged := 0
	m, err := classify.TrainProgress(d, t.config, t.seed, func(done, total int) {
		if pct := done * 100 / total; pct-lastLogged >= 25 || done == total {
			lastLogged = pct
			t.log.Info("training the relevance model", "epochs_done", done, "epochs", total, "percent", pct, "elapsed_ms", time.Since(start).Milliseconds())
		}
	})
	if err != nil {
		return nil, err
	}
	out := &trainOutcome{Model: m, Took: time.Since(start), Labels: labels}
	t.at("trained")
	var art bytes.Buffer
	if err := m.Save(&art); err != nil {
		return nil, err
	}
	out.Report = classify.Evaluate(t.rel, classify.DevSetCareer, m, dev, classify.MinConfidence)
	out.Metrics = metricsOf(out.Report, m.Meta().Metrics, out.Took)
	out.Metrics.Labels = t.figures(m, out.Report).Labels
	cfgJSON, _ := json.Marshal(versionConfig{Config: t.config, Labels: labels})
	metricsJSON, _ := json.Marshal(out.Metrics)
	ref, err := monitor.DefaultReference(m) // histograms drift is measured against
	if err != nil {
		return nil, fmt.Errorf("reference histograms: %w", err)
	}
	out.Version = &careerpath.ModelVersion{
		Kind: modelKind, DataHash: m.Meta().DataHash, Config: cfgJSON, Seed: int64(t.seed),
		SchemaHash: m.Meta().Schema, CodeVersion: codeVersion(), Metrics: metricsJSON, Reference: ref,
	}
	if t.dryRun {
		sum := sha256.Sum256(art.Bytes())
		out.Version.Size, out.Version.Checksum = art.Len(), hex.EncodeToString(sum[:])
		out.Gate, err = t.gate(ctx, db, dev, out)
		return out, err
	}
	if err := db.CreateModelVersion(ctx, out.Version, art.Bytes(), t.actor); err != nil {
		return nil, err
	}
	t.at("registered")
	t.log.Info("registered the relevance model", "version", out.Version.Version, "model", m.Version(), "checksum", out.Version.Checksum,
		"size", out.Version.Size, "train_ms", out.Took.Milliseconds(), "macro_f1", out.Metrics.MacroF1, "strong_recall", out.Metrics.StrongRecall)
	if err := t.applyGate(ctx, db, dev, out); err != nil {
		return out, err
	}
	return out, nil
}

// gateFigures are the figures the gate compares.
type gateFigures struct {
	MacroF1      float64 `json:"macro_f1"`
	StrongRecall float64 `json:"strong_recall"`
	NoneShown    float64 `json:"none_shown"`
	// Labels are the figures on held-out editors' decisions (retrain).
	Labels *classify.LabelFigures `json:"labels,omitempty"`
}

func figuresOf(rep *classify.Report) gateFigures {
	return gateFigures{MacroF1: rep.MacroF1, StrongRecall: rep.Class(careerpath.RelevanceStrong).Recall, NoneShown: rep.NoneShown}
}

// gateResult is the comparison of a candidate with the champion.
type gateResult struct {
	Champion  string       `json:"champion,omitempty"` // "" when there was none
	Candidate string       `json:"candidate"`
	Margin    float64      `json:"margin"`
	Before    *gateFigures `json:"champion_figures,omitempty"`
	After     gateFigures  `json:"candidate_figures"`
	Failures  []string     `json:"failures,omitempty"`
	// Source says where the champion's figures come from: "evaluated"
	// (its artifact, on today's evaluation set) or "registered" (its
	// metrics at registration, when the artifact does not load).
	Source string `json:"source,omitempty"`
}

// Passed reports whether the candidate may take an alias.
func (g gateResult) Passed() bool { return len(g.Failures) == 0 }

// compare applies the gate rule: the candidate is refused if its
// macro-F1 or recall of strong is lower than the champion's by more than
// margin, or its share of none shown as strong or related higher by more
// than margin.
func compare(before, after gateFigures, margin float64) []string {
	var fails []string
	const eps = 1e-9
	if after.MacroF1 < before.MacroF1-margin-eps {
		fails = append(fails, fmt.Sprintf("macro-F1 %.3f < champion's %.3f − %.2f", after.MacroF1, before.MacroF1, margin))
	}
	if after.StrongRecall < before.StrongRecall-margin-eps {
		fails = append(fails, fmt.Sprintf("recall of strong %.3f < champion's %.3f − %.2f", after.StrongRecall, before.StrongRecall, margin))
	}
	if after.NoneShown > before.NoneShown+margin+eps {
		fails = append(fails, fmt.Sprintf("share of none shown %.3f > champion's %.3f + %.2f", after.NoneShown, before.NoneShown, margin))
	}
	if b, a := before.Labels, after.Labels; b != nil && a != nil {
		if a.RelevanceN > 0 && a.RelevanceAccuracy < b.RelevanceAccuracy-margin-eps {
			fails = append(fails, fmt.Sprintf("accuracy on %d held-out relevance decisions %.3f < champion's %.3f − %.2f", a.RelevanceN, a.RelevanceAccuracy, b.RelevanceAccuracy, margin))
		}
		if a.FieldN > 0 && a.FieldAccuracy < b.FieldAccuracy-margin-eps {
			fails = append(fails, fmt.Sprintf("field accuracy on %d held-out labels %.3f < champion's %.3f − %.2f", a.FieldN, a.FieldAccuracy, b.FieldAccuracy, margin))
		}
	}
	return fails
}

// gate compares the candidate with the champion: the champion's figures
// come from its artifact evaluated on the same entries (or, when it does
// not load, from its metrics at registration, without label figures).
func (t trainRun) gate(ctx context.Context, db careerpath.ModelRegistry, dev []classify.LabelledEntry, out *trainOutcome) (gateResult, error) {
	g := gateResult{Candidate: out.Version.Version, Margin: gateMargin, After: figuresOf(out.Report)}
	g.After.Labels = out.Metrics.Labels
	champ, err := db.Alias(ctx, careerpath.AliasChampion)
	if err != nil && careerpath.ErrorCode(err) != careerpath.ENOTFOUND {
		return g, err
	}
	if champ == "" {
		return g, nil
	}
	g.Champion = champ
	if cm, err := loadVersion(ctx, db, champ); err == nil {
		f := t.figures(cm, classify.Evaluate(t.rel, classify.DevSetCareer, cm, dev, classify.MinConfidence))
		g.Before, g.Source = &f, "evaluated"
	} else if cv, err2 := db.FindModelVersion(ctx, champ); err2 == nil {
		t.log.Warn("champion does not load: gating on its registered metrics", "champion", champ, "err", err)
		var f gateFigures
		if json.Unmarshal(cv.Metrics, &f) == nil {
			f.Labels = nil // measured on other labels, if any
			g.Before, g.Source = &f, "registered"
		}
	}
	if g.Before != nil {
		g.Failures = compare(*g.Before, g.After, gateMargin)
	}
	return g, nil
}

// applyGate gives the candidate an alias or logs its refusal: with no
// champion it becomes champion; if it passes the gate it becomes
// challenger, or champion with promote; otherwise a refuse event records
// the figures.
func (t trainRun) applyGate(ctx context.Context, db careerpath.ModelRegistry, dev []classify.LabelledEntry, out *trainOutcome) error {
	v := out.Version.Version
	g, err := t.gate(ctx, db, dev, out)
	if err != nil {
		return err
	}
	champ := g.Champion
	out.Gate = g
	details, _ := json.Marshal(g)
	alias, reason := careerpath.AliasChallenger, ""
	switch {
	case champ == "":
		alias, reason = careerpath.AliasChampion, "first model: there was no champion"
	case !g.Passed():
		e := &careerpath.ModelEvent{Actor: t.actor, Action: careerpath.EventRefuse, To: v,
			Reason: "gate: " + strings.Join(g.Failures, "; "), Details: details}
		if err := db.LogModelEvent(ctx, e); err != nil {
			return err
		}
		out.Event = e
		t.log.Warn("candidate refused by the gate", "version", v, "champion", champ, "failures", strings.Join(g.Failures, "; "))
		return nil
	case g.Before == nil:
		reason = "champion " + champ + " has no figures to compare with"
	case t.promote:
		alias, reason = careerpath.AliasChampion, fmt.Sprintf("trained with --promote; gate passed against %s (margin %.2f)", champ, gateMargin)
	default:
		reason = fmt.Sprintf("gate passed against champion %s (margin %.2f)", champ, gateMargin)
	}
	e, err := db.SetAlias(ctx, alias, v, t.actor, reason, details)
	if err != nil {
		return err
	}
	out.Event, out.Champion = e, alias == careerpath.AliasChampion
	return nil
}

// printTrain writes what a training did.
func printTrain(w io.Writer, out *trainOutcome) {
	v, m := out.Version, out.Model
	mt := m.Meta().Metrics
	fmt.Fprintf(w, "trained %s (%s) in %.1fs: %d examples, %d classes, %d features, %d weights, artifact %d bytes, checksum %s\n",
		orDefault(v.Version, "a candidate (dry run: not registered)"), m.Version(), out.Took.Seconds(), mt.Examples, mt.Classes, mt.Features, mt.Weights, v.Size, v.Checksum)
	fmt.Fprintf(w, "data %s, seed %d, feature schema %s, code %s\n\n", short(v.DataHash), v.Seed, v.SchemaHash, v.CodeVersion)
	fmt.Fprint(w, out.Report.String())
	g := out.Gate
	fmt.Fprintln(w)
	switch {
	case g.Champion == "":
		fmt.Fprintln(w, "gate: no champion to compare with")
	case g.Before == nil:
		fmt.Fprintf(w, "gate: champion %s has no figures to compare with\n", g.Champion)
	default:
		fmt.Fprintf(w, "gate (margin %.2f) against champion %s (%s):\n", g.Margin, g.Champion, g.Source)
		fmt.Fprintf(w, "  macro-F1          %.3f → %.3f\n", g.Before.MacroF1, g.After.MacroF1)
		fmt.Fprintf(w, "  recall of strong  %.3f → %.3f\n", g.Before.StrongRecall, g.After.StrongRecall)
		fmt.Fprintf(w, "  none shown        %.3f → %.3f\n", g.Before.NoneShown, g.After.NoneShown)
		if b, a := g.Before.Labels, g.After.Labels; b != nil && a != nil {
			if a.RelevanceN > 0 {
				fmt.Fprintf(w, "  held-out editors' relevance decisions (%d)  %.3f → %.3f\n", a.RelevanceN, b.RelevanceAccuracy, a.RelevanceAccuracy)
			}
			if a.FieldN > 0 {
				fmt.Fprintf(w, "  held-out editors' fields of study (%d)      %.3f → %.3f\n", a.FieldN, b.FieldAccuracy, a.FieldAccuracy)
			}
		}
		if v.Version == "" {
			fmt.Fprintf(w, "dry run: the gate %s\n", map[bool]string{true: "would pass", false: "would refuse: " + strings.Join(g.Failures, "; ")}[g.Passed()])
		}
	}
	switch e := out.Event; {
	case e == nil:
	case e.Action == careerpath.EventRefuse:
		fmt.Fprintf(w, "refused: %s stays without an alias (%s)\n", v.Version, strings.TrimPrefix(e.Reason, "gate: "))
	default:
		fmt.Fprintf(w, "%s: %s → %s (%s)\n", e.Alias, orDefault(e.From, "(none)"), e.To, e.Reason)
	}
}

// trainFirstModel trains the first model of a fresh database and makes
// it champion, so that a new install classifies out of the box. With a
// champion already (the registry is carried over by a rebuild) it does
// nothing.
func trainFirstModel(ctx context.Context, c common, careers []*careerpath.Career, trainSpec string, stdout io.Writer, log *slog.Logger) error {
	db, err := sqlite.Open(ctx, c.db)
	if err != nil {
		return err
	}
	defer db.Close()
	if v, err := db.Alias(ctx, careerpath.AliasChampion); err == nil {
		fmt.Fprintf(stdout, "relevance model: champion %s carried over (not retrained)\n", v)
		return nil
	} else if careerpath.ErrorCode(err) != careerpath.ENOTFOUND {
		return err
	}
	release, err := c.release()
	if err != nil {
		return err
	}
	cfg, err := trainConfig(trainSpec)
	if err != nil {
		return err
	}
	rel, err := importedRelevance(ctx, db, careers)
	if err != nil {
		return err
	}
	log.Info("no champion relevance model: training the first one", "step", "relevance-model")
	out, err := trainRun{release: release, rel: rel, config: cfg, seed: 1, actor: "import", log: log}.train(ctx, db)
	if err != nil {
		return fmt.Errorf("relevance model: %w (the open data was imported; run \"careerpath train\" to retry)", err)
	}
	fmt.Fprintf(stdout, "relevance model: trained %s (%s) in %.1fs and made it champion; on %s: macro-F1 %.3f, recall of strong %.3f, none shown %.1f%%\n",
		out.Version.Version, out.Model.Version(), out.Took.Seconds(), classify.DevSetName, out.Metrics.MacroF1, out.Metrics.StrongRecall, out.Metrics.NoneShown*100)
	return nil
}

// liveModel is the champion a server serves, kept current by polling the
// registry.
type liveModel struct {
	live *registry.Live[*classify.Linear]
	rel  *relevance.Model
	mon  *monitor.Monitor // observes every prediction; nil observes none
}

// startModel loads the champion (if any) and watches the alias until ctx
// ends; it classifies catalog entries left pending by imports made
// without a model.
func startModel(ctx context.Context, db *sqlite.DB, gs careerpath.GuideService, log *slog.Logger) (*liveModel, error) {
	guides, err := gs.FindGuides(ctx, "")
	if err != nil {
		return nil, err
	}
	careers := make([]*careerpath.Career, len(guides))
	for i, g := range guides {
		careers[i] = g.Career
	}
	rel, err := relevanceModel(ctx, db, careers)
	if err != nil {
		return nil, err
	}
	lm := newLiveModel(db, rel, log)
	if _, err := lm.live.Refresh(ctx); err != nil {
		log.Error("the champion relevance model did not load", "err", err)
	}
	if m, v := lm.current(); m != nil {
		sum, err := classify.ClassifyPending(ctx, db, m, 0)
		if err != nil {
			log.Error("classifying pending catalog entries failed", "err", err)
		} else if sum.Classified+sum.HeldForReview > 0 {
			log.Info("classified pending catalog entries", "model", v, "classified", sum.Classified, "held_for_review", sum.HeldForReview)
		}
	} else {
		log.Warn("no relevance model serves: classify answers 503 until a champion loads")
	}
	go lm.live.Watch(ctx, modelPoll)
	return lm, nil
}

// classifyingCatalogs is the catalog service of the command line: imports
// classify their entries without a CIP code with the champion, loaded
// once; without a champion they wait for one.
func classifyingCatalogs(ctx context.Context, db *sqlite.DB, log *slog.Logger) (careerpath.CatalogService, error) {
	var m classify.Model
	v, err := db.Alias(ctx, careerpath.AliasChampion)
	switch {
	case err == nil:
		lm, err := loadVersion(ctx, db, v)
		if err != nil {
			log.Error("the champion relevance model does not load: entries without a CIP code wait", "champion", v, "err", err)
			break
		}
		m = lm
	case careerpath.ErrorCode(err) != careerpath.ENOTFOUND:
		return nil, err
	}
	current := func() (classify.Model, string) { return m, v }
	return monitoredCatalogs(&classify.Catalogs{CatalogStore: db, Current: current, Log: log}, monitor.New(db, monitor.Config{}, log), current), nil
}

// newLiveModel returns the champion's Live: artifacts are loaded with
// classify.Load (which checks their own checksum, format and feature
// schema) after the registry's checksum, and must pass classify.WarmUp.
func newLiveModel(db registry.Store, rel *relevance.Model, log *slog.Logger) *liveModel {
	return &liveModel{live: newLive(db, careerpath.AliasChampion, rel, log), rel: rel}
}

// newLive returns a Live of the version an alias points to.
func newLive(db registry.Store, alias string, rel *relevance.Model, log *slog.Logger) *registry.Live[*classify.Linear] {
	load := func(version string, art []byte) (*classify.Linear, error) { return classify.Load(bytes.NewReader(art)) }
	check := func(m *classify.Linear) error { return classify.WarmUp(m, rel) }
	return registry.NewLive(db, alias, load, check, log)
}

// current returns the serving model, observed by the monitor, and its
// registry version.
func (lm *liveModel) current() (classify.Model, string) {
	m, v := lm.raw()
	return lm.mon.Wrap(m, v), v
}

// raw returns the serving model unobserved, and its registry version.
func (lm *liveModel) raw() (classify.Model, string) {
	cur := lm.live.Current()
	if cur == nil {
		return nil, ""
	}
	return cur.Model, cur.Version
}

// classifier serves POST /api/v1/careers/{slug}/classify.
func (lm *liveModel) classifier() careerpath.Classifier {
	return &classify.Service{Relevance: lm.rel, Current: lm.current}
}

// catalogs wraps the store so that catalog imports classify their
// entries without a CIP code with the serving model.
func (lm *liveModel) catalogs(store classify.CatalogStore, log *slog.Logger) careerpath.CatalogService {
	return &classify.Catalogs{CatalogStore: store, Current: lm.current, Log: log}
}
