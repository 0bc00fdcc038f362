package monitor

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"unicode/utf8"

	"github.com/careerpath/careerpath/classify"
	"github.com/careerpath/careerpath/monitor/drift"
)

// The monitored features, in the order reports list them.
const (
	FeatureConfidence = "confidence"    // probability of the top prediction
	FeatureFamily     = "field_family"  // 2-digit CIP series of the top prediction, or "unknown"
	FeatureLength     = "text_length"   // characters of the program name
	FeatureUnknown    = "unknown_share" // 1 − Readable: share of field words the model does not know
)

// FeatureNames lists the features in report order.
var FeatureNames = [numFeatures]string{FeatureConfidence, FeatureFamily, FeatureLength, FeatureUnknown}

const numFeatures = 4

// Unknown is the field family of a prediction below classify.MinConfidence
// (or of no prediction): the model could not read the name.
const Unknown = "unknown"

// Features are the monitored values of one prediction.
type Features struct {
	Confidence float64
	Family     string
	Length     int
	Unknown    float64
}

// FeaturesOf returns the monitored features of the model's result for a
// program name. It does not allocate.
func FeaturesOf(program string, res classify.Result) Features {
	f := Features{Family: Unknown, Length: utf8.RuneCountInString(program), Unknown: 1 - res.Readable}
	if top, ok := res.Top(); ok {
		f.Confidence = top.Probability
		if top.Probability >= classify.MinConfidence && len(top.CIP) >= 2 {
			f.Family = top.CIP[:2]
		}
	}
	return f
}

// Fixed bins of the features whose range is known in advance, few and
// aligned with the decisions the model's output drives, because PSI and
// chi-square over many thin bins flag noise in windows of a few hundred:
// confidence below 0.1 (unreadable), below classify.MinConfidence (0.25,
// no field), below careerpath.CatalogMinConfidence (0.5, held for
// review), then 0.75 and 0.9; unknown share exactly 0, below half, at
// least half, exactly 1.
var (
	confidenceEdges = []float64{0.1, 0.25, 0.5, 0.75, 0.9}
	unknownEdges    = []float64{1e-9, 0.5, 1 - 1e-9}
)

// lengthBins is the number of quantile bins of the name length.
const lengthBins = 6

// minFamilyCount is how many reference names a field family needs to get
// a bin of its own (rarer families share "other"), for the same reason:
// with fewer the bin's share is too uncertain to compare a window with
// (±30% relative at 10).
const minFamilyCount = 10

// Reference holds the reference histograms of a model version: the
// features' distribution over a sample of catalog-style names, with bins
// fixed at training time. It is stored with the version as JSON.
type Reference struct {
	Sample     string          `json:"sample"` // what the histograms were computed on
	N          int             `json:"n"`
	Confidence drift.Histogram `json:"confidence"`
	Family     drift.Histogram `json:"field_family"`
	Length     drift.Histogram `json:"text_length"`
	Unknown    drift.Histogram `json:"unknown_share"`
}

// histograms returns the reference histograms in FeatureNames order.
func (r *Reference) histograms() [numFeatures]drift.Histogram {
	return [numFeatures]drift.Histogram{r.Confidence, r.Family, r.Length, r.Unknown}
}

// ErrNoReference is returned for a model version stored without reference
// histograms (trained before monitoring kept them).
var ErrNoReference = errors.New("the model version has no reference histograms (trained before monitoring kept them): retrain it to monitor drift")

// BuildReference predicts every entry with the model and returns the
// features' histograms: numeric bins fixed (confidence, unknown share) or
// at the name lengths' quantiles (drift.QuantileEdges), field families
// with at least minFamilyCount names, plus "unknown", the others counting
// as "other".
func BuildReference(m classify.Model, entries []classify.Entry, sample string) (*Reference, error) {
	if len(entries) < 2 {
		return nil, fmt.Errorf("reference sample %s: want at least 2 entries, have %d", sample, len(entries))
	}
	fs := make([]Features, len(entries))
	lengths := make([]float64, len(entries))
	families := map[string]int{}
	for i, e := range entries {
		fs[i] = FeaturesOf(e.Program, m.Predict(e))
		lengths[i] = float64(fs[i].Length)
		families[fs[i].Family]++
	}
	cats := []string{Unknown}
	for fam, n := range families {
		if fam != Unknown && n >= minFamilyCount {
			cats = append(cats, fam)
		}
	}
	slices.Sort(cats[1:])
	lengthEdges := drift.QuantileEdges(lengths, lengthBins)
	if len(lengthEdges) == 0 {
		lengthEdges = []float64{lengths[0] + 1}
	}
	c := newCounters(confidenceEdges, cats, lengthEdges, unknownEdges)
	for _, f := range fs {
		c.observe(f)
	}
	h := c.drain()
	return &Reference{Sample: sample, N: len(entries), Confidence: h[0], Family: h[1], Length: h[2], Unknown: h[3]}, nil
}

