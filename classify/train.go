package classify

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"slices"
)

// Config is everything that shapes a trained model besides the data and
// the seed.
type Config struct {
	Features FeatureConfig `json:"features"`
	// Weights of the training examples by source: CIP titles, example
	// names, definitions, Scorecard field names and the catalog file.
	Weights SourceWeights `json:"weights"`
	// DefinitionChars extracts character n-grams from CIP definitions
	// too (slow, and definitions read unlike program names).
	DefinitionChars bool `json:"definition_chars"`

	Epochs       int     `json:"epochs"`
	LearningRate float64 `json:"learning_rate"` // AdaGrad step
	L2           float64 `json:"l2"`
	// Prune drops weights smaller than this in magnitude from the
	// artifact.
	Prune float64 `json:"prune"`
	// HoldoutEvery holds out one catalog line in this many (chosen by a
	// hash of the name, not by the seed) to fit the temperature; the
	// final model is then trained on every line.
	HoldoutEvery int `json:"holdout_every"`
	TopK         int `json:"top_k"`
}

// SourceWeights weigh training examples by source.
type SourceWeights struct {
	Title      float64 `json:"title"`
	Series     float64 `json:"series"`
	Example    float64 `json:"example"`
	Definition float64 `json:"definition"`
	Scorecard  float64 `json:"scorecard"`
	Catalog    float64 `json:"catalog"`
}

func (w SourceWeights) of(source string) float64 {
	switch source {
	case SourceTitle:
		return w.Title
	case SourceSeries:
		return w.Series
	case SourceExample:
		return w.Example
	case SourceDefinition:
		return w.Definition
	case SourceScorecard:
		return w.Scorecard
	case SourceCatalog:
		return w.Catalog
	}
	return 0
}

// DefaultConfig is the configuration chosen by measurement (see the
// package documentation for the variants tried).
func DefaultConfig() Config {
	return Config{
		Features: FeatureConfig{Words: 1, Bigrams: 1, Chars: 0.5, CharMin: 4, CharMax: 5},
		Weights:  SourceWeights{Title: 1, Series: 1, Example: 1, Definition: 0, Scorecard: 1, Catalog: 2},
		Epochs:   15, LearningRate: 0.5, L2: 1e-5, Prune: 1e-3,
		HoldoutEvery: 5, TopK: 5,
	}
}

// Meta describes a trained model. It holds nothing that varies between
// two runs on the same inputs (no clock time), so that the artifact is
// byte-identical; the registry records when it was created.
type Meta struct {
	Version     string       `json:"version"`
	Schema      string       `json:"schema"`    // FeatureConfig.SchemaHash
	DataHash    string       `json:"data_hash"` // TrainingData.Hash
	Seed        uint64       `json:"seed"`
	Config      Config       `json:"config"`
	Temperature float64      `json:"temperature"`
	Metrics     TrainMetrics `json:"metrics"`
}

// TrainMetrics are measured while training, on the training data and on
// the held-out catalog lines.
type TrainMetrics struct {
	Examples int `json:"examples"`
	Classes  int `json:"classes"`
	Features int `json:"features"`
	Weights  int `json:"weights"` // after pruning
	Holdout  int `json:"holdout"` // catalog lines held out
	// On the held-out lines, with the model trained without them.
	HoldoutAccuracy       float64 `json:"holdout_accuracy"`        // top-1 6-digit code
	HoldoutSeriesAccuracy float64 `json:"holdout_series_accuracy"` // top-1 4-digit series
	HoldoutNLLRaw         float64 `json:"holdout_nll_raw"`         // before temperature scaling
	HoldoutNLL            float64 `json:"holdout_nll"`             // after
	HoldoutECE            float64 `json:"holdout_ece"`             // expected calibration error, 10 bins, after
	TrainAccuracy         float64 `json:"train_accuracy"`          // of the final model, on its catalog lines
}

// doc is a training example as vectors.
type doc struct {
	raw    []feature
	rows   []int32
	vals   []float64
	class  int
	weight float64
	source string
}

// Train fits a Linear model to the data. The same data, config and seed
// give a byte-identical artifact: examples are visited in an order drawn
// from the seed, and all arithmetic runs on one goroutine.
func Train(d *TrainingData, cfg Config, seed uint64) (*Linear, error) {
	return TrainProgress(d, cfg, seed, nil)
}

