package classify

import (
	"math"
	"slices"
	"sort"
	"strings"
	"sync"
)

// Entry is a provider catalog entry, as the catalog import and the
// classify command read it. Only Program (and Institution, removed from
// the name where it is repeated) name the field; Degree gives the level.
type Entry struct {
	Institution string `json:"institution"`
	Program     string `json:"program"`
	Degree      string `json:"degree"`
	Format      string `json:"format,omitempty"`
	City        string `json:"city,omitempty"`
	Country     string `json:"country,omitempty"`
	Description string `json:"description,omitempty"`
}

// Prediction is one candidate field of study with its probability.
type Prediction struct {
	CIP         string  `json:"cip"`
	Title       string  `json:"title"`
	Probability float64 `json:"probability"`
}

// Result is what a model says about an entry.
type Result struct {
	// Predictions are the most likely CIP codes, most likely first. Their
	// probabilities are calibrated and then multiplied by Readable, so
	// they sum to at most Readable: the rest is the chance that the model
	// could not read the name at all.
	Predictions []Prediction `json:"predictions"`
	// Readable is the share of the name's field words the model knows,
	// from 0 (an empty or degree-only name, or a script it never saw) to
	// 1.
	Readable float64 `json:"readable"`
	// Degree is the entry's level as DegreeOf reads it; Assess takes the
	// award level from it rather than reading the entry again.
	Degree Degree `json:"-"`
	// Words are the field words read from the name's head, for reasons.
	Words []string `json:"words"`
	// Concentration is the field of the concentration the name gives after
	// its head ("MBA with a concentration in Data Science"), when the
	// model can read one: the first qualifier with known words.
	Concentration *Concentration `json:"concentration,omitempty"`
}

// Concentration is the predicted field of a program's named
// concentration.
type Concentration struct {
	Words      []string   `json:"words"`
	Prediction Prediction `json:"prediction"`
	Readable   float64    `json:"readable"`
}

// Top returns the most likely prediction, and false when there is none.
func (r Result) Top() (Prediction, bool) {
	if len(r.Predictions) == 0 {
		return Prediction{}, false
	}
	return r.Predictions[0], true
}

// Model predicts the field of study of catalog entries. Implementations
// are immutable and safe for concurrent use.
type Model interface {
	Predict(e Entry) Result
	// Version identifies the model: the same training data, config and
	// seed give the same version.
	Version() string
}

// Linear is a multinomial logistic regression over TF-IDF features of the
// program name (see Train). It is immutable once trained or loaded.
type Linear struct {
	meta    Meta
	classes []Class
	bias    []float32
	// Sparse weights by feature: row i holds the classes the feature was
	// seen with in training and their weights, cols[rowStart[i]:rowStart[i+1]].
	hashes   []uint32 // sorted
	idf      []float32
	rowStart []uint32
	cols     []uint16
	vals     []float32
	index    rowIndex // hash → row

	// Precomputed by prepare.
	topBias []uint16
	maxBias float64
	z0      float64
	expBias []float64 // exp((bias - maxBias) / T)
	pool    sync.Pool

	// holdout is kept by Train only (never saved): see Holdout.
	holdout *holdout
}

// Version returns the model's version.
func (m *Linear) Version() string { return m.meta.Version }

// Meta returns the model's metadata.
func (m *Linear) Meta() Meta { return m.meta }

// Classes returns the fields of study the model predicts.
func (m *Linear) Classes() []Class { return m.classes }

// Title returns the title of a CIP code the model predicts, "" if none.
func (m *Linear) Title(cip string) string {
	i := classIndex(m.classes, cip)
	if i < len(m.classes) && m.classes[i].CIP == cip {
		return m.classes[i].Title
	}
	return ""
}

// Predict returns the TopK most likely fields of study of the entry.
func (m *Linear) Predict(e Entry) Result {
	sc := m.pool.Get().(*scratch)
	tb := getTextBuf()
	res := m.predict(e, sc, tb).own()
	putTextBuf(tb)
	m.pool.Put(sc)
	return res
}

