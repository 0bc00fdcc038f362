package classify

import (
	"bytes"
	"context"
	"embed"
	"fmt"
	"strings"

	careerpath "github.com/careerpath/careerpath"
	"github.com/careerpath/careerpath/relevance"
)

// DevSetCareer is the career the bundled evaluation set is labelled for.
const DevSetCareer = "machine-learning-engineer"

// DevSetName names the bundled evaluation set in reports and metrics.
const DevSetName = "programs-ml-engineer.dev.jsonl"

//go:embed testdata/eval/*.dev.jsonl
var devFS embed.FS

// DevSet returns the bundled evaluation set the promotion gate measures
// every model on (a copy of ../shared/eval/programs-ml-engineer.dev.jsonl),
// labelled for DevSetCareer. It is built into the binary so that
// "careerpath train" and "careerpath eval" measure every model on the same
// entries; it is never trained on (TestTrainingNotFromEval).
func DevSet() ([]LabelledEntry, error) {
	return readDevSet(DevSetName)
}

// LabelledSet is an evaluation set labelled for one career.
type LabelledSet struct {
	Name    string // file name, "programs-data-scientist.dev.jsonl"
	Career  string // slug
	Entries []LabelledEntry
}

// devSetCareers are the bundled evaluation sets and the careers they are
// labelled for: DevSet first, then the sets written for this project
// (testdata/eval/README.md gives their labelling rules).
var devSetCareers = []struct{ name, career string }{
	{DevSetName, DevSetCareer},
	{"programs-data-scientist.dev.jsonl", "data-scientist"},
	{"programs-data-analyst.dev.jsonl", "data-analyst"},
	{"programs-ai-engineer.dev.jsonl", "ai-engineer"},
}

// DevSets returns every bundled evaluation set, DevSet first. None is
// ever trained on.
func DevSets() ([]LabelledSet, error) {
	var out []LabelledSet
	for _, d := range devSetCareers {
		es, err := readDevSet(d.name)
		if err != nil {
			return nil, err
		}
		out = append(out, LabelledSet{Name: d.name, Career: d.career, Entries: es})
	}
	return out, nil
}