// TrainProgress is Train calling progress, if not nil, after every epoch
// with the epochs done and the total (the held-out model's epochs count
// too). It does not change what is trained.
func TrainProgress(d *TrainingData, cfg Config, seed uint64, progress func(done, total int)) (*Linear, error) {
	if len(d.Classes) == 0 || len(d.Classes) > math.MaxUint16 {
		return nil, errors.New("train: want between 1 and 65535 classes")
	}
	if cfg.Features.Words <= 0 {
		return nil, errors.New("train: word features are required (they measure how readable a name is)")
	}
	if cfg.Epochs <= 0 || cfg.LearningRate <= 0 {
		return nil, errors.New("train: want positive epochs and learning rate")
	}
	docs, err := prepare(d, cfg)
	if err != nil {
		return nil, err
	}
	var fit, held []*doc
	var heldEx []Example
	for i := range docs {
		if cfg.HoldoutEvery > 0 && docs[i].source == SourceCatalog && heldOut(d.Examples[i], cfg.HoldoutEvery) {
			held = append(held, &docs[i])
			heldEx = append(heldEx, d.Examples[i])
		} else {
			fit = append(fit, &docs[i])
		}
	}
	var m TrainMetrics
	var hold *holdout
	temp := 1.0
	total, done := cfg.Epochs, 0
	if len(held) > 0 {
		total *= 2
	}
	epoch := func() {
		done++
		if progress != nil {
			progress(done, total)
		}
	}
	if len(held) > 0 {
		w := newWeights(fit, cfg, len(d.Classes))
		w.train(fit, cfg, seed, epoch)
		logits := w.logits(held)
		m.HoldoutNLLRaw = nll(logits, held, 1)
		temp = fitTemperature(logits, held)
		m.Holdout = len(held)
		m.HoldoutNLL = nll(logits, held, temp)
		m.HoldoutAccuracy, m.HoldoutSeriesAccuracy, m.HoldoutECE = accuracy(logits, held, temp, d.Classes)
		hold = holdoutOf(w, cfg, temp, d.Classes, heldEx)
	}
	all := make([]*doc, len(docs))
	for i := range docs {
		all[i] = &docs[i]
	}
	w := newWeights(all, cfg, len(d.Classes))
	w.train(all, cfg, seed, epoch)
	var cat []*doc
	for _, x := range all {
		if x.source == SourceCatalog {
			cat = append(cat, x)
		}
	}
	if len(cat) > 0 {
		m.TrainAccuracy, _, _ = accuracy(w.logits(cat), cat, temp, d.Classes)
	}
	model := w.linear(cfg)
	model.classes = slices.Clone(d.Classes)
	m.Examples, m.Classes, m.Features, m.Weights = len(docs), len(d.Classes), len(model.hashes), len(model.vals)
	model.meta = Meta{
		Schema: cfg.Features.SchemaHash(), DataHash: d.Hash(), Seed: seed, Config: cfg,
		Temperature: round(temp, 1e6), Metrics: roundMetrics(m),
	}
	model.meta.Version = version(model.meta)
	model.prepare()
	model.holdout = hold
	return model, nil
}

// version names a model after what determines it.
func version(m Meta) string {
	b, _ := json.Marshal(struct {
		Format int
		Schema string
		Data   string
		Seed   uint64
		Config Config
	}{formatVersion, m.Schema, m.DataHash, m.Seed, m.Config})
	s := sha256.Sum256(b)
	return "lr-" + hex.EncodeToString(s[:6])
}

// heldOut picks the catalog lines for temperature scaling by name, so the
// split does not move with the seed.
func heldOut(e Example, every int) bool {
	h := fnv.New32a()
	h.Write([]byte(e.Text))
	return h.Sum32()%uint32(every) == 0
}

// prepare analyses every example and computes its raw features.
func prepare(d *TrainingData, cfg Config) ([]doc, error) {
	docs := make([]doc, len(d.Examples))
	for i, e := range d.Examples {
		c := classIndex(d.Classes, e.CIP)
		if c >= len(d.Classes) || d.Classes[c].CIP != e.CIP {
			return nil, errors.New("train: example " + e.Text + " has unknown class " + e.CIP)
		}
		docs[i] = doc{class: c, weight: cfg.Weights.of(e.Source), source: e.Source}
		if docs[i].weight == 0 {
			continue // not trained on: skip the analysis
		}
		a := Analyze(e.Text, e.Institution)
		docs[i].raw = cfg.Features.extract(a, e.Source != SourceDefinition || cfg.DefinitionChars, nil).fs
	}
	return docs, nil
}