// predict is Predict in the buffers: the result's slices live in sc and
// tb, valid until they are used again (see Result.own).
func (m *Linear) predict(e Entry, sc *scratch, tb *textBuf) Result {
	a, whole := tb.analyzeEntry(e.Program, e.Institution)
	res := Result{Degree: tb.degreeOf(e.Degree, whole), Words: a.Field}
	raw := m.meta.Config.Features.extract(a, true, &sc.buf)
	res.Readable = m.readable(raw.words)
	if res.Readable == 0 {
		return res
	}
	m.scores(raw.fs, sc)
	sc.preds = m.top(sc, res.Readable, sc.preds[:0])
	res.Predictions = sc.preds
	for _, words := range a.Concentrations {
		raw := m.meta.Config.Features.extract(Analysis{Field: words}, true, &sc.buf)
		r := m.readable(raw.words)
		if r == 0 {
			continue
		}
		m.scores(raw.fs, sc)
		if sc.concPreds = m.top(sc, r, sc.concPreds[:0]); len(sc.concPreds) > 0 {
			sc.conc = Concentration{Words: words, Prediction: sc.concPreds[0], Readable: r}
			res.Concentration = &sc.conc
		}
		break
	}
	return res
}

// own returns the result with its slices copied out of the buffers they
// were read in.
func (r Result) own() Result {
	r.Predictions = slices.Clone(r.Predictions)
	r.Words = slices.Clone(r.Words)
	if r.Concentration != nil {
		c := *r.Concentration
		c.Words = slices.Clone(c.Words)
		r.Concentration = &c
	}
	return r
}

// readable is the share of word features the model has weights for.
func (m *Linear) readable(words []uint32) float64 {
	if len(words) == 0 {
		return 0
	}
	known := 0
	for _, h := range words {
		if _, ok := m.index.row(h); ok {
			known++
		}
	}
	return float64(known) / float64(len(words))
}

// scratch holds the scores of one prediction. Only the classes a feature
// touches are written (and reset after), so that a prediction costs the
// features' weights, not the number of classes. Between predictions s
// holds the biases and seen is all zero.
type scratch struct {
	s    []float64
	seen []uint8
	// touched lists the classes in the order the features first touch
	// them; its capacity is one more than the classes, so that scores
	// can write the next slot before knowing whether it is taken.
	touched []uint16
	buf     extractBuf
	// preds and concPreds back the predictions of the name and of its
	// concentration, conc the concentration.
	preds, concPreds []Prediction
	conc             Concentration
}

// prepare precomputes what Predict needs besides the weights: the row
// index, the classes with the highest biases (the candidates when no
// feature touches a class) and the partition function of the biases.
func (m *Linear) prepare() {
	m.index = newRowIndex(m.hashes)
	order := make([]int, len(m.bias))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(i, j int) bool { return m.bias[order[i]] > m.bias[order[j]] })
	k := min(max(m.meta.Config.TopK, 1), len(order))
	m.topBias = make([]uint16, k)
	for i := range k {
		m.topBias[i] = uint16(order[i])
	}
	m.maxBias = float64(m.bias[order[0]])
	t := m.temperature()
	m.z0 = 0
	m.expBias = make([]float64, len(m.bias))
	for i, b := range m.bias {
		m.expBias[i] = math.Exp((float64(b) - m.maxBias) / t)
		m.z0 += m.expBias[i]
	}
	n := len(m.classes)
	m.pool.New = func() any {
		sc := &scratch{s: make([]float64, n), seen: make([]uint8, n), touched: make([]uint16, 0, n+1)}
		for c, b := range m.bias {
			sc.s[c] = float64(b)
		}
		return sc
	}
}

func (m *Linear) temperature() float64 {
	if t := m.meta.Temperature; t > 0 {
		return t
	}
	return 1
}