func readDevSet(name string) ([]LabelledEntry, error) {
	b, err := devFS.ReadFile("testdata/eval/" + name)
	if err != nil {
		return nil, err
	}
	es, err := ReadLabelled(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return es, nil
}

// EntryOf returns the entry of a catalog text.
func EntryOf(t careerpath.CatalogText) Entry { return Entry(t) }

// ClassifyEntry classifies one entry for a career with the model, through
// Assess. The predicted CIP code is given only when the model used it
// (probability at least MinConfidence); version is the registry version
// reported with the answer.
//
// A *Linear model predicts in pooled buffers here, so that an entry costs
// one allocation, its reasons; other models go through Predict.
func ClassifyEntry(rel *relevance.Rule, career string, m Model, version string, e Entry) careerpath.Classification {
	var c careerpath.Classification
	var top Prediction
	var ok bool
	if l, linear := m.(*Linear); linear {
		sc := l.pool.Get().(*scratch)
		tb := getTextBuf()
		res := l.predict(e, sc, tb)
		c.Relevance = assessResult(rel, career, e, res, MinConfidence)
		top, ok = res.Top()
		putTextBuf(tb)
		l.pool.Put(sc)
	} else {
		res := m.Predict(e)
		c.Relevance = assessResult(rel, career, e, res, MinConfidence)
		top, ok = res.Top()
	}
	c.Model = version
	if ok && top.Probability >= MinConfidence {
		c.CIP, c.CIPTitle = top.CIP, top.Title
	}
	if c.Reasons == nil {
		c.Reasons = []string{}
	}
	return c
}

// Service classifies catalog entries with the serving model; it
// implements careerpath.Classifier for the HTTP API.
type Service struct {
	// Relevance returns the crosswalk rule answers are read with. It is
	// called once per request, like Current, so that a new rule (a new
	// release of the open data) serves from the next request on.
	Relevance func() *relevance.Rule
	// Current returns the serving model and its registry version, or a
	// nil model when none is loaded. It is called once per request, so
	// that every entry of a request is answered by the same model.
	Current func() (Model, string)
}

var _ careerpath.Classifier = (*Service)(nil)

// Classify classifies entries for the career, in order.
func (s *Service) Classify(ctx context.Context, career string, entries []careerpath.CatalogText) ([]careerpath.Classification, error) {
	rel := s.Relevance()
	if !rel.Has(career) {
		return nil, careerpath.Errorf(careerpath.ENOTFOUND, "No career %q.", career)
	}
	m, version := s.Current()
	if m == nil {
		return nil, careerpath.Errorf(careerpath.EUNAVAILABLE, "No classifier is loaded yet: train one with \"careerpath train\" (a fresh import trains the first), then retry.")
	}
	out := make([]careerpath.Classification, len(entries))
	for i, t := range entries {
		if i%256 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		out[i] = ClassifyEntry(rel, career, m, version, EntryOf(t))
	}
	return out, nil
}

// warmUp are known inputs a sane model must get right before it serves.
var warmUp = []struct {
	entry Entry
	cip   string // prefix of the expected code; "" for no prediction
	level string // relevance to DevSetCareer; "" to skip
}{
	{Entry{Institution: "Warm-up University", Program: "MSc Computer Science", Degree: "MSc"}, "11.07", careerpath.RelevanceStrong},
	{Entry{Institution: "Warm-up University", Program: "BSc Statistics", Degree: "BSc"}, "27.05", ""},
	{Entry{Institution: "Warm-up University", Program: "MBA", Degree: "MBA"}, "", careerpath.RelevanceNone},
	{Entry{Institution: "Warm-up University", Program: "", Degree: "Master's"}, "", careerpath.RelevanceNone},
}

// WarmUp runs the model on known inputs and returns an error naming the
// first wrong answer: "MSc Computer Science" must be 11.07xx and strong
// for an ML engineer, "BSc Statistics" 27.05xx, an MBA none, an empty
// name no prediction. Relevance levels are checked only when rel knows
// DevSetCareer (rel may be nil). A model that fails never serves.
func WarmUp(m Model, rel *relevance.Rule) error {
	for _, w := range warmUp {
		res := m.Predict(w.entry)
		top, ok := res.Top()
		switch {
		case w.cip == "" && w.entry.Program == "" && ok && top.Probability > 0:
			return fmt.Errorf("%q: predicted %s at %.2f, want no prediction for an empty name", w.entry.Program, top.CIP, top.Probability)
		case w.cip != "" && (!ok || !strings.HasPrefix(top.CIP, w.cip) || top.Probability < MinConfidence):
			return fmt.Errorf("%q: predicted %s at %.2f, want %sxx at ≥ %.2f", w.entry.Program, top.CIP, top.Probability, w.cip, MinConfidence)
		}
		if w.level != "" && rel != nil && rel.Has(DevSetCareer) {
			if r, _ := Assess(rel, DevSetCareer, m, w.entry, MinConfidence); r.Level != w.level {
				return fmt.Errorf("%q: %s for %s, want %s", w.entry.Program, r.Level, DevSetCareer, w.level)
			}
		}
	}
	return nil
}

// PendingSummary counts what ClassifyPending did.
type PendingSummary struct {
	Classified    int // active with a predicted code
	HeldForReview int
	// Unreadable are the held entries the model could not read at all:
	// no prediction.
	Unreadable int
}

// ClassifyPending gives every catalog entry waiting for the model (of one
// catalog, or all when catalogID is 0) a field of study: entries whose
// top prediction reaches careerpath.CatalogMinConfidence (and names a
// code in use) become active; the others are held for review, with the
// guess kept for the editor when there is one.
func ClassifyPending(ctx context.Context, store careerpath.CatalogPredictionStore, m Model, catalogID int64) (PendingSummary, error) {
	var sum PendingSummary
	pending, err := store.PendingCatalogEntries(ctx, catalogID)
	if err != nil || len(pending) == 0 {
		return sum, err
	}
	known, err := store.ProgramCIPCodes(ctx)
	if err != nil {
		return sum, err
	}
	preds := make([]careerpath.CatalogPrediction, len(pending))
	for i, p := range pending {
		pred := careerpath.CatalogPrediction{EntryID: p.ID, Status: careerpath.CatalogHeldForReview, Model: m.Version()}
		res := m.Predict(EntryOf(p.Text))
		if top, ok := res.Top(); ok && known[top.CIP] {
			pred.CIP, pred.Confidence = top.CIP, top.Probability
			if top.Probability >= careerpath.CatalogMinConfidence {
				pred.Status = careerpath.CatalogActive
			}
			pred.ConcentrationCIP = concentrationOf(res, top.CIP, known)
		}
		if pred.Status == careerpath.CatalogActive {
			sum.Classified++
		} else {
			sum.HeldForReview++
			if res.Readable == 0 {
				sum.Unreadable++
			}
		}
		preds[i] = pred
	}
	if err := store.SetCatalogPredictions(ctx, preds); err != nil {
		return PendingSummary{}, err
	}
	return sum, nil
}

// concentrationOf returns the field of the concentration a name gives,
// for an entry in the field cip: "" when the model reads none with
// MinConfidence, when its code is not in use, or when it is the entry's
// own field.
func concentrationOf(res Result, cip string, known map[string]bool) string {
	if c := res.Concentration; c != nil && c.Prediction.CIP != cip && c.Prediction.Probability >= MinConfidence && known[c.Prediction.CIP] {
		return c.Prediction.CIP
	}
	return ""
}

// ReadConcentrations reads the concentration in the name of every catalog
// entry that has a CIP code but was never read for one (of one catalog,
// or of all when catalogID is 0): the entries that came with the
// provider's code, which ClassifyPending never sees, and those stored
// before concentrations were. "MBA with a concentration in Data Science"
// with the provider's 52.0201 thus gets 30.7001, and is related for a
// data scientist with the reason; a plain MBA is recorded as read, with
// none, and is not read again. It returns how many got a concentration.
//
// The entries are stored data, not new traffic: a model that a monitor
// observes (one with an Unwrap method) is read unobserved.
func ReadConcentrations(ctx context.Context, store careerpath.CatalogConcentrationStore, m Model, catalogID int64) (int, error) {
	unread, err := store.UnreadConcentrations(ctx, catalogID)
	if err != nil || len(unread) == 0 {
		return 0, err
	}
	known, err := store.ProgramCIPCodes(ctx)
	if err != nil {
		return 0, err
	}
	if u, ok := m.(interface{ Unwrap() Model }); ok {
		m = u.Unwrap()
	}
	concs := make([]careerpath.CatalogConcentration, len(unread))
	found := 0
	for i, e := range unread {
		if i%256 == 0 {
			if err := ctx.Err(); err != nil {
				return 0, err
			}
		}
		concs[i] = careerpath.CatalogConcentration{EntryID: e.ID, CIP: concentrationOf(m.Predict(EntryOf(e.Text)), e.CIP, known)}
		if concs[i].CIP != "" {
			found++
		}
	}
	if err := store.SetCatalogConcentrations(ctx, concs); err != nil {
		return 0, err
	}
	return found, nil
}