// DefaultReference builds the reference of a freshly trained model, as
// JSON for careerpath.ModelVersion.Reference. The name length, which does
// not depend on the model, is counted over the whole bundled training file
// (classify.DefaultCatalog). The three features the model produces are
// counted out of sample, on the catalog lines held out from training with
// the model trained without them (Linear.Holdout): on names it was
// trained on the final model is sure of nearly everything, reads a field
// in all but one and knows every word, so an in-sample reference would
// flag every new catalog (measured: PSI 0.97 on confidence for a clean
// English catalog). A model without a holdout falls back to in-sample counts, and
// the sample says so.
func DefaultReference(m classify.Model) (json.RawMessage, error) {
	lines, err := classify.DefaultCatalog()
	if err != nil {
		return nil, err
	}
	entries := make([]classify.Entry, len(lines))
	for i, l := range lines {
		entries[i] = classify.Entry{Institution: l.Institution, Program: l.Program}
	}
	ref, err := BuildReference(m, entries, classify.CatalogFile+" (in sample)")
	if err != nil {
		return nil, err
	}
	if h, ok := m.(interface {
		Holdout() (classify.Model, []classify.Entry)
	}); ok {
		if hm, held := h.Holdout(); hm != nil && len(held) >= 2 {
			oos, err := BuildReference(hm, held, "")
			if err != nil {
				return nil, err
			}
			ref.Confidence, ref.Family, ref.Unknown = oos.Confidence, oos.Family, oos.Unknown
			ref.Sample = fmt.Sprintf("%s: text length over all %d names; confidence, field family and unknown share out of sample over the %d held-out names",
				classify.CatalogFile, len(entries), len(held))
		}
	}
	return json.Marshal(ref)
}

// ParseReference decodes a stored reference; an absent one is
// ErrNoReference.
func ParseReference(raw json.RawMessage) (*Reference, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, ErrNoReference
	}
	var r Reference
	if err := json.Unmarshal(raw, &r); err != nil {
		return nil, fmt.Errorf("reference histograms: %w", err)
	}
	for i, h := range r.histograms() {
		if h.Total() == 0 {
			return nil, fmt.Errorf("reference histogram %s is empty", FeatureNames[i])
		}
	}
	if r.Confidence.Kind != drift.KindNumeric || r.Family.Kind != drift.KindCategorical || r.Length.Kind != drift.KindNumeric || r.Unknown.Kind != drift.KindNumeric {
		return nil, errors.New("reference histograms: a feature has the wrong kind")
	}
	return &r, nil
}

// counters are the live histograms of the four features.
type counters struct {
	confidence, length, unknown *drift.Numeric
	family                      *drift.Categorical
}

// newCounters returns live histograms with the given bins; the bins come
// from validated references, so an error is a programming error.
func newCounters(confEdges []float64, families []string, lengthEdges, unknownEdges []float64) *counters {
	must := func(n *drift.Numeric, err error) *drift.Numeric {
		if err != nil {
			panic(err)
		}
		return n
	}
	fam, err := drift.NewCategorical(families)
	if err != nil {
		panic(err)
	}
	return &counters{confidence: must(drift.NewNumeric(confEdges)), family: fam,
		length: must(drift.NewNumeric(lengthEdges)), unknown: must(drift.NewNumeric(unknownEdges))}
}

func countersFor(r *Reference) *counters {
	return newCounters(r.Confidence.Edges, r.Family.Categories, r.Length.Edges, r.Unknown.Edges)
}

// observe counts one prediction: four atomic adds.
func (c *counters) observe(f Features) {
	c.confidence.Observe(f.Confidence)
	c.family.Observe(f.Family)
	c.length.Observe(float64(f.Length))
	c.unknown.Observe(f.Unknown)
}

// drain returns the histograms in FeatureNames order and resets them.
func (c *counters) drain() [numFeatures]drift.Histogram {
	return [numFeatures]drift.Histogram{c.confidence.Drain(), c.family.Drain(), c.length.Drain(), c.unknown.Drain()}
}

// finite replaces NaN and infinities, which JSON cannot carry, by -1.
func finite(x float64) float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return -1
	}
	return x
}