// weights are the parameters while training, in float64.
type weights struct {
	classes  int
	hashes   []uint32
	idf      []float64
	rowStart []uint32
	cols     []uint16
	w, g     []float64 // weights and AdaGrad accumulators
	bias, gb []float64
	rowOf    map[uint32]int32
}

// newWeights computes IDF over docs, turns each doc into an L2-normalised
// TF-IDF vector and allocates one weight per (feature, class) pair seen
// together in docs: the "supported features" of CRF training, which keeps
// the model sparse without a hashing trick's collisions.
func newWeights(docs []*doc, cfg Config, classes int) *weights {
	df := map[uint32]int{}
	for _, x := range docs {
		if x.weight == 0 {
			continue
		}
		for _, f := range x.raw {
			df[f.h]++
		}
	}
	w := &weights{classes: classes, rowOf: map[uint32]int32{}}
	for h := range df {
		w.hashes = append(w.hashes, h)
	}
	slices.Sort(w.hashes)
	w.idf = make([]float64, len(w.hashes))
	n := 0
	for _, x := range docs {
		if x.weight > 0 {
			n++
		}
	}
	for i, h := range w.hashes {
		w.rowOf[h] = int32(i)
		w.idf[i] = math.Log(float64(1+n)/float64(1+df[h])) + 1
	}
	support := make([][]uint16, len(w.hashes))
	for _, x := range docs {
		x.rows, x.vals = x.rows[:0], x.vals[:0]
		var norm float64
		for _, f := range x.raw {
			r, ok := w.rowOf[f.h]
			if !ok {
				continue
			}
			v := f.v * w.idf[r]
			x.rows = append(x.rows, r)
			x.vals = append(x.vals, v)
			norm += v * v
		}
		if norm > 0 {
			inv := 1 / math.Sqrt(norm)
			for i := range x.vals {
				x.vals[i] *= inv
			}
		}
		if x.weight == 0 {
			continue
		}
		for _, r := range x.rows {
			support[r] = append(support[r], uint16(x.class))
		}
	}
	w.rowStart = make([]uint32, len(w.hashes)+1)
	for r, cs := range support {
		slices.Sort(cs)
		cs = slices.Compact(cs)
		w.cols = append(w.cols, cs...)
		w.rowStart[r+1] = uint32(len(w.cols))
	}
	w.w = make([]float64, len(w.cols))
	w.g = make([]float64, len(w.cols))
	w.bias = make([]float64, classes)
	w.gb = make([]float64, classes)
	return w
}

// train runs AdaGrad on the softmax loss with L2, one example at a time,
// in an order drawn from the seed for each epoch.
func (w *weights) train(docs []*doc, cfg Config, seed uint64, epochDone func()) {
	rng := rand.New(rand.NewPCG(seed, 0x636c617373696679))
	order := make([]int, len(docs))
	for i := range order {
		order[i] = i
	}
	s := make([]float64, w.classes)
	const eps = 1e-8
	// negligible is the probability below which a wrong class's gradient
	// is skipped.
	const negligible = 1e-6
	lr := cfg.LearningRate
	for range cfg.Epochs {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for _, i := range order {
			x := docs[i]
			if x.weight == 0 {
				continue
			}
			w.score(x, s)
			softmax(s, 1)
			for k, r := range x.rows {
				v := x.vals[k]
				for p := w.rowStart[r]; p < w.rowStart[r+1]; p++ {
					c := int(w.cols[p])
					y := 0.0
					if c == x.class {
						y = 1
					} else if s[c] < negligible {
						// The gradient is ~0: skipping it (and its L2
						// step) makes an epoch several times faster.
						continue
					}
					g := x.weight*(s[c]-y)*v + cfg.L2*w.w[p]
					w.g[p] += g * g
					w.w[p] -= lr * g / (math.Sqrt(w.g[p]) + eps)
				}
			}
			for c := range w.bias {
				y := 0.0
				if c == x.class {
					y = 1
				} else if s[c] < negligible {
					continue
				}
				g := x.weight * (s[c] - y)
				w.gb[c] += g * g
				w.bias[c] -= lr * g / (math.Sqrt(w.gb[c]) + eps)
			}
		}
		epochDone()
	}
}

func (w *weights) score(x *doc, s []float64) {
	copy(s, w.bias)
	for k, r := range x.rows {
		v := x.vals[k]
		for p := w.rowStart[r]; p < w.rowStart[r+1]; p++ {
			s[w.cols[p]] += w.w[p] * v
		}
	}
}