// scores adds the weights of the features' rows to the touched classes.
func (m *Linear) scores(fs []feature, sc *scratch) {
	var norm float64
	type rv struct {
		row int32
		v   float64
	}
	var buf [256]rv
	xs := buf[:0]
	for _, f := range fs {
		r, ok := m.index.row(f.h)
		if !ok {
			continue
		}
		v := f.v * float64(m.idf[r])
		norm += v * v
		xs = append(xs, rv{r, v})
	}
	if norm == 0 {
		return
	}
	inv := 1 / math.Sqrt(norm)
	// The inner loop runs for every weight of every feature (some 2,600
	// for a name) and has no branch on whether a class was touched
	// before, which the processor cannot predict: every class is written
	// to the next slot of touched, which advances only on a first touch,
	// and s already holds the biases.
	s, seen := sc.s, sc.seen
	touched, n := sc.touched[:cap(sc.touched)], len(sc.touched)
	for _, x := range xs {
		v := x.v * inv
		lo, hi := m.rowStart[x.row], m.rowStart[x.row+1]
		vals := m.vals[lo:hi]
		for i, c := range m.cols[lo:hi] {
			touched[n] = c
			n += int(seen[c] ^ 1)
			seen[c] = 1
			s[c] += float64(vals[i]) * v
		}
	}
	sc.touched = touched[:n]
}

// top appends to dst the TopK classes by probability, scaled by readable,
// and resets the scratch. The softmax denominator is the biases' one,
// corrected for the touched classes. It runs once over the touched
// classes (about a quarter of them for a typical name), for the
// denominator and the TopK, whose first is the maximum; none of the terms
// can be skipped, since the scores of a name lie within a few units of
// each other.
func (m *Linear) top(sc *scratch, readable float64, dst []Prediction) []Prediction {
	s, seen, touched, bias := sc.s, sc.seen, sc.touched, m.bias
	defer func() {
		for _, c := range touched {
			seen[c] = 0
			s[c] = float64(bias[c])
		}
		sc.touched = touched[:0]
	}()
	t := m.temperature()

	// The TopK by score, ties in the order seen: the touched classes,
	// then the untouched ones with the highest biases.
	k := max(m.meta.Config.TopK, 1)
	var bestBuf [8]uint16
	var scoreBuf [8]float64
	best, scores := bestBuf[:0], scoreBuf[:0]
	consider := func(c uint16, v float64) {
		if len(best) == k && v <= scores[k-1] {
			return
		}
		j := 0
		for j < len(best) && scores[j] >= v {
			j++
		}
		best, scores = slices.Insert(best, j, c), slices.Insert(scores, j, v)
		if len(best) > k {
			best, scores = best[:k], scores[:k]
		}
	}
	z := m.z0
	expBias := m.expBias
	for _, c := range touched {
		v := s[c]
		z += exp((v-m.maxBias)/t) - expBias[c]
		// The common case, a class below the TopK, without a call.
		if len(best) < k || v > scores[k-1] {
			consider(c, v)
		}
	}
	// The highest score: the best touched one, or the highest bias.
	mx := m.maxBias
	if len(scores) > 0 && scores[0] > mx {
		mx = scores[0]
	}
	z *= exp((m.maxBias - mx) / t)
	for _, c := range m.topBias {
		if seen[c] == 0 {
			consider(c, float64(m.bias[c]))
		}
	}
	for j, c := range best {
		p := exp((scores[j]-mx)/t) / z
		dst = append(dst, Prediction{CIP: m.classes[c].CIP, Title: m.classes[c].Title, Probability: p * readable})
	}
	return dst
}

// softmax turns scores into probabilities in place, at temperature t.
func softmax(s []float64, t float64) {
	if t <= 0 {
		t = 1
	}
	mx := math.Inf(-1)
	for _, v := range s {
		mx = max(mx, v)
	}
	var sum float64
	for i, v := range s {
		s[i] = math.Exp((v - mx) / t)
		sum += s[i]
	}
	for i := range s {
		s[i] /= sum
	}
}

// String describes the model for logs.
func (m *Linear) String() string {
	var b strings.Builder
	b.WriteString("classify.Linear ")
	b.WriteString(m.meta.Version)
	return b.String()
}