// logits scores docs that may hold features the weights never saw (the
// held-out lines): their vectors are rebuilt with this IDF.
func (w *weights) logits(docs []*doc) [][]float64 {
	out := make([][]float64, len(docs))
	for i, x := range docs {
		tmp := doc{}
		var norm float64
		for _, f := range x.raw {
			if r, ok := w.rowOf[f.h]; ok {
				v := f.v * w.idf[r]
				tmp.rows = append(tmp.rows, r)
				tmp.vals = append(tmp.vals, v)
				norm += v * v
			}
		}
		if norm > 0 {
			for k := range tmp.vals {
				tmp.vals[k] /= math.Sqrt(norm)
			}
		}
		out[i] = make([]float64, w.classes)
		w.score(&tmp, out[i])
	}
	return out
}

// linear freezes the weights into a model, dropping small weights.
func (w *weights) linear(cfg Config) *Linear {
	m := &Linear{hashes: w.hashes}
	m.idf = make([]float32, len(w.idf))
	for i, v := range w.idf {
		m.idf[i] = float32(v)
	}
	m.bias = make([]float32, len(w.bias))
	for i, v := range w.bias {
		m.bias[i] = float32(v)
	}
	m.rowStart = make([]uint32, len(w.hashes)+1)
	for r := range w.hashes {
		for p := w.rowStart[r]; p < w.rowStart[r+1]; p++ {
			if math.Abs(w.w[p]) >= cfg.Prune {
				m.cols = append(m.cols, w.cols[p])
				m.vals = append(m.vals, float32(w.w[p]))
			}
		}
		m.rowStart[r+1] = uint32(len(m.cols))
	}
	return m
}

// nll is the mean negative log-likelihood of the true classes at
// temperature t.
func nll(logits [][]float64, docs []*doc, t float64) float64 {
	var sum float64
	p := make([]float64, 0)
	for i, l := range logits {
		p = append(p[:0], l...)
		softmax(p, t)
		sum -= math.Log(max(p[docs[i].class], 1e-300))
	}
	return sum / float64(len(logits))
}

// fitTemperature minimises the held-out NLL over the temperature by
// golden-section search on log t in [1/20, 20].
func fitTemperature(logits [][]float64, docs []*doc) float64 {
	f := func(lt float64) float64 { return nll(logits, docs, math.Exp(lt)) }
	a, b := math.Log(0.05), math.Log(20)
	phi := (math.Sqrt(5) - 1) / 2
	c, d := b-phi*(b-a), a+phi*(b-a)
	fc, fd := f(c), f(d)
	for range 60 {
		if fc < fd {
			b, d, fd = d, c, fc
			c = b - phi*(b-a)
			fc = f(c)
		} else {
			a, c, fc = c, d, fd
			d = a + phi*(b-a)
			fd = f(d)
		}
	}
	return math.Exp((a + b) / 2)
}

// accuracy returns top-1 accuracy on 6-digit codes and on 4-digit series,
// and the expected calibration error (10 equal-width bins of the top
// probability).
func accuracy(logits [][]float64, docs []*doc, t float64, classes []Class) (acc, series, ece float64) {
	type bin struct{ n, correct, conf float64 }
	var bins [10]bin
	p := make([]float64, 0)
	for i, l := range logits {
		p = append(p[:0], l...)
		softmax(p, t)
		best := 0
		for c := range p {
			if p[c] > p[best] {
				best = c
			}
		}
		ok := 0.0
		if best == docs[i].class {
			acc++
			ok = 1
		}
		if classes[best].CIP[:5] == classes[docs[i].class].CIP[:5] {
			series++
		}
		b := min(int(p[best]*10), 9)
		bins[b].n++
		bins[b].correct += ok
		bins[b].conf += p[best]
	}
	n := float64(len(logits))
	for _, b := range bins {
		if b.n > 0 {
			ece += b.n / n * math.Abs(b.correct/b.n-b.conf/b.n)
		}
	}
	return acc / n, series / n, ece
}

// round keeps metrics readable and stable in JSON.
func round(v, scale float64) float64 { return math.Round(v*scale) / scale }

func roundMetrics(m TrainMetrics) TrainMetrics {
	for _, p := range []*float64{&m.HoldoutAccuracy, &m.HoldoutSeriesAccuracy, &m.HoldoutNLLRaw, &m.HoldoutNLL, &m.HoldoutECE, &m.TrainAccuracy} {
		*p = round(*p, 1e4)
	}
	return m
}
